"""Actor pages: the list of actors, and one actor's stances and claims."""

from __future__ import annotations

import csv
import io
import itertools
import math
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.models import ActorKind
from app.queries import actors as actor_queries
from app.queries import claims as claim_queries
from app.queries import stance_views
from app.queries.search import ClaimRow
from app.queries.stance_views import ActorRef
from app.web import matrix_export
from app.web.charts import stance_segments
from app.web.deps import DbSession
from app.web.guards import refuse_nul_bytes
from app.web.research_views import actor_view, current_stances
from app.web.templating import render

router = APIRouter(dependencies=[Depends(refuse_nul_bytes)])
TIMELINE_PAGE = 50
MATRIX_ROWS = 100  # the page shows this many actors unless asked for all; the exports all


SortQ = Annotated[str, Query(max_length=100, pattern="^[a-z0-9-]+$")]
KindQ = Annotated[str, Query(max_length=40)]
SearchQ = Annotated[str, Query(max_length=200)]


def resolve_kind(kind: str) -> str | None:
    """Return a valid actor kind (None for the form's empty choice); 422 when unknown."""
    if kind and kind not in {k.value for k in ActorKind}:
        raise HTTPException(422, f"kind must be one of: {', '.join(ActorKind)}")
    return kind or None


def load_matrix(
    request: Request, session: Session, q: str, kind: str, sort: str
) -> stance_views.Matrix:
    """Return the matrix for the page's filters: a name or alias, an actor kind, a sort."""
    found = actor_queries.list_actors(session, q=q.strip()) if q.strip() else None
    only = {a.slug for a in found} if found is not None else None
    current = current_stances(request, session)
    return stance_views.get_matrix(
        session, current=current, actor_kind=resolve_kind(kind), only=only, sort=sort
    )


@router.get("/actors", response_class=HTMLResponse, include_in_schema=False)
def actors_index(
    request: Request,
    session: DbSession,
    q: SearchQ = "",
    kind: KindQ = "",
    sort: SortQ = "claims",
    all: bool = False,  # noqa: A002 - the URL's word for it
) -> Response:
    """Show actors against topics, each cell the current stance; filter by name and kind."""
    matrix = load_matrix(request, session, q, kind, sort)
    hidden = 0 if all else max(0, len(matrix.actors) - MATRIX_ROWS)
    matrix.actors = matrix.actors[: len(matrix.actors) - hidden]
    keep = {k: v for k, v in (("q", q), ("kind", kind)) if v}
    sorts = ["name", "claims", *(t.slug for t in matrix.topics)]
    context = {
        "matrix": matrix,
        "q": q,
        "kind": kind,
        "sort": sort,
        "kinds": [k.value for k in ActorKind],
        "query": urlencode({**keep, "sort": sort}),
        "sort_urls": {key: "/actors?" + urlencode({**keep, "sort": key}) for key in sorts},
        "hidden": hidden,
        "all_url": "/actors?" + urlencode({**keep, "sort": sort, "all": 1}),
    }
    return render(request, "actors.html", context, block="actor_list")


@router.get("/actors.csv", include_in_schema=False)
def actors_csv(
    request: Request, session: DbSession, q: SearchQ = "", kind: KindQ = "", sort: SortQ = "claims"
) -> Response:
    """Return the matrix as CSV: a row per actor, three columns per topic."""
    matrix = load_matrix(request, session, q, kind, sort)
    buffer = io.StringIO()
    csv.writer(buffer).writerows(matrix_export.csv_rows(matrix))
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="stances.csv"'},
    )


@router.get("/actors.json", include_in_schema=False)
def actors_json(
    request: Request, session: DbSession, q: SearchQ = "", kind: KindQ = "", sort: SortQ = "claims"
) -> JSONResponse:
    """Return the matrix as JSON: topics, and actors with their stance per topic."""
    return JSONResponse(matrix_export.as_json(load_matrix(request, session, q, kind, sort)))


@router.get("/actors/{slug}", response_class=HTMLResponse, include_in_schema=False)
def actor_page(
    request: Request,
    session: DbSession,
    slug: str,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """Show an actor's current stance per topic, its stances over time, changes and claims."""
    actor = actor_queries.get_actor(session, slug)
    if actor is None:
        raise HTTPException(404, f"There is no actor '{slug[:80]}'.")
    total = actor_queries.count_actor_claims(session, actor.id)
    timeline = claim_queries.list_latest_claims(
        session, actor_id=actor.id, limit=TIMELINE_PAGE, offset=(page - 1) * TIMELINE_PAGE
    )
    rows = actor_queries.list_topic_stances(session, actor.id)
    ref = ActorRef(actor.id, actor.name, actor.slug, actor.kind.value)
    view = actor_view(request, session, ref)
    context = {
        "actor": actor,
        "total": total,
        "rows": rows,
        "page": page,
        "pages": max(1, math.ceil(total / TIMELINE_PAGE)),
        "bars": {r.topic_slug: stance_segments(r.mix.counts) for r in rows},
        "months": group_by_month(timeline),
        "topics": {t.slug: t for t in stance_views.list_topic_refs(session).values()},
        "timeline": view.timeline,
        "changes": view.changes,
    }
    return render(request, "actor.html", context, block="timeline")


def group_by_month(rows: list[ClaimRow]) -> list[tuple[str, list[ClaimRow]]]:
    """Group claims (already newest first) under 'November 2026'-style headings."""
    return [
        (month, list(group))
        for month, group in itertools.groupby(rows, key=lambda r: f"{r.published_at:%B %Y}")
    ]
