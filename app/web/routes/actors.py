"""Actor pages: the list of actors, and one actor's stances and claims."""

from __future__ import annotations

import itertools
import math
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from app.queries import actors as actor_queries
from app.queries import claims as claim_queries
from app.queries.search import ClaimRow
from app.web.charts import stance_segments
from app.web.deps import DbSession
from app.web.guards import refuse_nul_bytes
from app.web.templating import render

router = APIRouter(dependencies=[Depends(refuse_nul_bytes)])
TIMELINE_PAGE = 50


@router.get("/actors", response_class=HTMLResponse, include_in_schema=False)
def actors_index(
    request: Request,
    session: DbSession,
    q: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    """List actors by number of claims; q finds names and aliases."""
    actors = actor_queries.list_actors(session, q=q.strip() or None)
    return render(request, "actors.html", {"actors": actors, "q": q}, block="actor_list")


@router.get("/actors/{slug}", response_class=HTMLResponse, include_in_schema=False)
def actor_page(
    request: Request,
    session: DbSession,
    slug: str,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """Show an actor's latest stance per topic (with counts), its claims over time and aliases."""
    actor = actor_queries.get_actor(session, slug)
    if actor is None:
        raise HTTPException(404, f"There is no actor '{slug[:80]}'.")
    total = actor_queries.count_actor_claims(session, actor.id)
    timeline = claim_queries.list_latest_claims(
        session, actor_id=actor.id, limit=TIMELINE_PAGE, offset=(page - 1) * TIMELINE_PAGE
    )
    rows = actor_queries.list_topic_stances(session, actor.id)
    context = {
        "actor": actor,
        "total": total,
        "rows": rows,
        "page": page,
        "pages": max(1, math.ceil(total / TIMELINE_PAGE)),
        "bars": {r.topic_slug: stance_segments(r.mix.counts) for r in rows},
        "months": group_by_month(timeline),
    }
    return render(request, "actor.html", context, block="timeline")


def group_by_month(rows: list[ClaimRow]) -> list[tuple[str, list[ClaimRow]]]:
    """Group claims (already newest first) under 'November 2026'-style headings."""
    return [
        (month, list(group))
        for month, group in itertools.groupby(rows, key=lambda r: f"{r.published_at:%B %Y}")
    ]
