"""Pure text -> claims extraction: no I/O, no database, no network."""

from app.extract.gazetteer import ACTOR_KINDS, DEFAULT_ACTORS, ActorSpec
from app.extract.model import PROVENANCES, Article, ClaimCandidate, TopicSuggestion
from app.extract.pipeline import EXTRACTOR_VERSION, MAX_CLAIMS, extract
from app.extract.taxonomy import DEFAULT_TOPICS, TopicSpec
from app.extract.voice import Voice
from app.extract.voice import decide as article_voice

__all__ = [
    "ACTOR_KINDS",
    "DEFAULT_ACTORS",
    "DEFAULT_TOPICS",
    "EXTRACTOR_VERSION",
    "MAX_CLAIMS",
    "PROVENANCES",
    "Voice",
    "article_voice",
    "ActorSpec",
    "Article",
    "ClaimCandidate",
    "TopicSpec",
    "TopicSuggestion",
    "extract",
]
