"""The one definition of an actor's stance on a topic, and of a change of stance.

Every page, the API and the exports read stances through this module, so they cannot
break ties differently. The rules (explained to readers at /help/stances):

1. The claims of one article on one topic combine into one article-level stance: all
   alike give that stance; supports with opposes, or any mixed, give mixed (a split when
   supports meets opposes); neutral only when nothing else is said.
2. Editors' decisions outrank suggestions: where an editor has confirmed any tag of an
   actor on a topic, the machine's suggestions are left out of its current stance.
3. The latest date wins; the articles of the same (UTC) date combine as in rule 1.

A change is the day-level stance differing between two dates in a row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.queries import stance_tallies as tallies
from app.vocabulary import STANCES, topic_codes

EXPLANATION_URL = "/help/stances"
SENTENCE = (
    "An actor's stance is that of its latest dated claims on the topic, editors' decisions"
    " outranking machine suggestions; claims of the same article or date combine."
)


class TagRow(NamedTuple):
    """One non-rejected stance tag of an attributed, active claim."""

    actor_id: int
    topic_id: int
    article_id: int
    day: dt.date
    claim_id: int
    stance: str
    confirmed: bool


class Combined(NamedTuple):
    """Claims combined into one stance (an article's, a day's or an actor's)."""

    stance: str
    confirmed: bool  # rests on editors' decisions only
    split: bool  # supports met opposes
    day: dt.date
    claim_ids: tuple[int, ...]
    article_ids: tuple[int, ...]


@dataclass(frozen=True)
class CurrentStance:
    """An actor's current stance on a topic, with the claim counts behind the pair."""

    actor_id: int
    topic_id: int
    current: Combined
    counts: tuple[int, ...]  # claims per stance (supports, opposes, mixed, neutral)
    confirmed_counts: tuple[int, ...]

    @property
    def claims(self) -> int:
        """Return the actor's claims on the topic."""
        return sum(self.counts)


@dataclass(frozen=True)
class Change:
    """An actor's day-level stance differing from the one of its previous date."""

    actor_id: int
    topic_id: int
    before: Combined
    after: Combined

    @property
    def confirmed(self) -> bool:
        """Return whether both sides rest on editors' decisions."""
        return self.before.confirmed and self.after.confirmed


def combine_stances(stances: Iterable[str]) -> tuple[str, bool]:
    """Return the stance that stances combine into, and whether supports met opposes."""
    found = set(stances)
    split = {"supports", "opposes"} <= found
    if split or "mixed" in found:
        return "mixed", split
    for stance in ("supports", "opposes"):
        if stance in found:
            return stance, False
    if "neutral" in found:
        return "neutral", False
    raise ValueError("no stance to combine")


def combine(rows: Sequence[TagRow]) -> Combined:
    """Combine tags of one actor on one topic, confirmed ones outranking suggestions."""
    kept = [r for r in rows if r.confirmed] or list(rows)
    stance, split = combine_stances(r.stance for r in kept)
    return Combined(
        stance=stance,
        confirmed=kept[0].confirmed,
        split=split,
        day=max(r.day for r in kept),
        claim_ids=tuple(sorted({r.claim_id for r in kept})),
        article_ids=tuple(sorted({r.article_id for r in kept})),
    )


def article_stances(rows: Sequence[TagRow]) -> list[Combined]:
    """Return the article-level stances of one actor on one topic, oldest first."""
    return _grouped(rows, lambda r: (r.day, r.article_id))


def day_stances(rows: Sequence[TagRow]) -> list[Combined]:
    """Return the day-level stances of one actor on one topic, oldest first."""
    return _grouped(rows, lambda r: (r.day, 0))


def current_stance(rows: Sequence[TagRow]) -> CurrentStance:
    """Return the stance of one actor on one topic: latest date, confirmed over suggested."""
    kept = [r for r in rows if r.confirmed] or list(rows)
    latest = max(r.day for r in kept)
    counts, confirmed = [0, 0, 0, 0], [0, 0, 0, 0]
    for r in rows:
        counts[STANCES.index(r.stance)] += 1
        confirmed[STANCES.index(r.stance)] += r.confirmed
    return CurrentStance(
        rows[0].actor_id,
        rows[0].topic_id,
        combine([r for r in kept if r.day == latest]),
        tuple(counts),
        tuple(confirmed),
    )


def find_changes(rows: Sequence[TagRow]) -> list[Change]:
    """Return the changes of one actor on one topic, oldest first."""
    days = day_stances(rows)
    return [
        Change(rows[0].actor_id, rows[0].topic_id, before, after)
        for before, after in zip(days, days[1:], strict=False)
        if before.stance != after.stance
    ]


def _grouped(
    rows: Sequence[TagRow], key: Callable[[TagRow], tuple[dt.date, int]]
) -> list[Combined]:
    groups: dict[tuple[dt.date, int], list[TagRow]] = defaultdict(list)
    for r in rows:
        groups[key(r)].append(r)
    return [combine(groups[k]) for k in sorted(groups)]


def by_pair(rows: Iterable[TagRow]) -> dict[tuple[int, int], list[TagRow]]:
    """Group tag rows per (actor id, topic id)."""
    pairs: dict[tuple[int, int], list[TagRow]] = defaultdict(list)
    for r in rows:
        pairs[(r.actor_id, r.topic_id)].append(r)
    return pairs


# One row per tag; claims.tags holds every non-rejected tag as topic * 8 + 4 * confirmed
# + stance, so no join with stance_tags is needed.
_ROWS = """
SELECT c.actor_id, x >> 3, c.article_id, (c.published_at AT TIME ZONE 'UTC')::date,
       c.id, x & 3, (x & 4) = 4
  FROM claims c {join}, unnest(c.tags) x
 WHERE c.status = 'active' AND c.actor_id IS NOT NULL AND c.tags <> '{{}}' {where}
"""


def list_tag_rows(
    session: Session,
    *,
    topic_id: int | None = None,
    actor_id: int | None = None,
    actor_ids: Sequence[int] | None = None,
    actor_kind: str | None = None,
    as_of: dt.date | None = None,
    confirmed_only: bool = False,
) -> list[TagRow]:
    """Return the tag rows the stance rules read, filtered."""
    where: list[str] = []
    join = ""
    params: dict[str, object] = {}
    if topic_id is not None:
        where.append("c.tags && CAST(:codes AS smallint[]) AND x >> 3 = :topic")
        params.update(codes=topic_codes(topic_id), topic=topic_id)
    if actor_id is not None:
        where.append("c.actor_id = :actor")
        params["actor"] = actor_id
    if actor_ids is not None:
        where.append("c.actor_id = ANY(:actors)")
        params["actors"] = list(actor_ids)
    if actor_kind is not None:
        join = "JOIN actors a ON a.id = c.actor_id AND a.kind = CAST(:kind AS actor_kind)"
        params["kind"] = actor_kind
    if as_of is not None:
        where.append("c.published_at < :before")
        params["before"] = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(), dt.UTC)
    if confirmed_only:
        # Through the tags index: only claims with a confirmed tag on some topic.
        where.append(
            "(x & 4) = 4 AND c.tags && ARRAY(SELECT (t.id * 8 + g)::smallint"
            " FROM topics t, generate_series(4, 7) g)"
        )
    sql = _ROWS.format(join=join, where="".join(f" AND {w}" for w in where))
    # .all() fetches in one go; iterating the result would fetch row by row.
    found = session.execute(text(sql), params).all()
    return [TagRow(a, t, art, day, cid, STANCES[s], conf) for a, t, art, day, cid, s, conf in found]


# The tags of given (actor, topic, day) keys; LATERAL, so that each key is one short walk
# of the index on (actor, published_at) rather than a join over every claim (OFFSET 0
# keeps the planner from turning it back into one).
_ROWS_ON = """
SELECT k.actor_id, k.topic_id, c.article_id, k.day, c.id, x & 3, (x & 4) = 4
  FROM unnest(CAST(:actors AS integer[]), CAST(:topics AS smallint[]), CAST(:days AS date[]))
       AS k (actor_id, topic_id, day)
 CROSS JOIN LATERAL (
       SELECT c.id, c.article_id, c.tags FROM claims c
        WHERE c.actor_id = k.actor_id AND c.status = 'active'
          AND c.published_at >= k.day::timestamp AT TIME ZONE 'UTC'
          AND c.published_at < (k.day + 1)::timestamp AT TIME ZONE 'UTC'
       OFFSET 0) c,
       unnest(c.tags) x
 WHERE x >> 3 = k.topic_id
"""


def list_tag_rows_on(session: Session, keys: Iterable[tuple[int, int, dt.date]]) -> list[TagRow]:
    """Return the tag rows of the given (actor id, topic id, day) keys."""
    unique = sorted(set(keys))
    if not unique:
        return []
    actors, topics, days = (list(column) for column in zip(*unique, strict=True))
    found = session.execute(text(_ROWS_ON), {"actors": actors, "topics": topics, "days": days})
    return [
        TagRow(a, t, art, day, cid, STANCES[s], conf)
        for a, t, art, day, cid, s, conf in found.all()
    ]


def list_current_stances(
    session: Session,
    *,
    topic_id: int | None = None,
    actor_id: int | None = None,
    actor_kind: str | None = None,
    as_of: dt.date | None = None,
) -> list[CurrentStance]:
    """Return the current stance of every (actor, topic) pair the filters match.

    Today's stances start from the maintained tallies (migration 0008), which say which day
    each stance rests on, and apply the rules to that day's tags only; a past date's
    (as_of) are worked out from every tag up to it.
    """
    if as_of is not None:
        rows = list_tag_rows(
            session, topic_id=topic_id, actor_id=actor_id, actor_kind=actor_kind, as_of=as_of
        )
        return [current_stance(pair) for pair in by_pair(rows).values()]
    pairs = tallies.list_pair_tallies(
        session, topic_id=topic_id, actor_id=actor_id, actor_kind=actor_kind
    )
    days = by_key(list_tag_rows_on(session, [(p.actor_id, p.topic_id, p.day) for p in pairs]))
    return [
        CurrentStance(
            p.actor_id,
            p.topic_id,
            combine(days[(p.actor_id, p.topic_id, p.day)]),
            p.counts,
            p.confirmed_counts,
        )
        for p in pairs
    ]


def list_changes(
    session: Session,
    *,
    topic_id: int | None = None,
    actor_id: int | None = None,
    since: dt.date | None = None,
    limit: int = 200,
) -> list[Change]:
    """Return stance changes, newest first; since keeps those whose later date is on or after.

    The maintained tallies name the days whose stance mask differs from the day before;
    the rules decide which of those are changes, newest day first, until the limit is
    reached with every change of its last day.
    """
    found: list[tallies.DayStep] = []
    for step in tallies.iter_day_steps(session, topic_id=topic_id, actor_id=actor_id, since=since):
        if len(found) >= limit and step.day < found[-1].day:
            break
        if mask_stance(step.prev_kept) != mask_stance(step.kept):
            found.append(step)
    keys = [(s.actor_id, s.topic_id, d) for s in found for d in (s.prev_day, s.day)]
    days = by_key(list_tag_rows_on(session, keys))
    changes = [
        Change(
            s.actor_id,
            s.topic_id,
            combine(days[(s.actor_id, s.topic_id, s.prev_day)]),
            combine(days[(s.actor_id, s.topic_id, s.day)]),
        )
        for s in found
    ]
    changes.sort(key=change_order, reverse=True)
    return changes[:limit]


def mask_stance(mask: int) -> str:
    """Return the stance that a set of stances (bit 1 << index per stance) combines into."""
    return combine_stances(s for i, s in enumerate(STANCES) if mask & (1 << i))[0]


def by_key(rows: Iterable[TagRow]) -> dict[tuple[int, int, dt.date], list[TagRow]]:
    """Group tag rows per (actor id, topic id, day)."""
    keyed: dict[tuple[int, int, dt.date], list[TagRow]] = defaultdict(list)
    for r in rows:
        keyed[(r.actor_id, r.topic_id, r.day)].append(r)
    return keyed


def change_order(change: Change) -> tuple[dt.date, int, int, int]:
    """Sort key of changes: by the later date, then by its newest claim (actor, topic last).

    One claim tagged on two topics can end two changes; actor and topic make the order
    total, so every page, feed and check lists the same changes in the same order.
    """
    return change.after.day, change.after.claim_ids[-1], change.actor_id, change.topic_id


def get_stance_version(session: Session) -> int:
    """Return the count of writes that could have changed a stance (migration 0006)."""
    found = session.execute(text("SELECT version FROM stance_version WHERE id = 1"))
    return int(found.scalar_one())


def list_confirmed_stances(session: Session) -> dict[tuple[int, int], str]:
    """Return {(actor id, topic id): stance} over editors' decisions only."""
    rows = list_tag_rows(session, confirmed_only=True)
    return {pair: current_stance(r).current.stance for pair, r in by_pair(rows).items()}


def contradicts(suggested: str, confirmed: str) -> bool:
    """Return whether a suggestion would reverse a confirmed stance (neutral says nothing)."""
    return suggested != "neutral" and suggested != confirmed


def possible_reversals(confirmed: dict[tuple[int, int], str]) -> frozenset[tuple[int, int, str]]:
    """Return the (actor id, topic id, stance) a suggestion needs to contradict a confirmed one."""
    return frozenset(
        (actor, topic, s)
        for (actor, topic), stance in confirmed.items()
        for s in STANCES
        if contradicts(s, stance)
    )
