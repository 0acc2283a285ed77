"""Dataclasses the extractor takes and returns."""

from dataclasses import dataclass

# Re-exported for the extractor's modules; the vocabularies are defined in app.vocabulary.
from app.vocabulary import CLAIM_KINDS as CLAIM_KINDS
from app.vocabulary import PROVENANCES as PROVENANCES
from app.vocabulary import STANCES as STANCES


@dataclass(frozen=True)
class Article:
    """An article's plain text with what is known about it."""

    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None  # the publisher
    authors: tuple[str, ...] = ()  # the byline, in order
    speaks_for: str | None = None  # set by an editor on a source: whom its texts speak for


@dataclass(frozen=True)
class TopicSuggestion:
    """A suggested topic and stance for a claim, with the evidence behind it."""

    topic: str
    stance: str
    evidence: str
    confidence: float


@dataclass(frozen=True)
class ClaimCandidate:
    """A claim found in an article: a span of its text and what the rules made of it."""

    start: int
    end: int
    text: str
    actor: str | None
    actor_kind: str | None
    kind: str
    topics: tuple[TopicSuggestion, ...]
    evidence: str
    confidence: float
    provenance: str = "narration"
