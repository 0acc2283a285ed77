"""The review queue: one claim at a time, decided with the keyboard."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BeforeValidator, Field
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.queries import catalogue, history, review, stances, users
from app.queries.review import ReviewFilter
from app.services import undo
from app.web.auth import CurrentUser, Editor
from app.web.deps import DbSession
from app.web.editing import STANCE_KEYS, commit_change, is_htmx, load_claim
from app.web.passages import excerpt_around
from app.web.templating import render

router = APIRouter(include_in_schema=False)

TopicParam = Annotated[str, Query(max_length=100)]


def _blank_is_none(value: object) -> object:
    # A select's "all ..." option submits `source=`; that means no filter, not an error.
    return None if value == "" else value


IdParam = Annotated[
    Annotated[int, Field(ge=1, le=2_000_000_000)] | None,
    BeforeValidator(_blank_is_none),
    Query(),
]


@router.get("/review", response_class=HTMLResponse)
def review_page(
    request: Request,
    session: DbSession,
    user: Editor,
    topic: TopicParam = "",
    actor: IdParam = None,
    source: IdParam = None,
    disputed: bool = False,
    reversal: bool = False,
    at: IdParam = None,
) -> Response:
    """Show the first claim in the queue (or the one at `at`): possible reversals, then oldest."""
    flt = _filter(session, topic, actor, source, disputed, reversal)
    context = {**_item_context(session, flt, at), **_status_context(session, flt, user)}
    context.update(_choices(session, flt, topic))
    return render(request, "review.html", context, block="item")


@router.get("/review/status", response_class=HTMLResponse)
def review_status(
    request: Request,
    session: DbSession,
    user: Editor,
    topic: TopicParam = "",
    actor: IdParam = None,
    source: IdParam = None,
    disputed: bool = False,
    reversal: bool = False,
) -> Response:
    """Return the counter and the editor's latest decisions."""
    flt = _filter(session, topic, actor, source, disputed, reversal)
    context = {**_status_context(session, flt, user), **_choices(session, flt, topic)}
    return render(request, "review.html", context, block="status")


@router.post("/review/undo", response_class=HTMLResponse)
def review_undo(
    request: Request,
    session: DbSession,
    user: Editor,
    event_id: Annotated[int, Form(ge=1, le=9_223_372_036_854_775_807)],
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Undo one of the editor's recent decisions and show that claim again in the queue."""
    error = commit_change(
        session, lambda: undo.undo_event(session, user_id=user.id, event_id=event_id)
    )
    if error is not None:
        raise HTTPException(error.status_code, error.message)
    target = _queue_at_undone(session, event_id, back)
    if is_htmx(request):
        return Response(headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def _queue_at_undone(session: Session, event_id: int, back: str) -> str:
    """Return the queue URL (the editor's filter, never another site) at the undone tag."""
    event = history.get_event(session, event_id)
    tag_id = event.object_id if event and event.object_type == "stance_tag" else None
    if tag_id is None and event and event.claim_id:
        tag_id = next((t.id for t in load_claim(session, event.claim_id).stance_tags), None)
    query = back if back.startswith("/review") else "/review"
    return f"{query}{'&' if '?' in query else '?'}at={tag_id}" if tag_id else query


def _filter(
    session: Session,
    topic: str,
    actor: int | None,
    source: int | None,
    disputed: bool,
    reversal: bool = False,
) -> ReviewFilter:
    topic_id = None
    if topic:
        found = [t for t in catalogue.list_all_topics(session) if t.slug == topic]
        if not found:
            raise HTTPException(404, f"There is no topic {topic!r}.")
        topic_id = found[0].id
    confirmed = stances.list_confirmed_stances(session)
    return ReviewFilter(
        topic_id=topic_id,
        actor_id=actor,
        source_id=source,
        disputed=disputed,
        reversal=reversal,
        reversals=stances.possible_reversals(confirmed),
    )


def _query(topic: str, flt: ReviewFilter) -> str:
    params = {
        "topic": topic,
        "actor": flt.actor_id,
        "source": flt.source_id,
        "disputed": "1" if flt.disputed else None,
        "reversal": "1" if flt.reversal else None,
    }
    return urlencode({k: v for k, v in params.items() if v})


def _item_context(session: Session, flt: ReviewFilter, at: int | None) -> dict[str, Any]:
    spot = review.get_spot(session, flt, from_tag=at)
    if spot is None:
        return {"spot": None, "claim": None}
    claim = load_claim(session, spot.claim_id)
    return {
        "spot": spot,
        "claim": claim,
        "excerpt": excerpt_around(claim.article.text, claim),  # type: ignore[arg-type]
        "next_spot": review.get_neighbour(session, flt, spot, forward=True),
        "prev_spot": review.get_neighbour(session, flt, spot, forward=False),
        "deciders": users.list_usernames(session, (t.decided_by for t in claim.stance_tags)),
        "stance_keys": STANCE_KEYS,
        "reversal_tags": {
            t.id
            for t in claim.stance_tags
            if t.status.value == "suggested"
            and (claim.actor_id, t.topic_id, t.stance.value) in flt.reversals
        },
    }


def _status_context(session: Session, flt: ReviewFilter, user: CurrentUser) -> dict[str, Any]:
    recent = history.list_recent_by_user(session, user.id)
    now = dt.datetime.now(dt.UTC)
    # Only the latest decision is offered for undo: undoing older ones out of order could
    # restore a state the editor never saw.
    undoable = recent[0] if recent and undo.can_undo(recent[0], user.id, now) else None
    return {"left": review.count_left(session, flt), "recent": recent, "undoable": undoable}


def _choices(session: Session, flt: ReviewFilter, topic: str) -> dict[str, Any]:
    return {
        "flt": flt,
        "topic_slug": topic,
        "query": _query(topic, flt),
        "topics": catalogue.list_all_topics(session, include_retired=False),
        "actors": catalogue.list_actor_choices(session),
        "sources": catalogue.list_sources(session),
    }
