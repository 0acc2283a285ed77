"""Reads of the per-day and per-pair stance tallies that triggers keep (migration 0008).

They hold counts and bit masks only; what a mask means is decided in stances.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

BATCH = 500  # day steps read at a time; most are changes, so one batch usually does


@dataclass(frozen=True)
class PairTally:
    """An actor's tags on a topic per stance, and the day its current stance rests on."""

    actor_id: int
    topic_id: int
    counts: tuple[int, ...]
    confirmed_counts: tuple[int, ...]
    day: dt.date


@dataclass(frozen=True)
class DayStep:
    """A day whose stance mask differs from that of the actor's previous day on the topic."""

    actor_id: int
    topic_id: int
    day: dt.date
    kept: int
    prev_day: dt.date
    prev_kept: int


def list_pair_tallies(
    session: Session,
    *,
    topic_id: int | None = None,
    actor_id: int | None = None,
    actor_kind: str | None = None,
) -> list[PairTally]:
    """Return the tallies of every (actor, topic) pair the filters match."""
    where, params = _filters(topic_id=topic_id, actor_id=actor_id)
    join = ""
    if actor_kind is not None:
        join = "JOIN actors a ON a.id = p.actor_id AND a.kind = CAST(:kind AS actor_kind)"
        params["kind"] = actor_kind
    sql = (
        "SELECT p.actor_id, p.topic_id, p.s0, p.s1, p.s2, p.s3, p.c0, p.c1, p.c2, p.c3,"
        f" p.current_day FROM stance_pairs p {join} WHERE true{where}"
        " ORDER BY p.actor_id, p.topic_id"
    )
    return [
        PairTally(r[0], r[1], tuple(r[2:6]), tuple(r[6:10]), r[10])
        for r in session.execute(text(sql), params).all()
    ]


def iter_day_steps(
    session: Session,
    *,
    topic_id: int | None = None,
    actor_id: int | None = None,
    since: dt.date | None = None,
) -> Iterator[DayStep]:
    """Yield the days whose mask differs from the previous day's, newest day first."""
    where, params = _filters(topic_id=topic_id, actor_id=actor_id)
    if since is not None:
        where += " AND p.day >= :since"
        params["since"] = since
    sql = (
        "SELECT p.actor_id, p.topic_id, p.day, p.kept, p.prev_day, p.prev_kept"
        f" FROM stance_days p WHERE p.prev_kept <> p.kept{where}"
        " ORDER BY p.day DESC, p.actor_id, p.topic_id LIMIT :limit OFFSET :offset"
    )
    offset = 0
    while True:
        rows = session.execute(text(sql), {**params, "limit": BATCH, "offset": offset}).all()
        yield from (DayStep(*r) for r in rows)
        if len(rows) < BATCH:
            return
        offset += BATCH


def _filters(*, topic_id: int | None, actor_id: int | None) -> tuple[str, dict[str, object]]:
    where, params = "", dict[str, object]()
    if topic_id is not None:
        where += " AND p.topic_id = :topic"
        params["topic"] = topic_id
    if actor_id is not None:
        where += " AND p.actor_id = :actor"
        params["actor"] = actor_id
    return where, params
