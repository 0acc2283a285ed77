"""The vocabularies the database, the extractor, the queries and the web share, defined once.

The order of each enum is the order of the PostgreSQL enum type migration 0001 creates, and
the stance and kind orders are storage contracts: migration 0002 packs a stance tag into a
tag code (`pack_tag`) and counts kinds by index. tests/test_vocabulary.py compares every
value here with the migrations and the models, so reordering one copy fails a test.

Pure Python: the extractor (which must not import queries/ or web/) imports it too.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class SourceKind(enum.StrEnum):
    feed = "feed"
    page = "page"
    upload = "upload"
    manual = "manual"


class ActorKind(enum.StrEnum):
    lab = "lab"
    government = "government"
    agency = "agency"
    legislature = "legislature"
    international_body = "international body"
    person = "person"
    ngo = "NGO"
    group = "group"
    other = "other"


class ClaimKind(enum.StrEnum):
    position = "position"
    assertion = "assertion"
    prediction = "prediction"
    commitment = "commitment"


class ClaimStatus(enum.StrEnum):
    active = "active"
    not_a_claim = "not-a-claim"


class Stance(enum.StrEnum):
    supports = "supports"
    opposes = "opposes"
    mixed = "mixed"
    neutral = "neutral"


class TagStatus(enum.StrEnum):
    suggested = "suggested"
    confirmed = "confirmed"
    rejected = "rejected"


class Role(enum.StrEnum):
    viewer = "viewer"
    editor = "editor"
    admin = "admin"


class Provenance(enum.StrEnum):
    """Where a claim's words come from (a CHECK on claims.provenance, migration 0005)."""

    quote = "quote"  # inside quotation marks and attributed
    reported = "reported"  # reported speech
    first_party = "first-party"  # the speaker's own publication
    narration = "narration"  # the writer's own words


STANCES: tuple[str, ...] = tuple(s.value for s in Stance)
CLAIM_KINDS: tuple[str, ...] = tuple(k.value for k in ClaimKind)
ACTOR_KINDS: tuple[str, ...] = tuple(k.value for k in ActorKind)
CLAIM_STATUSES: tuple[str, ...] = tuple(s.value for s in ClaimStatus)
TAG_STATUSES: tuple[str, ...] = tuple(s.value for s in TagStatus)
PROVENANCES: tuple[str, ...] = tuple(p.value for p in Provenance)
# The review states a reader filters claims by (`?status=`): a claim with a suggested or a
# confirmed tag, one with no tag, one an editor marked as not a claim.
REVIEW_STATES: tuple[str, ...] = ("suggested", "confirmed", "untagged", "not-a-claim")

# The dimensions of facet_counts and actor_facet_counts: what each row counts (migration 0002
# documents and maintains them; tests/queries/test_filters.py reads them there).
DIM_TOTAL = "n"  # key 0: every claim of the scope
DIM_TOPIC = "t"  # key: topic id
DIM_STANCE = "s"  # key: stance index
DIM_CONFIRMED = "c"  # key: stance index, confirmed tags only
DIM_ACTOR = "a"  # key: actor id
DIM_KIND = "k"  # key: kind index
DIM_REVIEW = "r"  # key: 0 suggested, 1 confirmed, 2 no tag
DIM_MONTH = "m"  # key: month * 8 + stance (7: all)
DIM_MATRIX = "x"  # key: actor * 16384 + topic * 4 + stance
DIM_MATRIX_CONFIRMED = "y"  # as DIM_MATRIX, confirmed tags only
DIM_PROVENANCE = "p"  # key: provenance index (migration 0010)
FACET_DIMS = (
    DIM_TOTAL,
    DIM_TOPIC,
    DIM_STANCE,
    DIM_CONFIRMED,
    DIM_ACTOR,
    DIM_KIND,
    DIM_REVIEW,
    DIM_MONTH,
    DIM_MATRIX,
    DIM_MATRIX_CONFIRMED,
    DIM_PROVENANCE,
)

# Tag code layout (migration 0002, gc_tag_code): topic_id * 8 + 4 * confirmed + stance index.
TOPIC_STRIDE = 8
CONFIRMED_BIT = 4
STANCE_MASK = 3


@dataclass(frozen=True)
class TagCode:
    """One decoded tag code."""

    topic_id: int
    stance: str
    confirmed: bool

    @property
    def status(self) -> str:
        """Return the review status the code carries."""
        return TagStatus.confirmed.value if self.confirmed else TagStatus.suggested.value


def pack_tag(topic_id: int, stance: str, confirmed: bool) -> int:
    """Return the claims.tags code of one stance tag."""
    return topic_id * TOPIC_STRIDE + (CONFIRMED_BIT if confirmed else 0) + STANCES.index(stance)


def pack_tag_index(topic_id: int, stance_index: int, confirmed: bool) -> int:
    """Return the tag code of a stance given by its index in STANCES."""
    return topic_id * TOPIC_STRIDE + (CONFIRMED_BIT if confirmed else 0) + stance_index


def unpack_tag(code: int) -> TagCode:
    """Split a tag code into topic, stance and confirmation."""
    return TagCode(
        topic_id=code // TOPIC_STRIDE,
        stance=STANCES[code & STANCE_MASK],
        confirmed=bool(code & CONFIRMED_BIT),
    )


def topic_codes(topic_id: int) -> list[int]:
    """Return every tag code a claim tagged with topic_id may carry."""
    return [topic_id * TOPIC_STRIDE + i for i in range(TOPIC_STRIDE)]
