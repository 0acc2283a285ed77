"""The review queue: suggested (or disputed) stance tags, oldest first, one claim at a time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, case, false, func, select, tuple_
from sqlalchemy.orm import Session

from app.models import (
    Article,
    Claim,
    ClaimStatus,
    FacetCount,
    Stance,
    StanceTag,
    TagStatus,
)
from app.vocabulary import DIM_REVIEW


@dataclass(frozen=True)
class ReviewFilter:
    """Which tags the queue holds; the URL's query string carries it."""

    topic_id: int | None = None
    actor_id: int | None = None
    source_id: int | None = None
    disputed: bool = False
    reversal: bool = False  # only suggestions contradicting the actor's confirmed stance
    # (actor id, topic id, stance) of the suggestions that would be possible reversals;
    # worked out by stances.possible_reversals, so the queue and the pages agree.
    reversals: frozenset[tuple[int, int, str]] = frozenset()

    @property
    def is_plain(self) -> bool:
        return (self.topic_id, self.actor_id, self.source_id, self.disputed, self.reversal) == (
            (None,) * 3 + (False, False)
        )


@dataclass(frozen=True)
class QueueSpot:
    """A claim in the queue and the tag that places it there."""

    claim_id: int
    tag_id: int
    created_at: dt.datetime
    rank: int = 1  # 0: a possible reversal


def _is_reversal(flt: ReviewFilter) -> ColumnElement[bool]:
    if not flt.reversals:
        return false()
    key = tuple_(Claim.actor_id, StanceTag.topic_id, StanceTag.stance)
    return key.in_([(a, t, Stance(s)) for a, t, s in sorted(flt.reversals)])


def _rank(flt: ReviewFilter) -> ColumnElement[int]:
    """0 for possible reversals, which the queue shows first, else 1."""
    return case((_is_reversal(flt), 0), else_=1)


def _matching(flt: ReviewFilter) -> Select[int, int, dt.datetime, int]:
    stmt = (
        select(StanceTag.claim_id, StanceTag.id, StanceTag.created_at, _rank(flt))
        .join(Claim, Claim.id == StanceTag.claim_id)
        .where(Claim.status == ClaimStatus.active)
    )
    if flt.disputed:
        stmt = stmt.where(StanceTag.disputed.is_(True))
    else:
        stmt = stmt.where(StanceTag.status == TagStatus.suggested)
    if flt.reversal:
        stmt = stmt.where(_is_reversal(flt))
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
    """Return the first queue spot at or after a tag's place (or the first overall)."""
    rank = _rank(flt)
    stmt = _matching(flt).order_by(rank, StanceTag.created_at, StanceTag.id).limit(1)
    anchor = _tag_key(session, flt, from_tag)
    if anchor is not None:
        stmt = stmt.where(tuple_(rank, StanceTag.created_at, StanceTag.id) >= anchor)
    row = session.execute(stmt).first()
    if row is None and anchor is not None:  # past the end: wrap to the first
        return get_spot(session, flt)
    return QueueSpot(row[0], row[1], row[2], row[3]) if row else None


def get_neighbour(
    session: Session, flt: ReviewFilter, spot: QueueSpot, *, forward: bool
) -> QueueSpot | None:
    """Return the next (or previous) spot on another claim."""
    rank = _rank(flt)
    key = tuple_(rank, StanceTag.created_at, StanceTag.id)
    here = (spot.rank, spot.created_at, spot.tag_id)
    stmt = _matching(flt).where(StanceTag.claim_id != spot.claim_id)
    if forward:
        stmt = stmt.where(key > here).order_by(rank, StanceTag.created_at, StanceTag.id)
    else:
        stmt = stmt.where(key < here).order_by(
            rank.desc(), StanceTag.created_at.desc(), StanceTag.id.desc()
        )
    row = session.execute(stmt.limit(1)).first()
    return QueueSpot(row[0], row[1], row[2], row[3]) if row else None


def count_left(session: Session, flt: ReviewFilter) -> int:
    """Return how many claims the queue still holds."""
    if flt.is_plain:
        # The maintained facet count: active claims with a suggested tag.
        stmt = select(FacetCount.n).where(
            FacetCount.scope_topic == 0,
            FacetCount.scope_stance == 0,
            FacetCount.dim == DIM_REVIEW,
            FacetCount.key == 0,
        )
        return int(session.scalar(stmt) or 0)
    sub = _matching(flt).with_only_columns(StanceTag.claim_id).distinct().subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def _tag_key(
    session: Session, flt: ReviewFilter, tag_id: int | None
) -> tuple[int, dt.datetime, int] | None:
    if tag_id is None:
        return None
    stmt = (
        select(_rank(flt), StanceTag.created_at)
        .join(Claim, Claim.id == StanceTag.claim_id)
        .where(StanceTag.id == tag_id)
    )
    row = session.execute(stmt).first()
    return (row[0], row[1], tag_id) if row is not None else None
