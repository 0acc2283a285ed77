"""Pure text -> claims extraction: no I/O, no database, no network."""

from app.extract.gazetteer import ACTOR_KINDS, DEFAULT_ACTORS, ActorSpec
from app.extract.model import Article, ClaimCandidate, TopicSuggestion
from app.extract.pipeline import EXTRACTOR_VERSION, extract
from app.extract.taxonomy import DEFAULT_TOPICS, TopicSpec

__all__ = [
    "ACTOR_KINDS",
    "DEFAULT_ACTORS",
    "DEFAULT_TOPICS",
    "EXTRACTOR_VERSION",
    "ActorSpec",
    "Article",
    "ClaimCandidate",
    "TopicSpec",
    "TopicSuggestion",
    "extract",
]
