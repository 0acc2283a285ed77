"""Undo an editor's recent decision: the tag or claim goes back to how it was before it.

An undo is itself a change in the history (action "undo"), so nothing is erased; it is
refused when someone changed the row since, as any stale edit is.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.models import AnnotationEvent, ClaimStatus, Stance, TagStatus
from app.queries import editing, history
from app.services.annotation import tag_snapshot
from app.services.errors import Conflict, Invalid, NotFound

# Long enough to notice a slip while working through the queue; older decisions are
# changed on the claim's page like any other.
UNDO_WINDOW = dt.timedelta(minutes=30)
UNDOABLE = {"stance_tag": ("confirm", "change", "reject"), "claim": ("status",)}


def can_undo(event: history.HistoryRow, user_id: int, now: dt.datetime) -> bool:
    """Return whether the user may still undo this event of theirs."""
    return (
        event.action in UNDOABLE.get(event.object_type, ())
        and now - event.at <= UNDO_WINDOW
        and event.before is not None
    )


def undo_event(session: Session, *, user_id: int, event_id: int) -> AnnotationEvent:
    """Put the event's tag or claim back as it was before; return the event undone."""
    event = history.get_event(session, event_id)
    if event is None or event.user_id != user_id:
        raise NotFound("There is no such decision of yours.")
    if event.action not in UNDOABLE.get(event.object_type, ()) or event.before is None:
        raise Invalid("That change cannot be undone here; edit the claim instead.")
    if _now() - event.at > UNDO_WINDOW:
        raise Invalid("That decision is too old to undo here; change it on the claim's page.")
    if event.object_type == "stance_tag":
        _restore_tag(session, user_id, event)
    else:
        _restore_claim_status(session, user_id, event)
    return event


def _restore_tag(session: Session, user_id: int, event: AnnotationEvent) -> None:
    tag = editing.lock_tag(session, event.object_id)
    if tag is None:
        raise NotFound("The stance tag no longer exists.")
    assert event.before is not None and event.after is not None
    if tag.version != event.after.get("version"):
        raise Conflict("The tag was changed again after that decision.", tag_snapshot(tag))
    current = tag_snapshot(tag)
    old = event.before
    tag.stance, tag.status = Stance(old["stance"]), TagStatus(old["status"])
    tag.disputed, tag.note, tag.decided_by = old["disputed"], old["note"], old["decided_by"]
    tag.decided_at = None if tag.decided_by is None else _now()
    tag.version += 1
    session.flush()
    history.record_event(
        session,
        user_id=user_id,
        object_type="stance_tag",
        object_id=tag.id,
        claim_id=tag.claim_id,
        action="undo",
        before=current,
        after=tag_snapshot(tag),
    )


def _restore_claim_status(session: Session, user_id: int, event: AnnotationEvent) -> None:
    claim = editing.lock_claim(session, event.object_id)
    if claim is None:
        raise NotFound("The claim no longer exists.")
    assert event.before is not None and event.after is not None
    if claim.status.value != event.after.get("status"):
        raise Conflict("The claim was changed again after that decision.", {})
    claim.status = ClaimStatus(event.before["status"])
    session.flush()
    history.record_event(
        session,
        user_id=user_id,
        object_type="claim",
        object_id=claim.id,
        claim_id=claim.id,
        action="undo",
        before={"status": event.after["status"]},
        after={"status": claim.status.value},
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
