"""The research views' data, computed by queries/stance_views.py and kept per data version."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session

from app.models import Topic
from app.queries import stance_views, stances
from app.queries.stance_views import ActorRef, ChangeRow, TimelineRow
from app.queries.stances import CurrentStance
from app.web.stance_cache import stance_cache
from app.web.timeline import MAX_LANES, Timeline, build_timeline

CACHED_CHANGES = 200  # the most any page, feed or API answer asks for without a filter


@dataclass(frozen=True)
class TopicView:
    """What the topic page shows about its actors: rows, their timeline and changes."""

    rows: list[TimelineRow]  # without their article stances, which the timeline holds
    timeline: Timeline
    changes: list[ChangeRow]


def current_stances(request: Request, session: Session) -> list[CurrentStance]:
    """Return every (actor, topic) pair's current stance."""
    return stance_cache(request).get(
        session, ("current",), lambda: stances.list_current_stances(session)
    )


def newest_changes(
    request: Request, session: Session, *, topic_id: int | None = None, actor_id: int | None = None
) -> list[ChangeRow]:
    """Return the newest CACHED_CHANGES changes, filtered by topic and actor."""
    return stance_cache(request).get(
        session,
        ("changes", topic_id, actor_id),
        lambda: stance_views.list_change_rows(
            session, topic_id=topic_id, actor_id=actor_id, limit=CACHED_CHANGES
        ),
    )


@dataclass(frozen=True)
class ActorView:
    """What the actor page shows about its stances: a timeline per topic and its changes."""

    timeline: Timeline | None  # None when the actor has no tagged claim
    changes: list[ChangeRow]


def actor_view(request: Request, session: Session, actor: ActorRef) -> ActorView:
    """Return the actor's stance timeline (a row per topic) and its newest changes."""

    def compute() -> ActorView:
        per_topic, changes = stance_views.get_actor_stances(session, actor)
        lanes = [(t.name, f"/topics/{t.slug}", row) for t, row in per_topic]
        title = f"Stances of {actor.name} over time, per topic"
        return ActorView(build_timeline(lanes, title=title) if lanes else None, changes)

    return stance_cache(request).get(session, ("actor", actor.id), compute)


def topic_view(request: Request, session: Session, topic: Topic) -> TopicView:
    """Return the topic's actor rows, timeline and newest changes."""

    def compute() -> TopicView:
        rows, changes = stance_views.get_topic_stances(session, topic.id, lanes=MAX_LANES)
        lanes = [(r.actor.name, f"/actors/{r.actor.slug}", r) for r in rows]
        timeline = build_timeline(lanes, title=f"Stances on {topic.name} over time, per actor")
        slim = [TimelineRow(r.actor, r.stance, []) for r in rows]
        return TopicView(slim, timeline, changes)

    return stance_cache(request).get(session, ("topic", topic.id), compute)
