"""The claims list (HTML, Atom, CSV, claims-jsonl) and the claim page."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.queries import claims as claim_queries
from app.queries import history
from app.queries.claim_filter import MAX_QUERY_CHARS
from app.queries.export import iter_claims_jsonl
from app.queries.search import (
    ClaimFilter,
    ClaimRow,
    iter_claim_rows,
    parse_filter,
    search_actor_names,
    search_claims,
)
from app.web import filterpanel
from app.web.deps import DbSession
from app.web.guards import refuse_nul_bytes
from app.web.passages import excerpt_around
from app.web.templating import render

router = APIRouter(dependencies=[Depends(refuse_nul_bytes)])

Page = Annotated[int, Query(ge=1, le=10_000, description="Page number, 50 claims a page.")]
ATOM_ENTRIES = 50


def request_filter(request: Request, session: Session) -> tuple[ClaimFilter, list[str]]:
    """Parse the claims filter from the request's (multi-valued) query string."""
    params = {key: request.query_params.getlist(key) for key in request.query_params}
    return parse_filter(session, params)


@router.get("/claims", response_class=HTMLResponse, include_in_schema=False)
def claims_list(request: Request, session: DbSession, page: Page = 1) -> Response:
    """Show one page of claims matching the filter, with facet counts over all of them."""
    flt, problems = request_filter(request, session)
    result = search_claims(session, flt, page=page)
    actor_q = request.query_params.get("actor_q", "").strip()[:100]
    actor_options = search_actor_names(session, flt, actor_q) if actor_q else None
    topic_names = {f.value: f.label for f in result.facets.topics}
    context = {
        "flt": flt,
        "result": result,
        "problems": problems,
        "actor_q": actor_q,
        "groups": filterpanel.facet_groups(flt, result.facets, actor_options),
        "chips": filterpanel.active_chips(flt, topic_names),
        "query": filterpanel.query_string(flt.params()),
        "prev_url": filterpanel.claims_url(flt, page=page - 1) if page > 1 else None,
        "next_url": filterpanel.claims_url(flt, page=page + 1) if page < result.pages else None,
        "max_q": MAX_QUERY_CHARS,
        "sorts": filterpanel.setting_options("sort"),
        "views": filterpanel.setting_options("view"),
    }
    return render(request, "claims.html", context, block="results")


@router.get("/claims/actor-options", response_class=HTMLResponse, include_in_schema=False)
def claims_actor_options(request: Request, session: DbSession) -> Response:
    """Return the actor checkboxes matching the actor search box, counted in the filter."""
    flt, _ = request_filter(request, session)
    actor_q = request.query_params.get("actor_q", "").strip()[:100]
    result_actors = search_actor_names(session, flt, actor_q) if actor_q else None
    if result_actors is None:
        result_actors = search_claims(session, flt, per_page=1).facets.actors
    group = filterpanel.actor_group(result_actors)
    return render(request, "partials/_facet_options.html", {"group": group})


@router.get("/claims/{claim_id:int}", response_class=HTMLResponse, include_in_schema=False)
def claim_page(request: Request, session: DbSession, claim_id: int) -> Response:
    """Show one claim: tags with their review state, evidence, quote in context, history."""
    claim = claim_queries.get_claim(session, claim_id)
    if claim is None:
        raise HTTPException(404, f"There is no claim {claim_id}.")
    deciders = [t.decided_by for t in claim.stance_tags]
    context = {
        "claim": claim,
        "excerpt": excerpt_around(claim.article.text, claim),
        "deciders": claim_queries.list_user_names(session, deciders),
        "history": history.list_claim_history(session, claim_id),
        "related": claim_queries.list_related_claims(session, claim),
    }
    return render(request, "claim.html", context)


@router.get("/claims.atom", include_in_schema=False)
def claims_atom(request: Request, session: DbSession) -> Response:
    """Return the newest claims matching the filter as an Atom feed."""
    flt, _ = request_filter(request, session)
    result = search_claims(session, flt.without(sort=True), per_page=ATOM_ENTRIES)
    base = str(request.base_url).rstrip("/")
    query = filterpanel.query_string(flt.params())
    context = {
        "rows": result.rows,
        "flt": flt,
        "base": base,
        "query": query,
        "updated": result.rows[0].published_at if result.rows else None,
    }
    response = render(request, "claims.atom.xml", context)
    response.headers["content-type"] = "application/atom+xml; charset=utf-8"
    return response


@router.get("/claims.csv", include_in_schema=False)
def claims_csv(request: Request, session: DbSession) -> StreamingResponse:
    """Stream every claim matching the filter as CSV."""
    flt, _ = request_filter(request, session)
    factory = request.app.state.session_factory
    return StreamingResponse(
        _csv_lines(factory, flt, str(request.base_url).rstrip("/")),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="claims.csv"'},
    )


@router.get("/claims.jsonl", include_in_schema=False)
def claims_jsonl(request: Request, session: DbSession) -> StreamingResponse:
    """Stream the claims matching the filter as claims-jsonl/1, one line per article."""
    flt, _ = request_filter(request, session)
    factory = request.app.state.session_factory
    return StreamingResponse(
        _jsonl_lines(factory, flt),
        media_type="application/x-ndjson; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="claims.jsonl"'},
    )


CSV_COLUMNS = [
    "id",
    "published_at",
    "actor",
    "kind",
    "text",
    "tags",
    "article_id",
    "article_title",
    "outlet",
    "article_url",
    "claim_url",
]


def csv_record(row: ClaimRow, base: str) -> list[str]:
    """Return one CSV record; cells that a spreadsheet would run as formulas are defused."""
    tags = "; ".join(f"{t.topic}:{t.stance}:{t.status}" for t in row.tags)
    cells = [
        str(row.id),
        row.published_at.isoformat(),
        row.actor or "",
        row.kind or "",
        row.text,
        tags,
        str(row.article_id),
        row.article_title,
        row.outlet or "",
        row.article_url,
        f"{base}/claims/{row.id}",
    ]
    return [_defuse(cell) for cell in cells]


def _defuse(cell: str) -> str:
    # A leading =, +, -, @ (or tab/CR) makes spreadsheets evaluate the cell as a formula.
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def _csv_lines(factory, flt: ClaimFilter, base: str) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Yield the CSV header and rows, from a session of the stream's own."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    with factory() as session:
        for i, row in enumerate(iter_claim_rows(session, flt)):
            writer.writerow(csv_record(row, base))
            if i % 500 == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()


def _jsonl_lines(factory, flt: ClaimFilter) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Yield claims-jsonl/1 lines from a session of the stream's own."""
    with factory() as session:
        for line in iter_claims_jsonl(session, flt, newest_first=True):
            yield line + "\n"
