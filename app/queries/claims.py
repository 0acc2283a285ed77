"""Claims: one claim with its tags and history, and short lists of claims for pages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload, selectinload

from app.models import (
    Actor,
    Article,
    Claim,
    ClaimStatus,
    StanceTag,
    Topic,
    User,
)
from app.queries.search import ClaimRow, TagView
from app.vocabulary import topic_codes, unpack_tag

BIGINT_MAX = 2**63 - 1


def get_claim(session: Session, claim_id: int) -> Claim | None:
    """Return a claim with its article, actor and tags (with topic and decider) loaded."""
    if not 0 < claim_id <= BIGINT_MAX:  # no such id can exist; PostgreSQL would refuse it
        return None
    stmt = (
        select(Claim)
        .where(Claim.id == claim_id)
        .options(
            joinedload(Claim.article).joinedload(Article.source),
            joinedload(Claim.actor),
            selectinload(Claim.stance_tags).joinedload(StanceTag.topic),
        )
    )
    return session.scalar(stmt)


def list_related_claims(session: Session, claim: Claim, *, limit: int = 10) -> list[ClaimRow]:
    """Return other claims by the same actor on any of the claim's topics, newest first."""
    topic_ids = sorted({unpack_tag(code).topic_id for code in claim.tags})
    if claim.actor_id is None or not topic_ids:
        return []
    codes = [code for t in topic_ids for code in topic_codes(t)]
    stmt = (
        _brief_select()
        .where(Claim.actor_id == claim.actor_id, Claim.id != claim.id)
        .where(Claim.tags.overlap(codes))
        .order_by(Claim.published_at.desc(), Claim.id)
        .limit(limit)
    )
    return _briefs(session, stmt)


def list_latest_claims(
    session: Session,
    *,
    topic_id: int | None = None,
    actor_id: int | None = None,
    limit: int = 10,
    offset: int = 0,
) -> list[ClaimRow]:
    """Return the newest active claims, optionally on one topic or by one actor."""
    stmt = _brief_select().order_by(Claim.published_at.desc(), Claim.id)
    if topic_id is not None:
        stmt = stmt.where(Claim.tags.overlap(topic_codes(topic_id)))
    if actor_id is not None:
        stmt = stmt.where(Claim.actor_id == actor_id)
    return _briefs(session, stmt.limit(limit).offset(offset))


def list_article_claims(
    session: Session, article_id: int, *, limit: int | None = None, offset: int = 0
) -> list[ClaimRow]:
    """Return an article's claims in reading order, rejected ones included, a page at a time."""
    stmt = (
        _brief_select(active_only=False)
        .where(Claim.article_id == article_id)
        .order_by(Claim.start_pos, Claim.id)
        .limit(limit)
        .offset(offset)
    )
    return _briefs(session, stmt)


def count_article_claims(session: Session, article_id: int) -> int:
    """Return how many claims an article has, rejected ones included."""
    stmt = select(func.count()).select_from(Claim).where(Claim.article_id == article_id)
    return int(session.scalar(stmt) or 0)


def topic_lookup(session: Session) -> dict[int, tuple[str, str, str]]:
    """Return {topic id: (slug, name, proposition)} for decoding tag codes."""
    stmt = select(Topic.id, Topic.slug, Topic.name, Topic.proposition)
    return {tid: (slug, name, prop) for tid, slug, name, prop in session.execute(stmt)}


def tag_views(codes: Iterable[int], topics: dict[int, tuple[str, str, str]]) -> tuple[TagView, ...]:
    """Decode tag codes into views, in topic order."""
    views = []
    for code in sorted(codes):
        tag = unpack_tag(code)
        slug, name, prop = topics.get(
            tag.topic_id, (str(tag.topic_id), f"Topic {tag.topic_id}", "")
        )
        views.append(TagView(slug, name, tag.stance, tag.status, prop))
    return tuple(views)


def _brief_select(*, active_only: bool = True) -> Select:  # type: ignore[type-arg]
    stmt = (
        select(
            Claim.id,
            Claim.text,
            Actor.name,
            Actor.slug,
            Claim.kind,
            Claim.status,
            Claim.article_id,
            Article.title,
            Article.outlet,
            Article.url,
            Claim.published_at,
            Claim.tags,
        )
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(Actor, Actor.id == Claim.actor_id)
    )
    if active_only:
        stmt = stmt.where(Claim.status == ClaimStatus.active)
    return stmt


def _briefs(session: Session, stmt: Select) -> list[ClaimRow]:  # type: ignore[type-arg]
    rows: Sequence[Any] = session.execute(stmt).all()
    topics = topic_lookup(session) if rows else {}
    return [
        ClaimRow(
            id=r[0],
            text=r[1],
            headline=None,
            actor=r[2],
            actor_slug=r[3],
            kind=r[4].value if r[4] is not None else None,
            status=r[5].value,
            article_id=r[6],
            article_title=r[7],
            outlet=r[8],
            article_url=r[9],
            published_at=r[10],
            tags=tag_views(r[11] or (), topics),
        )
        for r in rows
    ]


def list_user_names(session: Session, user_ids: Iterable[int | None]) -> dict[int, str]:
    """Return {user id: username} for the editors who decided something."""
    ids = sorted({i for i in user_ids if i is not None})
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.username).where(User.id.in_(ids))).all())


@dataclass(frozen=True)
class ClaimSpan:
    """Where a claim sits in its article's text."""

    id: int
    start_pos: int
    end_pos: int
    status: str


def list_article_spans(session: Session, article_id: int) -> list[ClaimSpan]:
    """Return the text spans of an article's claims, in reading order."""
    rows = session.execute(
        select(Claim.id, Claim.start_pos, Claim.end_pos, Claim.status)
        .where(Claim.article_id == article_id)
        .order_by(Claim.start_pos, Claim.id)
    )
    return [ClaimSpan(i, s, e, st.value) for i, s, e, st in rows]
