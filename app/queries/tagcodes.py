"""Tag codes and facet keys: the packed integers claims.tags and facet_counts use.

A tag code is topic_id * 8 + 4 * confirmed + stance index; an actor matrix key is
actor_id * 16384 + topic_id * 4 + stance index; a month key is months since 1970-01
* 8 + stance index (7 = all stances). See migration 0002 for the layout.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

STANCES: tuple[str, ...] = ("supports", "opposes", "mixed", "neutral")
KINDS: tuple[str, ...] = ("position", "assertion", "prediction", "commitment")
REVIEW: tuple[str, ...] = ("suggested", "confirmed", "untagged")
ACTOR_KEY_SPAN = 16384


@dataclass(frozen=True)
class TagCode:
    """One decoded tag code."""

    topic_id: int
    stance: str
    confirmed: bool

    @property
    def status(self) -> str:
        """Return the review status the code carries."""
        return "confirmed" if self.confirmed else "suggested"


def decode_tag(code: int) -> TagCode:
    """Split a tag code into topic, stance and confirmation."""
    return TagCode(topic_id=code >> 3, stance=STANCES[code & 3], confirmed=bool(code & 4))


def topic_codes(topic_id: int) -> list[int]:
    """Return every tag code a claim tagged with topic_id may carry."""
    return [topic_id * 8 + i for i in range(8)]


def month_index(day: dt.date) -> int:
    """Return months since January 1970 for day."""
    return (day.year - 1970) * 12 + day.month - 1


def month_start(index: int) -> dt.date:
    """Return the first day of the month with the given index."""
    return dt.date(1970 + index // 12, index % 12 + 1, 1)
