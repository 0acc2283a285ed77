"""The review queue: one claim at a time, decided with the keyboard."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.queries import catalogue, history, review, stances, users
from app.queries.review import ReviewFilter
from app.web.auth import CurrentUser, Editor
from app.web.deps import DbSession
from app.web.editing import STANCE_KEYS, load_claim
from app.web.passages import excerpt_around
from app.web.templating import render

router = APIRouter(include_in_schema=False)

TopicParam = Annotated[str, Query(max_length=100)]
IdParam = Annotated[int | None, Query(ge=1, le=2_000_000_000)]


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
    return {
        "left": review.count_left(session, flt),
        "recent": history.list_recent_by_user(session, user.id),
    }


def _choices(session: Session, flt: ReviewFilter, topic: str) -> dict[str, Any]:
    return {
        "flt": flt,
        "topic_slug": topic,
        "query": _query(topic, flt),
        "topics": catalogue.list_all_topics(session, include_retired=False),
        "actors": catalogue.list_actor_choices(session),
        "sources": catalogue.list_sources(session),
    }
