"""Articles: the texts claims are taken from."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Article


def list_articles(session: Session, *, limit: int = 20) -> list[Article]:
    """Return the newest articles first."""
    stmt = (
        select(Article)
        .order_by(Article.published_at.desc().nulls_last(), Article.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def get_article(session: Session, article_id: int) -> Article | None:
    """Return one article by id, or None."""
    if not 0 < article_id <= 2**63 - 1:  # no such id can exist; PostgreSQL would refuse it
        return None
    return session.get(Article, article_id)
