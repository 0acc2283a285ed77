"""Search claims: one page of rows in a stable order, the exact total and every facet."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.queries.claim_filter import (
    ClaimFilter,
    Resolved,
    TopicInfo,
    parse_filter,
    resolve,
    uses_maintained_counts,
    where_clause,
)
from app.queries.facets import (
    RawFacets,
    maintained_facets,
    recount_facets,
    recount_facets_and_page,
)
from app.vocabulary import CLAIM_KINDS, STANCES, TagCode, unpack_tag

__all__ = [
    "ClaimFilter",
    "ClaimRow",
    "FacetValue",
    "Facets",
    "SearchResult",
    "TagView",
    "iter_claim_rows",
    "parse_filter",
    "search_actor_names",
    "search_claims",
]

MAX_PAGE = 10_000
# Markers ts_headline puts around matched words; the template escapes the text first
# and only then turns them into <mark>, so claim text can never inject markup.
MARK_START, MARK_END = "\x02", "\x03"
_HEADLINE_OPTIONS = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"


@dataclass(frozen=True)
class TagView:
    """A claim's stance on one topic, as lists show it."""

    topic: str
    topic_name: str
    stance: str
    status: str
    proposition: str = ""  # the topic's, which chips carry so a stance cannot be misread


@dataclass(frozen=True)
class ClaimRow:
    id: int
    text: str
    headline: str | None
    actor: str | None
    actor_slug: str | None
    kind: str | None
    status: str
    article_id: int
    article_title: str
    outlet: str | None
    article_url: str
    published_at: dt.datetime
    tags: tuple[TagView, ...]
    provenance: str | None = None


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facets:
    topics: list[FacetValue]
    stances: list[FacetValue]
    actors: list[FacetValue]
    kinds: list[FacetValue]
    review: list[FacetValue]


@dataclass(frozen=True)
class SearchResult:
    rows: list[ClaimRow]
    total: int
    facets: Facets
    page: int
    per_page: int
    pages: int
    exact_from: str


def search_claims(
    session: Session, flt: ClaimFilter, *, page: int = 1, per_page: int = 50
) -> SearchResult:
    """Return one page of matching claims with the exact total and facet counts."""
    page = min(max(page, 1), MAX_PAGE)
    r = resolve(session, flt)
    maintained = uses_maintained_counts(r)
    offset = (page - 1) * per_page
    if maintained:
        raw = maintained_facets(session, r)
        ids = _page_ids(session, r, offset=offset, limit=per_page)
    elif flt.sort == "relevance":
        raw = recount_facets(session, r)
        ids = _page_ids(session, r, offset=offset, limit=per_page)
    else:  # one pass over the matching claims gives the counts and the page
        order = _order_by(flt).replace("c.", "m.")
        raw, ids = recount_facets_and_page(session, r, order=order, limit=per_page, offset=offset)
    rows = _rows(session, ids, r)
    return SearchResult(
        rows=rows,
        total=raw.total,
        facets=_label(raw, r),
        page=page,
        per_page=per_page,
        pages=max(1, math.ceil(raw.total / per_page)),
        exact_from="maintained counts" if maintained else "recount",
    )


def _order_by(flt: ClaimFilter) -> str:
    if flt.sort == "oldest":
        return "c.published_at ASC, c.id ASC"
    if flt.sort == "relevance" and flt.q:
        return "ts_rank(c.tsv, websearch_to_tsquery('english', :q)) DESC, c.published_at DESC, c.id"
    return "c.published_at DESC, c.id ASC"


_ROWS = """
WITH page AS (SELECT p.id, p.ord FROM unnest(CAST(:ids AS bigint[])) WITH ORDINALITY AS p(id, ord))
SELECT c.id, c.text, {headline} AS headline, a.name AS actor, a.slug AS actor_slug,
       c.kind::text AS kind, c.status::text AS status, c.tags, c.published_at, c.provenance,
       ar.id AS article_id, ar.title AS article_title, ar.outlet, ar.url AS article_url
  FROM page
  JOIN claims c ON c.id = page.id
  JOIN articles ar ON ar.id = c.article_id
  LEFT JOIN actors a ON a.id = c.actor_id
 ORDER BY page.ord
"""


def _page_ids(session: Session, r: Resolved, *, offset: int, limit: int) -> list[int]:
    where, params = where_clause(r)
    sql = f"SELECT c.id FROM claims c WHERE {where} ORDER BY {_order_by(r.flt)} LIMIT :l OFFSET :o"
    return list(session.scalars(text(sql), {**params, "l": limit, "o": offset}))


def _rows(session: Session, ids: list[int], r: Resolved) -> list[ClaimRow]:
    """Fetch the page's claims, in the order of ids, with matched words marked."""
    if not ids:
        return []
    params: dict[str, object] = {"ids": ids}
    headline = "NULL::text"
    if r.flt.q:
        headline = "ts_headline('english', c.text, websearch_to_tsquery('english', :q), :hl)"
        params.update(q=r.flt.q, hl=_HEADLINE_OPTIONS)
    result = session.execute(text(_ROWS.format(headline=headline)), params)
    return [_row(row, r.topics) for row in result]


def _tag_view(tag: TagCode, topics: dict[int, TopicInfo]) -> TagView:
    topic = topics.get(tag.topic_id)
    return TagView(
        topic=topic.slug if topic else str(tag.topic_id),
        topic_name=topic.name if topic else str(tag.topic_id),
        stance=tag.stance,
        status=tag.status,
        proposition=topic.proposition if topic else "",
    )


def _row(row: object, topics: dict[int, TopicInfo]) -> ClaimRow:
    tags = tuple(
        _tag_view(unpack_tag(code), topics)
        for code in sorted(row.tags or ())  # type: ignore[attr-defined]
    )
    return ClaimRow(
        id=row.id,  # type: ignore[attr-defined]
        text=row.text,  # type: ignore[attr-defined]
        headline=row.headline,  # type: ignore[attr-defined]
        actor=row.actor,  # type: ignore[attr-defined]
        actor_slug=row.actor_slug,  # type: ignore[attr-defined]
        kind=row.kind,  # type: ignore[attr-defined]
        provenance=row.provenance,  # type: ignore[attr-defined]
        status=row.status,  # type: ignore[attr-defined]
        article_id=row.article_id,  # type: ignore[attr-defined]
        article_title=row.article_title,  # type: ignore[attr-defined]
        outlet=row.outlet,  # type: ignore[attr-defined]
        article_url=row.article_url,  # type: ignore[attr-defined]
        published_at=row.published_at,  # type: ignore[attr-defined]
        tags=tags,
    )


def _label(raw: RawFacets, r: Resolved) -> Facets:
    flt = r.flt
    topics = sorted(
        (
            FacetValue(info.slug, info.name, raw.topics.get(tid, 0), info.slug in flt.topics)
            for tid, info in r.topics.items()
            if raw.topics.get(tid) or info.slug in flt.topics
        ),
        key=lambda f: (-f.count, f.label),
    )
    actors = [FacetValue(name, name, n, name in flt.actors) for _, name, n in raw.actors]
    listed = {a.value for a in actors}
    actors += [FacetValue(name, name, 0, True) for name in flt.actors if name not in listed]
    return Facets(
        topics=topics,
        stances=[
            FacetValue(s, s, raw.stances.get(i, 0), s in flt.stances) for i, s in enumerate(STANCES)
        ],
        actors=actors,
        kinds=[FacetValue(k, k, raw.kinds.get(k, 0), k in flt.kinds) for k in CLAIM_KINDS],
        review=[FacetValue(k, k, n, k in flt.review) for k, n in raw.review.items()],
    )


def iter_claim_rows(session: Session, flt: ClaimFilter, *, batch: int = 2000) -> Iterator[ClaimRow]:
    """Yield every matching claim in list order, streamed from a server-side cursor."""
    r = resolve(session, flt)
    where, params = where_clause(r)
    sql = f"""
        SELECT c.id, c.text, NULL::text AS headline, a.name AS actor, a.slug AS actor_slug,
               c.kind::text AS kind, c.status::text AS status, c.tags, c.published_at, c.provenance,
               ar.id AS article_id, ar.title AS article_title, ar.outlet, ar.url AS article_url
          FROM claims c
          JOIN articles ar ON ar.id = c.article_id
          LEFT JOIN actors a ON a.id = c.actor_id
         WHERE {where} ORDER BY {_order_by(r.flt)}"""
    result = session.execute(
        text(sql).execution_options(stream_results=True, yield_per=batch), params
    )
    for row in result:
        yield _row(row, r.topics)


def search_actor_names(
    session: Session, flt: ClaimFilter, query: str, *, limit: int = 20
) -> list[FacetValue]:
    """Return actors whose name or alias contains query, with counts in the current filter."""
    pattern = (
        "%" + query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    )
    candidates = session.execute(
        text(
            "SELECT DISTINCT a.id, a.name FROM actors a LEFT JOIN actor_aliases al"
            " ON al.actor_id = a.id WHERE a.name ILIKE :p OR al.alias ILIKE :p"
            " ORDER BY a.name LIMIT 200"
        ),
        {"p": pattern},
    ).all()
    if not candidates:
        return []
    r = resolve(session, flt.without(actors=True))
    where, params = where_clause(r)
    counts: dict[int, int] = dict(
        session.execute(
            text(
                f"SELECT c.actor_id, count(*) FROM claims c WHERE {where}"
                " AND c.actor_id = ANY(:candidate_ids) GROUP BY 1"
            ),
            {**params, "candidate_ids": [c.id for c in candidates]},
        ).all()
    )
    values = [
        FacetValue(c.name, c.name, int(counts.get(c.id, 0)), c.name in flt.actors)
        for c in candidates
    ]
    return sorted(values, key=lambda v: (-v.count, v.label))[:limit]
