"""Editors' changes to claims and stance tags, each recorded in the history.

Every function runs inside the caller's transaction, locks the row it changes
(so two editors queue instead of racing), checks the version or value the
editor saw, applies the change and appends one history event. The facet
counts follow through the database triggers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from app.models import ActorKind, Claim, ClaimKind, ClaimStatus, Stance, StanceTag, TagStatus
from app.queries import catalogue, editing, history
from app.services.errors import Conflict, Invalid, NotFound
from app.services.text import clean_line, clean_text

MAX_NOTE = 5000
MAX_SPAN = 3000
MAX_ACTOR_NAME = 200


def tag_snapshot(tag: StanceTag) -> dict[str, Any]:
    """Return the fields of a tag that history and conflict responses show."""
    return {
        "topic_id": tag.topic_id,
        "stance": tag.stance.value,
        "status": tag.status.value,
        "disputed": tag.disputed,
        "version": tag.version,
        "note": tag.note,
        "decided_by": tag.decided_by,
    }


def claim_snapshot(claim: Claim) -> dict[str, Any]:
    """Return the fields of a claim that editors change."""
    return {
        "actor_id": claim.actor_id,
        "kind": claim.kind.value if claim.kind else None,
        "status": claim.status.value,
        "start_pos": claim.start_pos,
        "end_pos": claim.end_pos,
        "text": claim.text,
    }


def decide_tag(
    session: Session,
    *,
    user_id: int,
    tag_id: int,
    expected_version: int,
    stance: Stance | None = None,
    reject: bool = False,
    note: str | None = None,
    settle: bool = False,
) -> StanceTag:
    """Confirm (with stance, possibly changed) or reject a tag the editor saw at a version."""
    tag = editing.lock_tag(session, tag_id)
    if tag is None:
        raise NotFound("No such stance tag.")
    if tag.version != expected_version:
        raise Conflict("Another editor changed this tag after you loaded it.", tag_snapshot(tag))
    before = tag_snapshot(tag)
    old_outcome = _outcome(tag.status, tag.stance)
    new_status = TagStatus.rejected if reject else TagStatus.confirmed
    new_stance = stance if stance is not None and not reject else tag.stance
    # A different editor reaching a different outcome is a dispute, not a correction.
    someone_else = tag.decided_by is not None and tag.decided_by != user_id
    if someone_else and tag.status != TagStatus.suggested:
        tag.disputed = tag.disputed or old_outcome != _outcome(new_status, new_stance)
    if settle:
        tag.disputed = False
    tag.status, tag.stance = new_status, new_stance
    tag.decided_by, tag.decided_at = user_id, _now()
    tag.version += 1
    if note is not None:
        tag.note = _clean_note(note) or None
    session.flush()
    action = (
        "reject" if reject else ("change" if new_stance.value != before["stance"] else "confirm")
    )
    _record_tag(session, user_id, tag, action, before)
    return tag


def add_tag(
    session: Session, *, user_id: int, claim_id: int, topic_id: int, stance: Stance
) -> StanceTag:
    """Give a claim a confirmed stance on a topic it has no tag on yet."""
    if editing.lock_claim(session, claim_id) is None:
        raise NotFound("No such claim.")
    topic = catalogue.get_topic_by_id(session, topic_id)
    if topic is None or topic.retired:
        raise Invalid("Pick a current topic.")
    tag_id = editing.insert_decided_tag(
        session, claim_id=claim_id, topic_id=topic_id, stance=stance, user_id=user_id, at=_now()
    )
    if tag_id is None:
        existing = editing.get_tag_on_topic(session, claim_id, topic_id)
        current = tag_snapshot(existing) if existing else {}
        raise Conflict("The claim already has a stance on this topic; change that one.", current)
    tag = editing.get_tag(session, tag_id)
    assert tag is not None
    _record_tag(session, user_id, tag, "add", None)
    return tag


def set_claim_actor(
    session: Session,
    *,
    user_id: int,
    claim_id: int,
    expected_actor_id: int | None,
    actor_id: int | None = None,
    new_actor_name: str | None = None,
    new_actor_kind: ActorKind = ActorKind.other,
) -> Claim:
    """Attribute the claim to an existing actor, a new one (by name) or nobody."""
    claim = _lock_claim(session, claim_id)
    _check_seen(claim, "actor_id", expected_actor_id)
    if new_actor_name is not None and new_actor_name.strip():
        actor_id = _find_or_create_actor(session, user_id, new_actor_name, new_actor_kind)
    elif actor_id is not None and catalogue.get_actor_by_id(session, actor_id) is None:
        raise Invalid("No such actor.")
    return _change_claim(session, user_id, claim, "actor", actor_id=actor_id)


def set_claim_kind(
    session: Session,
    *,
    user_id: int,
    claim_id: int,
    expected_kind: ClaimKind | None,
    kind: ClaimKind | None,
) -> Claim:
    """Change what kind of claim this is."""
    claim = _lock_claim(session, claim_id)
    _check_seen(claim, "kind", expected_kind.value if expected_kind else None)
    return _change_claim(session, user_id, claim, "kind", kind=kind)


def set_claim_span(
    session: Session,
    *,
    user_id: int,
    claim_id: int,
    expected_start: int,
    expected_end: int,
    start: int,
    end: int,
) -> Claim:
    """Re-select the claim's words within its article's text."""
    claim = _lock_claim(session, claim_id)
    if (claim.start_pos, claim.end_pos) != (expected_start, expected_end):
        raise Conflict("Another editor changed this claim's span.", claim_snapshot(claim))
    text = claim.article.text
    if not 0 <= start < end <= len(text):
        raise Invalid("The selection must lie within the article's text.")
    # Trim the whitespace a mouse selection tends to catch at either end.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start == 0 or end - start > MAX_SPAN:
        raise Invalid(f"Select between 1 and {MAX_SPAN} characters.")
    return _change_claim(
        session, user_id, claim, "span", start_pos=start, end_pos=end, text=text[start:end]
    )


def set_claim_status(
    session: Session, *, user_id: int, claim_id: int, status: ClaimStatus
) -> Claim:
    """Mark a claim as not a claim, or restore it."""
    claim = _lock_claim(session, claim_id)
    return _change_claim(session, user_id, claim, "status", status=status)


def add_claim_note(session: Session, *, user_id: int, claim_id: int, note: str) -> Claim:
    """Append an editor's note to the claim's history."""
    claim = _lock_claim(session, claim_id)
    cleaned = _clean_note(note)
    if not cleaned:
        raise Invalid("The note is empty.")
    history.record_event(
        session,
        user_id=user_id,
        object_type="claim",
        object_id=claim.id,
        claim_id=claim.id,
        action="note",
        before=None,
        after={"note": cleaned},
    )
    return claim


def _lock_claim(session: Session, claim_id: int) -> Claim:
    claim = editing.lock_claim(session, claim_id)
    if claim is None:
        raise NotFound("No such claim.")
    return claim


def _check_seen(claim: Claim, field: str, expected: object) -> None:
    if claim_snapshot(claim)[field] != expected:
        raise Conflict(
            "Another editor changed this claim after you loaded it.", claim_snapshot(claim)
        )


def _change_claim(
    session: Session, user_id: int, claim: Claim, action: str, **values: Any
) -> Claim:
    before = claim_snapshot(claim)
    for name, value in values.items():
        setattr(claim, name, value)
    session.flush()
    after = claim_snapshot(claim)
    if after != before:
        history.record_event(
            session,
            user_id=user_id,
            object_type="claim",
            object_id=claim.id,
            claim_id=claim.id,
            action=action,
            before=before,
            after=after,
        )
    return claim


def _find_or_create_actor(session: Session, user_id: int, name: str, kind: ActorKind) -> int:
    name = clean_line(name)
    if not name:
        raise Invalid("The new actor needs a name.")
    if len(name) > MAX_ACTOR_NAME:
        raise Invalid(f"An actor's name may have at most {MAX_ACTOR_NAME} characters.")
    existing = catalogue.find_actor_by_name(session, name)
    if existing is not None:
        return existing.id
    actor = catalogue.create_actor(session, name=name, kind=kind)
    history.record_event(
        session,
        user_id=user_id,
        object_type="actor",
        object_id=actor.id,
        action="create",
        before=None,
        after={"name": actor.name, "slug": actor.slug, "kind": actor.kind.value},
    )
    return actor.id


def _record_tag(
    session: Session, user_id: int, tag: StanceTag, action: str, before: dict[str, Any] | None
) -> None:
    history.record_event(
        session,
        user_id=user_id,
        object_type="stance_tag",
        object_id=tag.id,
        claim_id=tag.claim_id,
        action=action,
        before=before,
        after=tag_snapshot(tag),
    )


def _outcome(status: TagStatus, stance: Stance) -> str:
    return "rejected" if status == TagStatus.rejected else stance.value


def _clean_note(note: str) -> str:
    cleaned = clean_text(note)
    if len(cleaned) > MAX_NOTE:
        raise Invalid(f"A note may have at most {MAX_NOTE} characters.")
    return cleaned


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
