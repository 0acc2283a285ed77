"""The JSON API: the same filters and figures as the pages, documented at /docs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from app.queries import actors as actor_queries
from app.queries import claims as claim_queries
from app.queries import history, overview
from app.queries import topics as topic_queries
from app.queries.search import parse_filter, search_claims
from app.web import apiconvert as convert
from app.web.apiparams import FilterQuery, Slug, Text, filter_query
from app.web.deps import DbSession
from app.web.guards import refuse_nul_bytes
from app.web.routes.home import recent_changes
from app.web.schemas import (
    ActorDetailOut,
    ActorOut,
    ApiIndexOut,
    ClaimDetailOut,
    ClaimPage,
    OverviewOut,
    TopicDetailOut,
    TopicOut,
)
from app.web.templating import render

router = APIRouter(prefix="/api", dependencies=[Depends(refuse_nul_bytes)])
docs_router = APIRouter(include_in_schema=False)


@docs_router.get("/docs", response_class=HTMLResponse)
@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def api_docs(request: Request) -> Response:
    """Show the API reference with the vendored Swagger UI (works with no internet)."""
    return render(request, "api_docs.html", {})


@router.get("/", response_model=ApiIndexOut, tags=["index"], summary="Index of the endpoints")
def api_index(request: Request) -> ApiIndexOut:
    """Start here: every endpoint of the JSON API with a one-line summary, and where the
    interactive reference and the OpenAPI document are."""
    return convert.api_index(request.app.openapi())


@router.get("/claims", response_model=ClaimPage, tags=["claims"], summary="Search claims")
def api_claims(
    session: DbSession,
    query: Annotated[FilterQuery, Depends(filter_query)],
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> ClaimPage:
    """Return one page of claims matching the filters, with the total and facet counts."""
    flt, problems = parse_filter(session, query)
    if problems:
        # The schema already refuses unknown stances, kinds and statuses; what is left is a
        # topic slug nobody defined, which is a missing thing rather than a malformed request.
        unknown_topic = all(p.startswith("unknown topic") for p in problems)
        raise HTTPException(404 if unknown_topic else 422, "; ".join(problems))
    return convert.claim_page(search_claims(session, flt, page=page, per_page=per_page))


@router.get(
    "/claims/{claim_id}", response_model=ClaimDetailOut, tags=["claims"], summary="One claim"
)
def api_claim(session: DbSession, claim_id: int) -> ClaimDetailOut:
    """Return one claim with every tag, its evidence, decisions and related claims."""
    claim = claim_queries.get_claim(session, claim_id)
    if claim is None:
        raise HTTPException(404, f"There is no claim {claim_id}.")
    deciders = claim_queries.list_user_names(session, [t.decided_by for t in claim.stance_tags])
    events = history.list_claim_history(session, claim_id)
    related = claim_queries.list_related_claims(session, claim)
    return convert.claim_detail(claim, deciders, events, related)


@router.get("/topics", response_model=list[TopicOut], tags=["topics"], summary="Every topic")
def api_topics(session: DbSession) -> list[TopicOut]:
    """Return every topic with its stance figures (claims and confirmed share)."""
    return [convert.topic(s.topic, s.mix) for s in topic_queries.list_topic_summaries(session)]


@router.get("/topics/{slug}", response_model=TopicDetailOut, tags=["topics"], summary="One topic")
def api_topic(session: DbSession, slug: Annotated[Slug, PathParam()]) -> TopicDetailOut:
    """Return a topic with claims per month, actors by stance and the latest claims."""
    topic = topic_queries.get_topic(session, slug)
    if topic is None:
        raise HTTPException(404, f"There is no topic '{slug[:80]}'.")
    return convert.topic_detail(
        topic,
        topic_queries.get_stance_mix(session, topic.id),
        topic_queries.list_monthly_stances(session, topic.id),
        topic_queries.list_actor_groups(session, topic.id, per_group=1000),
        claim_queries.list_latest_claims(session, topic_id=topic.id, limit=20),
    )


@router.get("/actors", response_model=list[ActorOut], tags=["actors"], summary="Find actors")
def api_actors(
    session: DbSession,
    q: Annotated[Text | None, Query(max_length=200, description="Part of a name or alias.")] = None,
) -> list[ActorOut]:
    """Return actors with their claim counts, most claims first."""
    return [ActorOut(**vars(a)) for a in actor_queries.list_actors(session, q=q)]


@router.get("/actors/{slug}", response_model=ActorDetailOut, tags=["actors"], summary="One actor")
def api_actor(session: DbSession, slug: Annotated[Slug, PathParam()]) -> ActorDetailOut:
    """Return an actor's stance per topic (latest and counts), aliases and latest claims."""
    actor = actor_queries.get_actor(session, slug)
    if actor is None:
        raise HTTPException(404, f"There is no actor '{slug[:80]}'.")
    return convert.actor_detail(
        actor,
        actor_queries.count_actor_claims(session, actor.id),
        actor_queries.list_topic_stances(session, actor.id),
        claim_queries.list_latest_claims(session, actor_id=actor.id, limit=20),
    )


@router.get(
    "/overview", response_model=OverviewOut, tags=["overview"], summary="The front page's figures"
)
def api_overview(request: Request, session: DbSession) -> OverviewOut:
    """Return the totals, every topic's figures, recent stance changes and the importer state."""
    return convert.overview(
        overview.get_totals(session),
        topic_queries.list_topic_summaries(session),
        recent_changes(request, session),
        overview.get_importer_state(session),
    )
