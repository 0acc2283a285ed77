"""The claims list's filter: parsed from a query string, compiled to SQL conditions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.queries.filters import FILTERS, MAX_QUERY_CHARS, MAX_VALUES, ParseContext, Sql
from app.queries.topics import TopicInfo, list_topic_infos
from app.vocabulary import STANCES

__all__ = ["MAX_QUERY_CHARS", "ClaimFilter", "Resolved", "parse_filter", "resolve", "where_clause"]


@dataclass(frozen=True)
class ClaimFilter:
    """What a user asked for; every field maps to a URL parameter."""

    topics: tuple[str, ...] = ()
    stances: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    review: tuple[str, ...] = ()
    provenances: tuple[str, ...] = ()
    q: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sort: str = "newest"
    # How the list is shown; no condition, but it lives in the URL like the rest of the view.
    view: str = "cards"

    def params(self) -> list[tuple[str, str]]:
        """Return the filter as query-string pairs (the URL is the state), in table order."""
        return [pair for f in FILTERS for pair in f.pairs(getattr(self, f.field))]

    def without(self, **fields: Any) -> ClaimFilter:
        """Return a copy with the named fields reset to their defaults."""
        defaults: dict[str, Any] = {
            name: ClaimFilter.__dataclass_fields__[name].default for name in fields
        }
        return replace(self, **defaults)


@dataclass(frozen=True)
class Resolved:
    """A filter with names turned into ids; unknown names match nothing."""

    flt: ClaimFilter
    topics: dict[int, TopicInfo]
    topic_ids: tuple[int, ...]
    stance_idx: tuple[int, ...]
    actor_ids: tuple[int, ...]
    impossible: bool = False
    # The date bounds that exclude something: a bound beyond the oldest or newest claim
    # is dropped, so "from 0001-01-01 to 9999-12-31" is answered like no dates at all.
    since: dt.datetime | None = None
    before: dt.datetime | None = None


def _values(params: Mapping[str, Sequence[str]], name: str) -> list[str]:
    seen: list[str] = []
    for raw in params.get(name, []):
        # PostgreSQL text cannot hold NUL; drop it rather than fail the whole query.
        value = raw.replace("\x00", "").strip()
        if value and value not in seen:
            seen.append(value)
    return seen[:MAX_VALUES]


def parse_filter(
    session: Session, params: Mapping[str, Sequence[str]]
) -> tuple[ClaimFilter, list[str]]:
    """Build a filter from query parameters; problems are messages for the user, never raised."""
    ctx = ParseContext(frozenset(t.slug for t in list_topic_infos(session).values()))
    values: dict[str, Any] = {
        f.field: f.reader.read(f.param, _values(params, f.param), ctx) for f in FILTERS
    }
    flt = ClaimFilter(**values)
    if flt.sort == "relevance" and not flt.q:  # nothing to rank by
        flt = replace(flt, sort="newest")
    return flt, ctx.problems


def resolve(session: Session, flt: ClaimFilter) -> Resolved:
    """Turn slugs and names into ids, noting names that match nothing."""
    topics = list_topic_infos(session)
    by_slug = {t.slug: t.id for t in topics.values()}
    topic_ids = tuple(by_slug[s] for s in flt.topics if s in by_slug)
    actor_ids: tuple[int, ...] = ()
    if flt.actors:
        rows = session.execute(
            text("SELECT id FROM actors WHERE name = ANY(:names) ORDER BY id"),
            {"names": list(flt.actors)},
        )
        actor_ids = tuple(r.id for r in rows)
    impossible = (
        (bool(flt.topics) and not topic_ids)
        or (bool(flt.actors) and not actor_ids)
        or (flt.date_from is not None and flt.date_to is not None and flt.date_from > flt.date_to)
    )
    since, before = _effective_dates(session, flt)
    return Resolved(
        flt=flt,
        topics=topics,
        topic_ids=topic_ids,
        stance_idx=tuple(STANCES.index(s) for s in flt.stances),
        actor_ids=actor_ids,
        impossible=impossible,
        since=since,
        before=before,
    )


def _effective_dates(
    session: Session, flt: ClaimFilter
) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Return the date bounds as instants, without those that exclude no claim."""
    since = dt.datetime.combine(flt.date_from, dt.time(), dt.UTC) if flt.date_from else None
    before = None
    if flt.date_to and flt.date_to < dt.date.max:
        before = dt.datetime.combine(flt.date_to + dt.timedelta(days=1), dt.time(), dt.UTC)
    if since is None and before is None:
        return None, None
    # Both ends of the published_at index: two index probes, however many claims.
    oldest, newest = session.execute(
        text("SELECT min(published_at), max(published_at) FROM claims")
    ).one()
    if oldest is None or (since is not None and since <= oldest):
        since = None
    if newest is None or (before is not None and before > newest):
        before = None
    return since, before


def where_clause(r: Resolved, *, alias: str = "c") -> tuple[str, dict[str, Any]]:
    """Compile a resolved filter to a WHERE clause over claims (all values bound)."""
    # With an actor or a search, their indexes narrow the claims far better than the tags
    # GIN index, which the planner then likes to AND in at a high cost (114k entries to
    # read for a topic); comparing as int[] keeps it out of those plans.
    overlap = (
        "::int[] && CAST(:{} AS int[])"
        if (r.actor_ids or r.flt.q)
        else " && CAST(:{} AS smallint[])"
    )
    sql = Sql(alias, overlap)
    if r.impossible:
        sql.add("false")
    for f in FILTERS:
        if f.where is not None:
            f.where(r, sql)
    return " AND ".join(sql.conds), sql.params


def uses_maintained_counts(r: Resolved) -> bool:
    """Say whether the maintained count tables answer this filter exactly."""
    # Stance scopes sit under a topic; a name may stand for several actors.
    if r.impossible or (r.stance_idx and not r.topic_ids) or len(r.actor_ids) > 1:
        return False
    # Date bounds that exclude nothing were dropped by resolve, so they do not count here.
    active = {
        **{f.field: getattr(r.flt, f.field) for f in FILTERS},
        "date_from": r.since,
        "date_to": r.before,
    }
    for f in FILTERS:
        value = active[f.field]
        if f.where is None or value in (None, ()):
            continue
        kept = f.facet.kept if f.facet else 0
        if not isinstance(value, tuple) or len(value) > kept:
            return False
    return True
