"""The claims list's filter: parsed from a query string, compiled to SQL conditions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.vocabulary import CLAIM_KINDS, PROVENANCES, REVIEW_STATES, STANCES, pack_tag_index

SORTS = ("newest", "oldest", "relevance")
VIEWS = ("cards", "table")
MAX_QUERY_CHARS = 500
MAX_VALUES = 50


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
        """Return the filter as query-string pairs (the URL is the state)."""
        pairs: list[tuple[str, str]] = []
        pairs += [("topic", v) for v in self.topics]
        pairs += [("stance", v) for v in self.stances]
        pairs += [("actor", v) for v in self.actors]
        pairs += [("kind", v) for v in self.kinds]
        pairs += [("status", v) for v in self.review]
        pairs += [("provenance", v) for v in self.provenances]
        if self.q:
            pairs.append(("q", self.q))
        if self.date_from:
            pairs.append(("from", self.date_from.isoformat()))
        if self.date_to:
            pairs.append(("to", self.date_to.isoformat()))
        if self.sort != "newest":
            pairs.append(("sort", self.sort))
        if self.view != "cards":
            pairs.append(("view", self.view))
        return pairs

    def without(self, **fields: Any) -> ClaimFilter:
        """Return a copy with the named fields reset to their defaults."""
        defaults: dict[str, Any] = {
            name: ClaimFilter.__dataclass_fields__[name].default for name in fields
        }
        return replace(self, **defaults)


@dataclass(frozen=True)
class TopicInfo:
    id: int
    slug: str
    name: str
    retired: bool
    proposition: str = ""  # what a stance on it agrees or disagrees with


@dataclass(frozen=True)
class Resolved:
    """A filter with names turned into ids; unknown names match nothing."""

    flt: ClaimFilter
    topics: dict[int, TopicInfo]
    topic_ids: tuple[int, ...]
    stance_idx: tuple[int, ...]
    actor_ids: tuple[int, ...]
    kind_names: tuple[str, ...]
    impossible: bool = False
    notes: list[str] = field(default_factory=list)
    # The date bounds that exclude something: a bound beyond the oldest or newest claim
    # is dropped, so "from 0001-01-01 to 9999-12-31" is answered like no dates at all.
    since: dt.datetime | None = None
    before: dt.datetime | None = None


def list_topic_infos(session: Session) -> dict[int, TopicInfo]:
    """Return every topic by id (a few dozen rows at most)."""
    rows = session.execute(
        text("SELECT id, slug, name, retired, proposition FROM topics ORDER BY id")
    )
    return {r.id: TopicInfo(r.id, r.slug, r.name, r.retired, r.proposition) for r in rows}


def _values(params: Mapping[str, Sequence[str]], name: str) -> list[str]:
    seen: list[str] = []
    for raw in params.get(name, []):
        # PostgreSQL text cannot hold NUL; drop it rather than fail the whole query.
        value = raw.replace("\x00", "").strip()
        if value and value not in seen:
            seen.append(value)
    return seen[:MAX_VALUES]


def _date(params: Mapping[str, Sequence[str]], name: str, problems: list[str]) -> dt.date | None:
    values = _values(params, name)
    if not values:
        return None
    try:
        return dt.date.fromisoformat(values[0][:10])
    except ValueError:
        problems.append(f"'{values[0][:40]}' is not a date (use YYYY-MM-DD) in '{name}'")
        return None


def _known(values: list[str], allowed: Sequence[str], name: str, problems: list[str]) -> tuple:
    unknown = [v for v in values if v not in allowed]
    for value in unknown:
        problems.append(f"unknown {name} '{value[:60]}' (one of: {', '.join(allowed)})")
    return tuple(v for v in values if v in allowed)


def _view(params: Mapping[str, Sequence[str]], problems: list[str]) -> str:
    view = (_values(params, "view") or ["cards"])[0]
    if view not in VIEWS:
        problems.append(f"unknown view '{view[:40]}' (one of: {', '.join(VIEWS)})")
        return "cards"
    return view


def parse_filter(
    session: Session, params: Mapping[str, Sequence[str]]
) -> tuple[ClaimFilter, list[str]]:
    """Build a filter from query parameters; problems are messages for the user, never raised."""
    problems: list[str] = []
    q = " ".join(_values(params, "q")) or None
    if q and len(q) > MAX_QUERY_CHARS:
        problems.append(f"the search text was cut to its first {MAX_QUERY_CHARS} characters")
        q = q[:MAX_QUERY_CHARS]
    slugs = {t.slug for t in list_topic_infos(session).values()}
    topics = _values(params, "topic")
    for slug in topics:
        if slug not in slugs:
            problems.append(f"unknown topic '{slug[:60]}'")
    sort = (_values(params, "sort") or ["newest"])[0]
    if sort not in SORTS:
        problems.append(f"unknown sort '{sort[:40]}' (one of: {', '.join(SORTS)})")
        sort = "newest"
    flt = ClaimFilter(
        topics=tuple(topics),
        stances=_known(_values(params, "stance"), STANCES, "stance", problems),
        actors=tuple(_values(params, "actor")),
        kinds=_known(_values(params, "kind"), CLAIM_KINDS, "kind", problems),
        review=_known(_values(params, "status"), REVIEW_STATES, "status", problems),
        provenances=_known(_values(params, "provenance"), PROVENANCES, "provenance", problems),
        q=q,
        date_from=_date(params, "from", problems),
        date_to=_date(params, "to", problems),
        sort=sort if (sort != "relevance" or q) else "newest",
        view=_view(params, problems),
    )
    return flt, problems


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
        kind_names=flt.kinds,
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


def tag_codes(
    topic_ids: Sequence[int], stances: Sequence[int], confirmed: Sequence[int]
) -> list[int]:
    """Return every claims.tags code for those topics, stance indexes and review states."""
    return [pack_tag_index(t, s, bool(c)) for t in topic_ids for s in stances for c in confirmed]


def where_clause(r: Resolved, *, alias: str = "c") -> tuple[str, dict[str, Any]]:
    """Compile a resolved filter to a WHERE clause over claims (all values bound)."""
    conds: list[str] = []
    params: dict[str, Any] = {}
    flt = r.flt
    scope_topics = r.topic_ids or tuple(r.topics)
    # With an actor or a search, their indexes narrow the claims far better than the tags
    # GIN index, which the planner then likes to AND in at a high cost (114k entries to
    # read for a topic); comparing as int[] keeps it out of those plans.
    overlap = (
        "::int[] && CAST(:{} AS int[])"
        if (r.actor_ids or flt.q)
        else (" && CAST(:{} AS smallint[])")
    )

    def tags_overlap(name: str, codes: list[int]) -> str:
        params[name] = codes
        return f"{alias}.tags" + overlap.format(name)

    retired_only = "not-a-claim" in flt.review
    conds.append(f"{alias}.status = '{'not-a-claim' if retired_only else 'active'}'")
    if r.impossible:
        conds.append("false")
    if r.stance_idx:  # implies the topic condition: these codes are all on those topics
        conds.append(tags_overlap("stance_codes", tag_codes(scope_topics, r.stance_idx, (0, 1))))
    elif r.topic_ids:
        conds.append(tags_overlap("topic_codes", tag_codes(r.topic_ids, range(4), (0, 1))))
    review = [v for v in flt.review if v in ("suggested", "confirmed", "untagged")]
    if review:
        ors = []
        if "suggested" in review:
            ors.append(tags_overlap("suggested_codes", tag_codes(scope_topics, range(4), (0,))))
        if "confirmed" in review:
            ors.append(tags_overlap("confirmed_codes", tag_codes(scope_topics, range(4), (1,))))
        if "untagged" in review:
            ors.append(f"cardinality({alias}.tags) = 0")
        conds.append("(" + " OR ".join(ors) + ")")
    if len(r.actor_ids) == 1:  # "= ANY" would keep the planner from walking the index in order
        conds.append(f"{alias}.actor_id = :actor_id")
        params["actor_id"] = r.actor_ids[0]
    elif r.actor_ids:
        conds.append(f"{alias}.actor_id = ANY(:actor_ids)")
        params["actor_ids"] = list(r.actor_ids)
    if r.kind_names:
        conds.append(f"{alias}.kind = ANY(CAST(:kinds AS claim_kind[]))")
        params["kinds"] = list(r.kind_names)
    if flt.provenances:
        conds.append(f"{alias}.provenance = ANY(CAST(:provenances AS text[]))")
        params["provenances"] = list(flt.provenances)
    if flt.q:
        conds.append(f"{alias}.tsv @@ websearch_to_tsquery('english', :q)")
        params["q"] = flt.q
    if r.since is not None:
        conds.append(f"{alias}.published_at >= :date_from")
        params["date_from"] = r.since
    if r.before is not None:
        conds.append(f"{alias}.published_at < :date_to")
        params["date_to"] = r.before
    return " AND ".join(conds), params


def uses_maintained_counts(r: Resolved) -> bool:
    """Say whether the maintained count tables answer this filter exactly."""
    flt = r.flt
    return (
        not r.impossible
        and len(r.topic_ids) <= 1
        and len(r.stance_idx) <= (1 if r.topic_ids else 0)
        and len(r.actor_ids) <= 1
        and len(flt.actors) <= 1
        and not (flt.kinds or flt.review or flt.provenances or flt.q or r.since or r.before)
    )
