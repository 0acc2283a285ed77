"""Topics: the propositions stances are taken on, and their maintained counts."""

from __future__ import annotations

import datetime as dt
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.models import Actor, Topic
from app.queries import stances
from app.queries.tagcodes import month_start
from app.vocabulary import DIM_CONFIRMED, DIM_MONTH, DIM_STANCE, STANCES


@dataclass(frozen=True)
class StanceMix:
    """Claims per stance, and how many of them an editor has confirmed."""

    counts: tuple[int, ...] = (0, 0, 0, 0)
    confirmed: tuple[int, ...] = (0, 0, 0, 0)

    @property
    def total(self) -> int:
        """Return the claims behind the mix."""
        return sum(self.counts)

    @property
    def confirmed_total(self) -> int:
        """Return the confirmed claims behind the mix."""
        return sum(self.confirmed)

    def items(self) -> list[tuple[str, int, int]]:
        """Return (stance, claims, confirmed) in stance order."""
        return list(zip(STANCES, self.counts, self.confirmed, strict=True))


@dataclass(frozen=True)
class TopicSummary:
    """A topic with its stance distribution."""

    topic: Topic
    mix: StanceMix


@dataclass(frozen=True)
class MonthStances:
    """Claims on a topic in one month, per stance."""

    month: dt.date
    counts: tuple[int, ...]


@dataclass(frozen=True)
class ActorStanceRow:
    """An actor's claims on one topic, per stance."""

    name: str
    slug: str
    mix: StanceMix
    stance: str  # its current stance, as queries/stances.py defines it


@dataclass
class ActorGroups:
    """Actors on a topic grouped by their current stance."""

    groups: dict[str, list[ActorStanceRow]] = field(default_factory=dict)
    more: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class TopicInfo:
    id: int
    slug: str
    name: str
    retired: bool
    proposition: str = ""  # what a stance on it agrees or disagrees with


class TopicCatalogue:
    """Every topic, read once per process and again only after a write to the data.

    Filters, facets and rows all name topics, two or three times a request. The key is the
    data version with the transaction that last moved it: a version number alone can come
    round again after a rolled-back write (every test does that), the pair cannot.
    """

    def __init__(self) -> None:
        self._stamp: tuple[int, str] | None = None
        self._infos: dict[int, TopicInfo] = {}
        self._lock = threading.Lock()

    def get(self, session: Session) -> dict[int, TopicInfo]:
        """Return every topic by id, as of the session's view of the data."""
        version, writer = session.execute(
            text("SELECT version, xmin::text FROM data_version WHERE id = 1")
        ).one()
        with self._lock:
            if self._stamp == (version, writer):
                return self._infos
        rows = session.execute(
            text("SELECT id, slug, name, retired, proposition FROM topics ORDER BY id")
        )
        infos = {r.id: TopicInfo(r.id, r.slug, r.name, r.retired, r.proposition) for r in rows}
        with self._lock:
            self._stamp, self._infos = (version, writer), infos
        return infos


_CATALOGUE = TopicCatalogue()


def list_topic_infos(session: Session) -> dict[int, TopicInfo]:
    """Return every topic by id (a few dozen rows), from the per-process catalogue."""
    return _CATALOGUE.get(session)


def list_topics(session: Session, *, include_retired: bool = True) -> list[Topic]:
    """Return topics in taxonomy order."""
    stmt = select(Topic).order_by(Topic.id)
    if not include_retired:
        stmt = stmt.where(Topic.retired.is_(False))
    return list(session.scalars(stmt))


def get_topic(session: Session, slug: str) -> Topic | None:
    """Return the topic with slug, or None."""
    return session.scalar(select(Topic).where(Topic.slug == slug))


def list_topic_summaries(session: Session) -> list[TopicSummary]:
    """Return every topic with its stance mix, read from the maintained counts."""
    rows = session.execute(
        text(
            "SELECT scope_topic, dim, key, n FROM facet_counts"
            " WHERE scope_topic > 0 AND scope_stance = 0"
            f" AND dim IN ('{DIM_STANCE}', '{DIM_CONFIRMED}')"
        )
    )
    per_topic: dict[int, dict[str, list[int]]] = defaultdict(
        lambda: {DIM_STANCE: [0, 0, 0, 0], DIM_CONFIRMED: [0, 0, 0, 0]}
    )
    for topic_id, dim, key, n in rows:
        per_topic[topic_id][dim][key] = n
    return [
        TopicSummary(
            topic, _mix(per_topic[topic.id][DIM_STANCE], per_topic[topic.id][DIM_CONFIRMED])
        )
        for topic in list_topics(session)
    ]


def get_stance_mix(session: Session, topic_id: int) -> StanceMix:
    """Return the stance distribution of the claims on one topic."""
    rows = session.execute(
        text(
            "SELECT dim, key, n FROM facet_counts WHERE scope_topic = :t AND scope_stance = 0"
            f" AND dim IN ('{DIM_STANCE}', '{DIM_CONFIRMED}')"
        ),
        {"t": topic_id},
    )
    found: dict[str, list[int]] = {DIM_STANCE: [0, 0, 0, 0], DIM_CONFIRMED: [0, 0, 0, 0]}
    for dim, key, n in rows:
        found[dim][key] = n
    return _mix(found[DIM_STANCE], found[DIM_CONFIRMED])


def list_monthly_stances(session: Session, topic_id: int) -> list[MonthStances]:
    """Return claims per month and stance on a topic, with empty months filled in."""
    rows = session.execute(
        text(
            "SELECT key >> 3 AS month, key & 7 AS stance, n FROM facet_counts"
            f" WHERE scope_topic = :t AND scope_stance = 0 AND dim = '{DIM_MONTH}' AND n > 0"
        ),
        {"t": topic_id},
    )
    months: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for month, stance, n in rows:
        if stance < 4:
            months[month][stance] = n
    if not months:
        return []
    first, last = min(months), max(months)
    return [
        MonthStances(month_start(m), tuple(months.get(m, [0, 0, 0, 0])))
        for m in range(first, last + 1)
    ]


def list_actor_groups(session: Session, topic_id: int, *, per_group: int = 12) -> ActorGroups:
    """Return actors on a topic grouped by their current stance (queries/stances.py)."""
    found = stances.list_current_stances(session, topic_id=topic_id)
    names = _actor_names(session, [s.actor_id for s in found])
    result = ActorGroups({s: [] for s in STANCES}, {s: 0 for s in STANCES})
    found.sort(key=lambda s: (-s.claims, names[s.actor_id][0]))
    for current in found:
        stance = current.current.stance
        if len(result.groups[stance]) < per_group:
            name, slug = names[current.actor_id]
            mix = StanceMix(current.counts, current.confirmed_counts)
            result.groups[stance].append(ActorStanceRow(name, slug, mix, stance))
        else:
            result.more[stance] += 1
    return result


def _actor_names(session: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    """Return {actor id: (name, slug)} for ids."""
    if not ids:
        return {}
    rows = session.execute(select(Actor.id, Actor.name, Actor.slug).where(Actor.id.in_(ids)))
    return {actor_id: (name, slug) for actor_id, name, slug in rows}


def _mix(counts: list[int], confirmed: list[int]) -> StanceMix:
    return StanceMix(tuple(counts), tuple(confirmed))
