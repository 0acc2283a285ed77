"""Facet keys: the packed integers facet_counts and actor_facet_counts use.

A tag code (claims.tags) is packed and unpacked by app.vocabulary; an actor matrix key is
actor_id * 16384 + topic_id * 4 + stance index; a month key is months since 1970-01
* 8 + stance index (7 = all stances). See migration 0002 for the layout.
"""

from __future__ import annotations

import datetime as dt

ACTOR_KEY_SPAN = 16384


def month_index(day: dt.date) -> int:
    """Return months since January 1970 for day."""
    return (day.year - 1970) * 12 + day.month - 1


def month_start(index: int) -> dt.date:
    """Return the first day of the month with the given index."""
    return dt.date(1970 + index // 12, index % 12 + 1, 1)
