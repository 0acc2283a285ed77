"""The review queue: suggested (or disputed) stance tags, oldest first, one claim at a time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.orm import Session

from app.models import (
    Article,
    Claim,
    ClaimStatus,
    FacetCount,
    StanceTag,
    TagStatus,
)


@dataclass(frozen=True)
class ReviewFilter:
    """Which tags the queue holds; the URL's query string carries it."""

    topic_id: int | None = None
    actor_id: int | None = None
    source_id: int | None = None
    disputed: bool = False

    @property
    def is_plain(self) -> bool:
        return (self.topic_id, self.actor_id, self.source_id, self.disputed) == (None,) * 3 + (
            False,
        )


@dataclass(frozen=True)
class QueueSpot:
    """A claim in the queue and the tag that places it there."""

    claim_id: int
    tag_id: int
    created_at: dt.datetime


def _matching(flt: ReviewFilter) -> Select[int, int, dt.datetime]:
    stmt = (
        select(StanceTag.claim_id, StanceTag.id, StanceTag.created_at)
        .join(Claim, Claim.id == StanceTag.claim_id)
        .where(Claim.status == ClaimStatus.active)
    )
    if flt.disputed:
        stmt = stmt.where(StanceTag.disputed.is_(True))
    else:
        stmt = stmt.where(StanceTag.status == TagStatus.suggested)
    if flt.topic_id is not None:
        stmt = stmt.where(StanceTag.topic_id == flt.topic_id)
    if flt.actor_id is not None:
        stmt = stmt.where(Claim.actor_id == flt.actor_id)
    if flt.source_id is not None:
        stmt = stmt.join(Article, Article.id == Claim.article_id).where(
            Article.source_id == flt.source_id
        )
    return stmt


def get_spot(
    session: Session, flt: ReviewFilter, *, from_tag: int | None = None
) -> QueueSpot | None:
    """Return the first queue spot at or after a tag's place (or the oldest overall)."""
    stmt = _matching(flt).order_by(StanceTag.created_at, StanceTag.id).limit(1)
    anchor = _tag_key(session, from_tag)
    if anchor is not None:
        stmt = stmt.where(tuple_(StanceTag.created_at, StanceTag.id) >= anchor)
    row = session.execute(stmt).first()
    if row is None and anchor is not None:  # past the end: wrap to the oldest
        return get_spot(session, flt)
    return QueueSpot(row[0], row[1], row[2]) if row else None


def get_neighbour(
    session: Session, flt: ReviewFilter, spot: QueueSpot, *, forward: bool
) -> QueueSpot | None:
    """Return the next (or previous) spot on another claim."""
    key = tuple_(StanceTag.created_at, StanceTag.id)
    here = (spot.created_at, spot.tag_id)
    stmt = _matching(flt).where(StanceTag.claim_id != spot.claim_id)
    if forward:
        stmt = stmt.where(key > here).order_by(StanceTag.created_at, StanceTag.id)
    else:
        stmt = stmt.where(key < here).order_by(StanceTag.created_at.desc(), StanceTag.id.desc())
    row = session.execute(stmt.limit(1)).first()
    return QueueSpot(row[0], row[1], row[2]) if row else None


def count_left(session: Session, flt: ReviewFilter) -> int:
    """Return how many claims the queue still holds."""
    if flt.is_plain:
        # The maintained facet count: active claims with a suggested tag.
        stmt = select(FacetCount.n).where(
            FacetCount.scope_topic == 0,
            FacetCount.scope_stance == 0,
            FacetCount.dim == "r",
            FacetCount.key == 0,
        )
        return int(session.scalar(stmt) or 0)
    sub = _matching(flt).with_only_columns(StanceTag.claim_id).distinct().subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def _tag_key(session: Session, tag_id: int | None) -> tuple[dt.datetime, int] | None:
    if tag_id is None:
        return None
    created = session.scalar(select(StanceTag.created_at).where(StanceTag.id == tag_id))
    return (created, tag_id) if created is not None else None
