"""Editors' changes to one claim and its stance tags; each returns the updated fragment."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from app.models import ActorKind, ClaimKind, ClaimStatus, Stance
from app.services import annotation
from app.services.errors import Invalid
from app.web.auth import Editor
from app.web.deps import DbSession
from app.web.editing import commit_change, panel_context, panel_response, tag_response
from app.web.templating import render

router = APIRouter(tags=["editing"])

Note = Annotated[str | None, Form(max_length=annotation.MAX_NOTE)]
Position = Annotated[int, Form(ge=0, le=100_000_000)]
BigId = Annotated[int, Path(ge=1, le=9_223_372_036_854_775_807)]


class Decision(enum.StrEnum):
    """What an editor does with a tag: set a stance and confirm, confirm as is, or reject."""

    supports = "supports"
    opposes = "opposes"
    mixed = "mixed"
    neutral = "neutral"
    confirm = "confirm"
    reject = "reject"


@router.get("/claims/{claim_id}/edit", response_class=HTMLResponse, include_in_schema=False)
def claim_edit(request: Request, session: DbSession, user: Editor, claim_id: BigId) -> Response:
    """Show the editing panel for one claim (a page, or the panel for HTMX)."""
    context = panel_context(session, claim_id)
    return render(request, "claim_edit.html", context, block="panel")


@router.post("/tags/{tag_id}/decide", response_class=HTMLResponse)
def tag_decide(
    request: Request,
    session: DbSession,
    user: Editor,
    tag_id: BigId,
    version: Annotated[int, Form(ge=1, le=2_000_000_000)],
    decision: Annotated[Decision, Form()],
    note: Note = None,
    settle: Annotated[bool, Form()] = False,
) -> Response:
    """Confirm, change or reject a stance tag the editor saw at `version`."""
    stance = Stance(decision.value) if decision.value in Stance.__members__ else None
    error = commit_change(
        session,
        lambda: annotation.decide_tag(
            session,
            user_id=user.id,
            tag_id=tag_id,
            expected_version=version,
            stance=stance,
            reject=decision == Decision.reject,
            note=note,
            settle=settle,
        ),
    )
    if error is not None:
        entered = {"decision": decision.value, "note": note, "settle": settle}
        return tag_response(request, session, tag_id, error=error, entered=entered)
    return tag_response(request, session, tag_id)


@router.post("/claims/{claim_id}/tags", response_class=HTMLResponse)
def claim_add_tag(
    request: Request,
    session: DbSession,
    user: Editor,
    claim_id: BigId,
    topic_id: Annotated[int, Form(ge=1, le=32767)],
    stance: Annotated[Stance, Form()],
) -> Response:
    """Give the claim a confirmed stance on another topic."""
    return _apply(
        request,
        session,
        claim_id,
        {"topic_id": topic_id, "stance": stance.value},
        lambda: annotation.add_tag(
            session, user_id=user.id, claim_id=claim_id, topic_id=topic_id, stance=stance
        ),
    )


@router.post("/claims/{claim_id}/actor", response_class=HTMLResponse)
def claim_set_actor(
    request: Request,
    session: DbSession,
    user: Editor,
    claim_id: BigId,
    expected_actor_id: Annotated[str, Form(max_length=20)] = "",
    actor_id: Annotated[str, Form(max_length=20)] = "",
    new_actor_name: Annotated[str, Form(max_length=annotation.MAX_ACTOR_NAME)] = "",
    new_actor_kind: Annotated[ActorKind, Form()] = ActorKind.other,
) -> Response:
    """Attribute the claim to an existing actor, a new one, or nobody."""
    entered = {
        "actor_id": actor_id,
        "new_actor_name": new_actor_name,
        "new_actor_kind": new_actor_kind.value,
    }
    return _apply(
        request,
        session,
        claim_id,
        entered,
        lambda: annotation.set_claim_actor(
            session,
            user_id=user.id,
            claim_id=claim_id,
            expected_actor_id=_optional_id(expected_actor_id),
            actor_id=_optional_id(actor_id),
            new_actor_name=new_actor_name or None,
            new_actor_kind=new_actor_kind,
        ),
    )


@router.post("/claims/{claim_id}/kind", response_class=HTMLResponse)
def claim_set_kind(
    request: Request,
    session: DbSession,
    user: Editor,
    claim_id: BigId,
    kind: Annotated[ClaimKind, Form()],
    expected_kind: Annotated[ClaimKind | None, Form()] = None,
) -> Response:
    """Change the kind of claim."""
    return _apply(
        request,
        session,
        claim_id,
        {"kind": kind.value},
        lambda: annotation.set_claim_kind(
            session, user_id=user.id, claim_id=claim_id, expected_kind=expected_kind, kind=kind
        ),
    )


@router.post("/claims/{claim_id}/span", response_class=HTMLResponse)
def claim_set_span(
    request: Request,
    session: DbSession,
    user: Editor,
    claim_id: BigId,
    start: Position,
    end: Position,
    expected_start: Position,
    expected_end: Position,
) -> Response:
    """Re-select the claim's words within its article."""
    return _apply(
        request,
        session,
        claim_id,
        {"start": start, "end": end},
        lambda: annotation.set_claim_span(
            session,
            user_id=user.id,
            claim_id=claim_id,
            expected_start=expected_start,
            expected_end=expected_end,
            start=start,
            end=end,
        ),
    )


@router.post("/claims/{claim_id}/status", response_class=HTMLResponse)
def claim_set_status(
    request: Request,
    session: DbSession,
    user: Editor,
    claim_id: BigId,
    status: Annotated[ClaimStatus, Form()],
) -> Response:
    """Mark the claim as not a claim, or restore it."""
    return _apply(
        request,
        session,
        claim_id,
        {"status": status.value},
        lambda: annotation.set_claim_status(
            session, user_id=user.id, claim_id=claim_id, status=status
        ),
    )


@router.post("/claims/{claim_id}/notes", response_class=HTMLResponse)
def claim_add_note(
    request: Request,
    session: DbSession,
    user: Editor,
    claim_id: BigId,
    note: Annotated[str, Form(max_length=annotation.MAX_NOTE, pattern=r"\S")],
) -> Response:
    """Add a note to the claim's history."""
    return _apply(
        request,
        session,
        claim_id,
        {"note": note},
        lambda: annotation.add_claim_note(session, user_id=user.id, claim_id=claim_id, note=note),
    )


def _apply(
    request: Request,
    session: DbSession,
    claim_id: BigId,
    entered: dict[str, Any],
    change: Callable[[], object],
) -> Response:
    """Run one change in its own transaction and answer with the panel."""
    error = commit_change(session, change)
    if error is not None:
        return panel_response(request, session, claim_id, error=error, entered=entered)
    return panel_response(request, session, claim_id)


def _optional_id(value: str) -> int | None:
    """Read a select's value: '' means none; anything else must be a whole number."""
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 9:
        raise Invalid("Pick an actor from the list.")
    return int(value)
