"""Stances and changes with the names pages and the API show, and the actor x topic matrix."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Actor, FacetCount, Topic
from app.queries import stances
from app.queries.stances import Change, Combined, CurrentStance, TagRow
from app.vocabulary import DIM_ACTOR, STANCES

STANCE_ORDER = {s: i for i, s in enumerate(STANCES)}


@dataclass(frozen=True)
class ActorRef:
    """Who an actor is, as pages link to it."""

    id: int
    name: str
    slug: str
    kind: str


@dataclass(frozen=True)
class TopicRef:
    """A topic, as pages link to it."""

    id: int
    slug: str
    name: str
    proposition: str


@dataclass(frozen=True)
class StanceCell:
    """One actor's current stance on one topic."""

    actor: ActorRef
    topic: TopicRef
    stance: CurrentStance


@dataclass(frozen=True)
class ChangeRow:
    """One change of stance, with its actor and topic."""

    actor: ActorRef
    topic: TopicRef
    change: Change


@dataclass(frozen=True)
class TimelineRow:
    """One actor on one topic: its current stance and its article-level stances over time."""

    actor: ActorRef
    stance: CurrentStance
    articles: list[Combined]


@dataclass
class Matrix:
    """Actors against topics: the current stance in each cell that has one."""

    topics: list[TopicRef]
    actors: list[ActorRef]
    cells: dict[tuple[int, int], CurrentStance] = field(default_factory=dict)
    claims: dict[int, int] = field(default_factory=dict)  # per actor, over every topic

    def cell(self, actor_id: int, topic_id: int) -> CurrentStance | None:
        """Return the actor's current stance on the topic, or None."""
        return self.cells.get((actor_id, topic_id))


def list_actor_refs(session: Session, ids: set[int]) -> dict[int, ActorRef]:
    """Return {id: ActorRef} for actor ids."""
    if not ids:
        return {}
    rows = session.execute(
        select(Actor.id, Actor.name, Actor.slug, Actor.kind).where(Actor.id.in_(ids))
    )
    return {i: ActorRef(i, name, slug, kind.value) for i, name, slug, kind in rows}


def list_topic_refs(session: Session, *, include_retired: bool = True) -> dict[int, TopicRef]:
    """Return {id: TopicRef} in taxonomy order."""
    stmt = select(Topic.id, Topic.slug, Topic.name, Topic.proposition).order_by(Topic.id)
    if not include_retired:
        stmt = stmt.where(Topic.retired.is_(False))
    return {i: TopicRef(i, slug, name, prop) for i, slug, name, prop in session.execute(stmt)}


def list_stance_cells(
    session: Session,
    *,
    topic_id: int | None = None,
    actor_id: int | None = None,
    actor_kind: str | None = None,
    as_of: dt.date | None = None,
    current: list[CurrentStance] | None = None,
) -> list[StanceCell]:
    """Return current stances per actor and topic, by actor name then topic.

    current is every pair's stance today, when the caller has it at hand (as_of unset).
    """
    if current is not None and as_of is None:
        found = [
            s for s in current if topic_id in (None, s.topic_id) and actor_id in (None, s.actor_id)
        ]
    else:
        found = stances.list_current_stances(
            session, topic_id=topic_id, actor_id=actor_id, as_of=as_of
        )
    actors = list_actor_refs(session, {s.actor_id for s in found})
    if actor_kind is not None:
        found = [s for s in found if actors[s.actor_id].kind == actor_kind]
    topics = list_topic_refs(session)
    cells = [StanceCell(actors[s.actor_id], topics[s.topic_id], s) for s in found]
    cells.sort(key=lambda c: (c.actor.name.lower(), c.topic.id))
    return cells


def list_change_rows(
    session: Session,
    *,
    topic_id: int | None = None,
    actor_id: int | None = None,
    since: dt.date | None = None,
    limit: int = 200,
) -> list[ChangeRow]:
    """Return stance changes newest first, with their actors and topics."""
    found = stances.list_changes(
        session, topic_id=topic_id, actor_id=actor_id, since=since, limit=limit
    )
    actors = list_actor_refs(session, {c.actor_id for c in found})
    topics = list_topic_refs(session)
    return [ChangeRow(actors[c.actor_id], topics[c.topic_id], c) for c in found]


def list_topic_timeline(session: Session, topic_id: int) -> list[TimelineRow]:
    """Return one row per actor with a claim on the topic, ordered by current stance, name."""
    return get_topic_stances(session, topic_id)[0]


def get_topic_stances(
    session: Session, topic_id: int, *, changes: int = 20, lanes: int | None = None
) -> tuple[list[TimelineRow], list[ChangeRow]]:
    """Return the topic's timeline rows and its newest changes.

    lanes, when given, limits the article stances to the rows of that many actors with the
    most claims (the others come without them): all a timeline draws, and on a large
    archive reading every article of every actor would take seconds.
    """
    current = stances.list_current_stances(session, topic_id=topic_id)
    actors = list_actor_refs(session, {s.actor_id for s in current})
    current.sort(key=lambda s: (STANCE_ORDER[s.current.stance], actors[s.actor_id].name.lower()))
    drawn = [current[i].actor_id for i in busiest([s.claims for s in current], lanes)]
    tags = stances.by_pair(stances.list_tag_rows(session, topic_id=topic_id, actor_ids=drawn))
    rows = [
        TimelineRow(
            actors[s.actor_id], s, stances.article_stances(tags.get((s.actor_id, topic_id), []))
        )
        for s in current
    ]
    found = stances.list_changes(session, topic_id=topic_id, limit=changes)
    topic = list_topic_refs(session)[topic_id]
    return rows, [ChangeRow(actors[c.actor_id], topic, c) for c in found]


def busiest(claims: list[int], n: int | None) -> list[int]:
    """Return the positions of the n largest claim counts, in order (all when n is None).

    The timeline keeps its lanes by this too, so it draws the rows that have articles.
    """
    if n is None or len(claims) <= n:
        return list(range(len(claims)))
    return sorted(sorted(range(len(claims)), key=lambda i: -claims[i])[:n])


def list_actor_timeline(session: Session, actor: ActorRef) -> list[tuple[TopicRef, TimelineRow]]:
    """Return one row per topic the actor has a claim on, in taxonomy order."""
    return get_actor_stances(session, actor)[0]


def get_actor_stances(
    session: Session, actor: ActorRef, *, changes: int = 50
) -> tuple[list[tuple[TopicRef, TimelineRow]], list[ChangeRow]]:
    """Return the actor's row per topic and its newest changes, from one read of its tags."""
    pairs = stances.by_pair(stances.list_tag_rows(session, actor_id=actor.id))
    topics = list_topic_refs(session)
    rows = [
        (topics[topic], _timeline_row(actor, pairs[(actor.id, topic)]))
        for topic in topics
        if (actor.id, topic) in pairs
    ]
    found = [c for tags in pairs.values() for c in stances.find_changes(tags)]
    found.sort(key=stances.change_order, reverse=True)
    return rows, [ChangeRow(actor, topics[c.topic_id], c) for c in found[:changes]]


def _timeline_row(actor: ActorRef, tags: list[TagRow]) -> TimelineRow:
    return TimelineRow(actor, stances.current_stance(tags), stances.article_stances(tags))


SORTS = ("claims", "name")


def get_matrix(
    session: Session,
    *,
    current: list[CurrentStance] | None = None,
    actor_kind: str | None = None,
    only: set[str] | None = None,
    sort: str = "claims",
) -> Matrix:
    """Return the actor x topic matrix; only keeps those actor slugs; sort is SORTS or a slug.

    current is every pair's stance (list_current_stances), when the caller has it at hand.
    """
    found = current if current is not None else stances.list_current_stances(session)
    topics = list(list_topic_refs(session, include_retired=False).values())
    actors = list_actor_refs(session, {s.actor_id for s in found})
    if only is not None:
        actors = {i: a for i, a in actors.items() if a.slug in only}
    if actor_kind is not None:
        actors = {i: a for i, a in actors.items() if a.kind == actor_kind}
    matrix = Matrix(topics, sorted(actors.values(), key=lambda a: a.name.lower()))
    matrix.cells = {(s.actor_id, s.topic_id): s for s in found if s.actor_id in actors}
    matrix.claims = _claim_counts(session, set(actors))
    if sort == "claims":
        matrix.actors.sort(key=lambda a: -matrix.claims[a.id])
    elif sort != "name":
        ids = [t.id for t in topics if t.slug == sort]
        if ids:
            matrix.actors.sort(key=lambda a: _stance_rank(matrix.cell(a.id, ids[0])))
    return matrix


def _claim_counts(session: Session, ids: set[int]) -> dict[int, int]:
    """Return {actor id: active claims} from the maintained counts."""
    stmt = select(FacetCount.key, FacetCount.n).where(
        FacetCount.scope_topic == 0,
        FacetCount.scope_stance == 0,
        FacetCount.dim == DIM_ACTOR,
        FacetCount.key.in_(ids),
    )
    found = {int(k): int(n) for k, n in session.execute(stmt)}
    return {i: found.get(i, 0) for i in ids}


def _stance_rank(cell: CurrentStance | None) -> int:
    return STANCE_ORDER[cell.current.stance] if cell else len(STANCES)
