"""Dataclasses the extractor takes and returns."""

from dataclasses import dataclass

STANCES: tuple[str, ...] = ("supports", "opposes", "mixed", "neutral")
# Where a claim's words come from: inside quotation marks and attributed; reported speech;
# the speaker's own publication; the writer's own words.
PROVENANCES: tuple[str, ...] = ("quote", "reported", "first-party", "narration")
CLAIM_KINDS: tuple[str, ...] = ("position", "assertion", "prediction", "commitment")


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
