"""Search claims: one page of rows in a stable order, the exact total and every facet."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    FromClause,
    Text,
    TextClause,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    null,
    select,
    table,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from app.models import Actor, Article, Claim
from app.queries.claim_filter import (
    ClaimFilter,
    Resolved,
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
from app.queries.topics import TopicInfo
from app.vocabulary import CLAIM_KINDS, PROVENANCES, STANCES, TagCode, unpack_tag

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
# where_clause writes its conditions over claims as c.
_CLAIMS: FromClause = Claim.__table__.alias("c")  # type: ignore[assignment]
_ARTICLES: FromClause = Article.__table__.alias("ar")  # type: ignore[assignment]
_ACTORS: FromClause = Actor.__table__.alias("a")  # type: ignore[assignment]


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
    provenances: list[FacetValue]


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
        order = _order_sql(flt, "m")
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


def _order_by(flt: ClaimFilter, claims: FromClause) -> list[ColumnElement[Any]]:
    """Return the list order over claims (or a set with the same columns)."""
    if flt.sort == "oldest":
        return [claims.c.published_at.asc(), claims.c.id.asc()]
    if flt.sort == "relevance" and flt.q:
        rank = func.ts_rank(claims.c.tsv, _tsquery(flt.q))
        return [rank.desc(), claims.c.published_at.desc(), claims.c.id]
    return [claims.c.published_at.desc(), claims.c.id.asc()]


def _order_sql(flt: ClaimFilter, alias: str) -> str:
    """Return the order over the named set as SQL, for the facet recount's statement."""
    matching = table(alias, column("id"), column("published_at"), column("tsv"))
    dialect = postgresql.dialect()
    return ", ".join(str(e.compile(dialect=dialect)) for e in _order_by(flt, matching))


def _tsquery(q: str) -> ColumnElement[Any]:
    return func.websearch_to_tsquery(literal_column("'english'"), bindparam("q", q))


def _matching(r: Resolved) -> tuple[FromClause, TextClause]:
    """Return claims (as c) and the filter's condition over them, values bound."""
    where, params = where_clause(r)
    return _CLAIMS, text(where).bindparams(**params)


def _page_ids(session: Session, r: Resolved, *, offset: int, limit: int) -> list[int]:
    claims, condition = _matching(r)
    stmt = (
        select(claims.c.id)
        .where(condition)
        .order_by(*_order_by(r.flt, claims))
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(stmt))


def _row_columns(claims: FromClause, headline: ColumnElement[Any]) -> list[ColumnElement[Any]]:
    articles, actors = _ARTICLES, _ACTORS
    return [
        claims.c.id,
        claims.c.text,
        headline.label("headline"),
        actors.c.name.label("actor"),
        actors.c.slug.label("actor_slug"),
        cast(claims.c.kind, Text).label("kind"),
        cast(claims.c.status, Text).label("status"),
        claims.c.tags,
        claims.c.published_at,
        claims.c.provenance,
        articles.c.id.label("article_id"),
        articles.c.title.label("article_title"),
        articles.c.outlet,
        articles.c.url.label("article_url"),
    ]


def _with_article_and_actor(claims: FromClause) -> Any:
    return claims.join(_ARTICLES, _ARTICLES.c.id == claims.c.article_id).outerjoin(
        _ACTORS, _ACTORS.c.id == claims.c.actor_id
    )


def _rows(session: Session, ids: list[int], r: Resolved) -> list[ClaimRow]:
    """Fetch the page's claims, in the order of ids, with matched words marked."""
    if not ids:
        return []
    headline: ColumnElement[Any] = null()
    if r.flt.q:
        headline = func.ts_headline(
            literal_column("'english'"), _CLAIMS.c.text, _tsquery(r.flt.q), _HEADLINE_OPTIONS
        )
    page = (
        func.unnest(bindparam("ids", ids, type_=ARRAY(BigInteger)))
        .table_valued("id", with_ordinality="ord")
        .render_derived(name="p")
    )
    stmt = (
        select(*_row_columns(_CLAIMS, headline))
        .select_from(page.join(_with_article_and_actor(_CLAIMS), _CLAIMS.c.id == page.c.id))
        .order_by(page.c.ord)
    )
    return [_row(row, r.topics) for row in session.execute(stmt)]


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
        provenances=[
            FacetValue(p, p, raw.provenances.get(p, 0), p in flt.provenances) for p in PROVENANCES
        ],
    )


def iter_claim_rows(session: Session, flt: ClaimFilter, *, batch: int = 2000) -> Iterator[ClaimRow]:
    """Yield every matching claim in list order, streamed from a server-side cursor."""
    r = resolve(session, flt)
    claims, condition = _matching(r)
    stmt = (
        select(*_row_columns(claims, null()))
        .select_from(_with_article_and_actor(claims))
        .where(condition)
        .order_by(*_order_by(r.flt, claims))
    )
    for row in session.execute(stmt.execution_options(stream_results=True, yield_per=batch)):
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
