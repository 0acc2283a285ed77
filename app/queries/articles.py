"""Articles: the texts claims are taken from."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import Article


def get_article(session: Session, article_id: int) -> Article | None:
    """Return one article by id, or None."""
    if not 0 < article_id <= 2**63 - 1:  # no such id can exist; PostgreSQL would refuse it
        return None
    return session.get(Article, article_id)
