"""The stance tallies worked out from scratch by the definition, to compare with the kept ones."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.queries import stances
from app.vocabulary import STANCES

Tallies = tuple[
    dict[tuple[int, int], tuple[object, ...]], dict[tuple[object, ...], tuple[object, ...]]
]


def _mask(rows: list[stances.TagRow]) -> int:
    kept = [r for r in rows if r.confirmed] or rows
    return sum(1 << STANCES.index(s) for s in {r.stance for r in kept})


def recount(session: Session) -> Tallies:
    """Return ({pair: counts and current day}, {(actor, topic, day): counts, mask, previous})."""
    pairs: dict[tuple[int, int], tuple[object, ...]] = {}
    days: dict[tuple[object, ...], tuple[object, ...]] = {}
    for (actor, topic), rows in stances.by_pair(stances.list_tag_rows(session)).items():
        now = stances.current_stance(rows)
        pairs[(actor, topic)] = (*now.counts, *now.confirmed_counts, now.current.day)
        per_day: dict[dt.date, list[stances.TagRow]] = {}
        for r in rows:
            per_day.setdefault(r.day, []).append(r)
        previous: tuple[dt.date | None, int | None] = (None, None)
        for day in sorted(per_day):
            found = per_day[day]
            counts = [sum(r.stance == s for r in found) for s in STANCES]
            confirmed = [sum(r.stance == s and r.confirmed for r in found) for s in STANCES]
            days[(actor, topic, day)] = (*counts, *confirmed, _mask(found), *previous)
            previous = (day, _mask(found))
    return pairs, days


def maintained(session: Session) -> Tallies:
    """Return the tallies the triggers keep, in recount's shape."""
    counts = "s0, s1, s2, s3, c0, c1, c2, c3"
    pairs = {
        (r[0], r[1]): tuple(r[2:])
        for r in session.execute(
            text(f"SELECT actor_id, topic_id, {counts}, current_day FROM stance_pairs")
        )
    }
    days = {
        tuple(r[:3]): tuple(r[3:])
        for r in session.execute(
            text(
                f"SELECT actor_id, topic_id, day, {counts}, kept, prev_day, prev_kept"
                " FROM stance_days"
            )
        )
    }
    return pairs, days
