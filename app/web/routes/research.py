"""Stances and their changes as data: /api/stances, /api/changes, /changes.atom, the rules page."""

from __future__ import annotations

import datetime as dt
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.models import ActorKind
from app.queries import actors as actor_queries
from app.queries import catalogue, stance_views
from app.queries import topics as topic_queries
from app.web.deps import DbSession
from app.web.guards import refuse_nul_bytes
from app.web.research_views import CACHED_CHANGES, current_stances, newest_changes
from app.web.routes.api import Slug, Text
from app.web.stance_schemas import ChangeOut, StanceOut, change_out, stance_out
from app.web.templating import render

router = APIRouter(dependencies=[Depends(refuse_nul_bytes)])
ATOM_ENTRIES = 50

TopicQ = Annotated[Slug | None, Query(description="Topic slug, as in /api/topics.")]
ActorQ = Annotated[
    Text | None, Query(max_length=200, description="Actor slug or display name (/api/actors).")
]
AsOfQ = Annotated[
    dt.date | None, Query(description="The stance as it stood on this day (YYYY-MM-DD).")
]
# The enum itself, so the document lists exactly the kinds the database accepts.
KindQ = Annotated[ActorKind | None, Query(description="The kind of actor.")]
SinceQ = Annotated[dt.date | None, Query(description="Changes dated on or after (YYYY-MM-DD).")]
LimitQ = Annotated[int, Query(ge=1, le=1000, description="At most this many, newest first.")]


def resolve_topic(session: Session, slug: str | None) -> int | None:
    """Return the topic id for slug (None for no filter); 404 when unknown."""
    if not slug:
        return None
    topic = topic_queries.get_topic(session, slug)
    if topic is None:
        raise HTTPException(404, f"There is no topic '{slug[:80]}'. See /api/topics.")
    return topic.id


def resolve_actor(session: Session, key: str | None) -> int | None:
    """Return the actor id for a slug or name (None for no filter); 404 when unknown."""
    if not key:
        return None
    actor = actor_queries.get_actor(session, key) or catalogue.find_actor_by_name(session, key)
    if actor is None:
        raise HTTPException(404, f"There is no actor '{key[:80]}'. See /api/actors.")
    return actor.id


@router.get(
    "/api/stances", response_model=list[StanceOut], tags=["stances"], summary="Current stances"
)
def api_stances(
    request: Request,
    session: DbSession,
    topic: TopicQ = None,
    actor: ActorQ = None,
    kind: KindQ = None,
    as_of: AsOfQ = None,
) -> list[StanceOut]:
    """Return each actor's current stance per topic, the claims behind it and the counts."""
    cells = stance_views.list_stance_cells(
        session,
        topic_id=resolve_topic(session, topic),
        actor_id=resolve_actor(session, actor),
        actor_kind=kind,
        as_of=as_of,
        current=None if as_of else current_stances(request, session),
    )
    return [stance_out(c) for c in cells]


@router.get(
    "/api/changes", response_model=list[ChangeOut], tags=["stances"], summary="Changes of stance"
)
def api_changes(
    request: Request,
    session: DbSession,
    topic: TopicQ = None,
    actor: ActorQ = None,
    since: SinceQ = None,
    limit: LimitQ = 200,
) -> list[ChangeOut]:
    """Return changes of stance, newest first, with both stances, dates and claim ids."""
    topic_id, actor_id = resolve_topic(session, topic), resolve_actor(session, actor)
    if limit > CACHED_CHANGES:
        rows = stance_views.list_change_rows(
            session, topic_id=topic_id, actor_id=actor_id, since=since, limit=limit
        )
    else:  # the newest ones, filtered by date, are the newest of those since that date
        newest = newest_changes(request, session, topic_id=topic_id, actor_id=actor_id)
        rows = [r for r in newest if since is None or r.change.after.day >= since][:limit]
    return [change_out(r) for r in rows]


@router.get("/changes.atom", include_in_schema=False)
def changes_atom(
    request: Request, session: DbSession, topic: TopicQ = None, actor: ActorQ = None
) -> Response:
    """Return the newest changes of stance as an Atom feed, filtered by topic and actor."""
    topic_id, actor_id = resolve_topic(session, topic), resolve_actor(session, actor)
    rows = newest_changes(request, session, topic_id=topic_id, actor_id=actor_id)[:ATOM_ENTRIES]
    query = urlencode({k: v for k, v in (("topic", topic), ("actor", actor)) if v})
    context = {"rows": rows, "base": str(request.base_url).rstrip("/"), "query": query}
    response = render(request, "changes.atom.xml", context)
    response.headers["content-type"] = "application/atom+xml; charset=utf-8"
    return response


@router.get("/help/stances", response_class=HTMLResponse, include_in_schema=False)
def stance_rules(request: Request) -> Response:
    """Explain how an actor's stance and a change of stance are worked out."""
    return render(request, "help_stances.html", {})
