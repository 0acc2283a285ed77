"""Rows an editor changes: claims and stance tags, locked for the change."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session, selectinload

from app.models import Claim, Stance, StanceTag, TagStatus


def lock_tag(session: Session, tag_id: int) -> StanceTag | None:
    """Return a stance tag locked until the transaction ends (two editors queue here)."""
    stmt = (
        select(StanceTag)
        .where(StanceTag.id == tag_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.scalars(stmt).first()


def lock_claim(session: Session, claim_id: int) -> Claim | None:
    """Return a claim locked until the transaction ends."""
    stmt = (
        select(Claim)
        .where(Claim.id == claim_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.scalars(stmt).first()


def get_tag(session: Session, tag_id: int) -> StanceTag | None:
    """Return one stance tag with its topic."""
    stmt = select(StanceTag).where(StanceTag.id == tag_id).options(selectinload(StanceTag.topic))
    return session.scalars(stmt).first()


def get_claim_for_editing(session: Session, claim_id: int) -> Claim | None:
    """Return a claim with its article, actor and tags (and their topics) loaded."""
    stmt = (
        select(Claim)
        .where(Claim.id == claim_id)
        .options(
            selectinload(Claim.article),
            selectinload(Claim.actor),
            selectinload(Claim.stance_tags).selectinload(StanceTag.topic),
        )
        .execution_options(populate_existing=True)
    )
    return session.scalars(stmt).first()


def get_tag_on_topic(session: Session, claim_id: int, topic_id: int) -> StanceTag | None:
    """Return the claim's tag on a topic, if it has one."""
    stmt = select(StanceTag).where(StanceTag.claim_id == claim_id, StanceTag.topic_id == topic_id)
    return session.scalars(stmt).first()


def insert_decided_tag(
    session: Session,
    *,
    claim_id: int,
    topic_id: int,
    stance: Stance,
    user_id: int,
    at: dt.datetime,
) -> int | None:
    """Insert an editor's confirmed tag; None when the claim already has one on the topic."""
    stmt = (
        pg_insert(StanceTag)
        .values(
            claim_id=claim_id,
            topic_id=topic_id,
            stance=stance,
            status=TagStatus.confirmed,
            decided_by=user_id,
            decided_at=at,
            confidence=None,
            evidence="added by an editor",
        )
        .on_conflict_do_nothing(constraint="uq_stance_tags_claim_topic")
        .returning(StanceTag.id)
    )
    return session.scalar(stmt)
