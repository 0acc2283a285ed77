"""What the editing views share: the claim panel's context, responses, error mapping."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.models import ActorKind, Claim, ClaimKind, StanceTag
from app.queries import catalogue, editing, history, users
from app.services.errors import Conflict, ServiceError
from app.vocabulary import STANCES
from app.web.templating import render

# The keys the review queue and the buttons share.
STANCE_KEYS = {"supports": "s", "opposes": "o", "mixed": "m", "neutral": "n"}


def commit_change(session: Session, change: Callable[[], object]) -> ServiceError | None:
    """Run one change and commit it; on a refusal roll back and return the error."""
    try:
        change()
        session.commit()
    except ServiceError as exc:
        session.rollback()
        return exc
    return None


def is_htmx(request: Request) -> bool:
    """Return whether HTMX sent the request (so a fragment is wanted)."""
    return request.headers.get("HX-Request") == "true"


def load_claim(session: Session, claim_id: int) -> Claim:
    """Return the claim with everything the panel shows, or raise 404."""
    claim = editing.get_claim_for_editing(session, claim_id)
    if claim is None:
        raise HTTPException(404, f"There is no claim {claim_id}.")
    return claim


def panel_context(
    session: Session,
    claim_id: int,
    *,
    error: ServiceError | None = None,
    entered: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Build the claim editing panel's context."""
    claim = load_claim(session, claim_id)
    tagged = {t.topic_id for t in claim.stance_tags}
    topics = [
        t for t in catalogue.list_all_topics(session, include_retired=False) if t.id not in tagged
    ]
    return {
        "claim": claim,
        "topics": topics,
        "actors": catalogue.list_actor_choices(session),
        "actor_kinds": [k.value for k in ActorKind],
        "claim_kinds": [k.value for k in ClaimKind],
        "stances": STANCES,
        "stance_keys": STANCE_KEYS,
        "deciders": users.list_usernames(session, (t.decided_by for t in claim.stance_tags)),
        "history": history.list_claim_history(session, claim_id),
        "error": error,
        "conflict": error.current if isinstance(error, Conflict) else None,
        "entered": entered or {},
    }


def tag_context(
    session: Session,
    tag: StanceTag,
    *,
    error: ServiceError | None = None,
    entered: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Build the context of one tag's decision controls."""
    names = users.list_usernames(session, [tag.decided_by])
    if isinstance(error, Conflict) and error.current.get("decided_by"):
        names.update(users.list_usernames(session, [error.current["decided_by"]]))
    return {
        "tag": tag,
        "claim": tag.claim,
        "deciders": names,
        "stances": STANCES,
        "stance_keys": STANCE_KEYS,
        "error": error,
        "conflict": error.current if isinstance(error, Conflict) else None,
        "entered": entered or {},
    }


def panel_response(
    request: Request,
    session: Session,
    claim_id: int,
    *,
    error: ServiceError | None = None,
    entered: dict[str, Any] | None = None,
) -> Response:
    """Return the updated panel to HTMX, or send a plain form back to the edit page."""
    if error is None and not is_htmx(request):
        return RedirectResponse(f"/claims/{claim_id}/edit", status_code=303)
    context = panel_context(session, claim_id, error=error, entered=entered)
    status = error.status_code if error else 200
    response = render(request, "claim_edit.html", context, block="panel", status_code=status)
    if error is None and request.query_params.get("embedded") == "1":
        # On the claim page the header, tags and history all change: reload it whole.
        response.headers["HX-Refresh"] = "true"
    return response


def tag_response(
    request: Request,
    session: Session,
    tag_id: int,
    *,
    error: ServiceError | None = None,
    entered: dict[str, Any] | None = None,
) -> Response:
    """Return one tag's updated controls, or send a plain form back to the claim page."""
    tag = editing.get_tag(session, tag_id)
    if tag is None:
        raise HTTPException(404, "There is no such stance tag.")
    if error is None and not is_htmx(request):
        return RedirectResponse(f"/claims/{tag.claim_id}", status_code=303)
    context = tag_context(session, tag, error=error, entered=entered)
    status = error.status_code if error else 200
    response = render(request, "partials/_tag_editor.html", context, status_code=status)
    if error is None:
        # After settle, so listeners see the swapped-in tag (HX-Trigger fires before the swap).
        response.headers["HX-Trigger-After-Settle"] = "claim-changed"
    return response
