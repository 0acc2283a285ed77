"""History: the append-only record of every editorial change."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, SmallInteger, and_, func, select, text
from sqlalchemy.orm import Session

from app.models import AnnotationEvent, Claim, Topic, User

# Actions on stance tags that are an editor's judgement of a stance (agreement counts these).
DECISION_ACTIONS = ("confirm", "change", "reject", "add")


@dataclass(frozen=True)
class HistoryRow:
    """One event as the history list shows it."""

    id: int
    at: dt.datetime
    username: str | None
    object_type: str
    object_id: int
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    claim_id: int | None = None
    claim_text: str | None = None
    topic_name: str | None = None

    @property
    def changes(self) -> list[tuple[str, Any, Any]]:
        """Return (field, before, after) for the fields that differ."""
        before, after = self.before or {}, self.after or {}
        hidden = {"version", "decided_by"}  # the row already says who; versions are plumbing
        keys = [k for k in after if k not in hidden]
        keys += [k for k in before if k not in after and k not in hidden]
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


@dataclass(frozen=True)
class Decision:
    """An editor's latest label for one tag: a stance or 'rejected'."""

    topic_id: int
    tag_id: int
    user_id: int
    label: str


def record_event(
    session: Session,
    *,
    user_id: int | None,
    object_type: str,
    object_id: int,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    claim_id: int | None = None,
) -> AnnotationEvent:
    """Append one event in the caller's transaction."""
    event = AnnotationEvent(
        user_id=user_id,
        object_type=object_type,
        object_id=object_id,
        claim_id=claim_id,
        action=action,
        before=before,
        after=after,
    )
    session.add(event)
    session.flush()
    return event


def record_claim_events(
    session: Session,
    *,
    user_id: int | None,
    claim_ids: list[int],
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> int:
    """Append the same event to many claims in one statement; return how many."""
    if not claim_ids:
        return 0
    stmt = text(
        """
        INSERT INTO annotation_events (user_id, object_type, object_id, claim_id, action,
                                       before, after)
        SELECT :user_id, 'claim', c, c, :action, CAST(:before AS jsonb), CAST(:after AS jsonb)
          FROM unnest(CAST(:ids AS bigint[])) AS c
        """
    )
    params = {
        "user_id": user_id,
        "action": action,
        "ids": claim_ids,
        "before": json.dumps(before),
        "after": json.dumps(after),
    }
    session.execute(stmt, params)
    return len(claim_ids)


def list_claim_history(session: Session, claim_id: int, *, limit: int = 200) -> list[HistoryRow]:
    """Return the events about a claim and its tags, newest first."""
    stmt = (
        _described()
        .where(AnnotationEvent.claim_id == claim_id)
        .order_by(AnnotationEvent.at.desc(), AnnotationEvent.id.desc())
        .limit(limit)
    )
    return [_row(e, name, words, topic) for e, name, words, topic in session.execute(stmt)]


def list_object_history(
    session: Session, object_type: str, object_id: int, *, limit: int = 100
) -> list[HistoryRow]:
    """Return the events about one topic, actor, source or user, newest first."""
    stmt = (
        select(AnnotationEvent, User.username)
        .outerjoin(User, User.id == AnnotationEvent.user_id)
        .where(AnnotationEvent.object_type == object_type, AnnotationEvent.object_id == object_id)
        .order_by(AnnotationEvent.at.desc(), AnnotationEvent.id.desc())
        .limit(limit)
    )
    return [_row(event, name) for event, name in session.execute(stmt)]


def list_recent_by_user(session: Session, user_id: int, *, limit: int = 8) -> list[HistoryRow]:
    """Return a user's latest changes, newest first."""
    stmt = (
        _described()
        .where(AnnotationEvent.user_id == user_id)
        .order_by(AnnotationEvent.at.desc(), AnnotationEvent.id.desc())
        .limit(limit)
    )
    return [_row(e, name, words, topic) for e, name, words, topic in session.execute(stmt)]


def get_event(session: Session, event_id: int) -> AnnotationEvent | None:
    """Return one event."""
    return session.get(AnnotationEvent, event_id)


def count_events(session: Session) -> int:
    """Return how many events exist (tests and the stats page use it)."""
    return session.scalar(select(func.count()).select_from(AnnotationEvent)) or 0


def list_latest_decisions(session: Session) -> list[Decision]:
    """Return each editor's latest decision on each stance tag."""
    # An editor's latest word on a tag may be an undo, which withdraws their decision.
    stmt = text(
        """
        SELECT topic_id, tag_id, user_id, label FROM (
            SELECT DISTINCT ON (object_id, user_id)
                   (after->>'topic_id')::int AS topic_id, object_id AS tag_id, user_id, action,
                   CASE WHEN after->>'status' = 'rejected' THEN 'rejected'
                        ELSE after->>'stance' END AS label
              FROM annotation_events
             WHERE object_type = 'stance_tag' AND action = ANY(:actions) AND user_id IS NOT NULL
             ORDER BY object_id, user_id, at DESC, id DESC
        ) latest
         WHERE action <> 'undo'
        """
    )
    rows = session.execute(stmt, {"actions": [*DECISION_ACTIONS, "undo"]})
    return [Decision(r.topic_id, r.tag_id, r.user_id, r.label) for r in rows]


def count_decisions_by_user(session: Session) -> list[tuple[str, int, int]]:
    """Return (username, decisions, tags decided) per editor, busiest first."""
    stmt = (
        select(
            User.username,
            func.count(AnnotationEvent.id),
            func.count(AnnotationEvent.object_id.distinct()),
        )
        .join(User, User.id == AnnotationEvent.user_id)
        .where(
            AnnotationEvent.object_type == "stance_tag",
            AnnotationEvent.action.in_(DECISION_ACTIONS),
        )
        .group_by(User.username)
        .order_by(func.count(AnnotationEvent.id).desc(), User.username)
    )
    return [(name, int(n), int(tags)) for name, n, tags in session.execute(stmt)]


def _described() -> Select[AnnotationEvent, str, str, str]:
    """Events with who made them, the claim's words and the topic's name, for plain lines."""
    topic_id = AnnotationEvent.after["topic_id"].astext.cast(SmallInteger)
    return (
        select(AnnotationEvent, User.username, Claim.text, Topic.name)
        .outerjoin(User, User.id == AnnotationEvent.user_id)
        .outerjoin(Claim, Claim.id == AnnotationEvent.claim_id)
        .outerjoin(Topic, and_(AnnotationEvent.object_type == "stance_tag", Topic.id == topic_id))
    )


def _row(
    event: AnnotationEvent,
    username: str | None,
    claim_text: str | None = None,
    topic_name: str | None = None,
) -> HistoryRow:
    return HistoryRow(
        id=event.id,
        at=event.at,
        username=username,
        object_type=event.object_type,
        object_id=event.object_id,
        action=event.action,
        before=event.before,
        after=event.after,
        claim_id=event.claim_id,
        claim_text=claim_text,
        topic_name=topic_name,
    )
