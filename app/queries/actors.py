"""Actors: who makes claims, their stance on each topic, and their claim counts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, or_, select, text
from sqlalchemy.orm import Session, selectinload

from app.models import Actor, ActorAlias, FacetCount
from app.queries import stances
from app.queries.tagcodes import ACTOR_KEY_SPAN
from app.queries.topics import StanceMix, list_topics
from app.vocabulary import DIM_ACTOR, DIM_MATRIX, DIM_MATRIX_CONFIRMED


@dataclass(frozen=True)
class ActorSummary:
    """An actor with the number of its active claims."""

    name: str
    slug: str
    kind: str
    claims: int


@dataclass(frozen=True)
class LatestStance:
    """An actor's current stance on a topic, and the first claim behind it."""

    claim_id: int
    stance: str
    status: str
    published_at: dt.datetime


@dataclass(frozen=True)
class TopicStanceRow:
    """One row of an actor's matrix: its claims on a topic, per stance, and its latest stance."""

    topic_slug: str
    topic_name: str
    mix: StanceMix
    latest: LatestStance | None


def get_actor(session: Session, slug: str) -> Actor | None:
    """Return the actor with slug, aliases loaded, or None."""
    stmt = select(Actor).where(Actor.slug == slug).options(selectinload(Actor.aliases))
    return session.scalar(stmt)


def count_actor_claims(session: Session, actor_id: int) -> int:
    """Return the actor's active claims, from the maintained counts."""
    stmt = select(FacetCount.n).where(
        FacetCount.scope_topic == 0,
        FacetCount.scope_stance == 0,
        FacetCount.dim == DIM_ACTOR,
        FacetCount.key == actor_id,
    )
    return int(session.scalar(stmt) or 0)


def list_actors(session: Session, *, q: str | None = None, limit: int = 500) -> list[ActorSummary]:
    """Return actors with their claim counts, most claims first; q matches names and aliases."""
    n = func.coalesce(FacetCount.n, 0)
    stmt = (
        select(Actor.name, Actor.slug, Actor.kind, n)
        .outerjoin(
            FacetCount,
            (FacetCount.scope_topic == 0)
            & (FacetCount.scope_stance == 0)
            & (FacetCount.dim == DIM_ACTOR)
            & (FacetCount.key == Actor.id),
        )
        .order_by(n.desc(), Actor.name)
        .limit(limit)
    )
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        alias_match = select(ActorAlias.actor_id).where(ActorAlias.alias.ilike(pattern))
        stmt = stmt.where(or_(Actor.name.ilike(pattern), Actor.id.in_(alias_match)))
    return [
        ActorSummary(name, slug, kind.value, int(count))
        for name, slug, kind, count in session.execute(stmt)
    ]


def list_topic_stances(session: Session, actor_id: int) -> list[TopicStanceRow]:
    """Return the actor's claims per topic and stance (with confirmed counts) and latest stance."""
    low = actor_id * ACTOR_KEY_SPAN
    rows = session.execute(
        text(
            "SELECT dim, key - :low AS k, n FROM facet_counts WHERE scope_topic = 0"
            f" AND scope_stance = 0 AND dim IN ('{DIM_MATRIX}', '{DIM_MATRIX_CONFIRMED}')"
            " AND key BETWEEN :low AND :high"
        ),
        {"low": low, "high": low + ACTOR_KEY_SPAN - 1},
    )
    cells: dict[int, dict[str, list[int]]] = defaultdict(
        lambda: {DIM_MATRIX: [0, 0, 0, 0], DIM_MATRIX_CONFIRMED: [0, 0, 0, 0]}
    )
    for dim, key, n in rows:
        cells[key >> 2][dim][key & 3] = n
    latest = _latest_stances(session, actor_id)
    return [
        TopicStanceRow(
            t.slug,
            t.name,
            StanceMix(tuple(cells[t.id][DIM_MATRIX]), tuple(cells[t.id][DIM_MATRIX_CONFIRMED])),
            latest.get(t.id),
        )
        for t in list_topics(session)
        if t.id in cells
    ]


def _latest_stances(session: Session, actor_id: int) -> dict[int, LatestStance]:
    """Return {topic id: the actor's current stance on it} (queries/stances.py)."""
    found = {}
    for current in stances.list_current_stances(session, actor_id=actor_id):
        now = current.current
        at = dt.datetime.combine(now.day, dt.time(), dt.UTC)
        status = "confirmed" if now.confirmed else "suggested"
        found[current.topic_id] = LatestStance(now.claim_ids[0], now.stance, status, at)
    return found
