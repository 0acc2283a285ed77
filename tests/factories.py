"""Plain factory functions: make_x(session, **overrides) -> x, flushed, not committed."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Actor,
    Article,
    Claim,
    ClaimKind,
    Stance,
    StanceTag,
    TagStatus,
    Topic,
)

_counter = itertools.count(1)


def _n() -> int:
    return next(_counter)


def topic(session: Session, slug: str) -> Topic:
    """Return a seeded topic by slug."""
    found = session.scalar(select(Topic).where(Topic.slug == slug))
    assert found is not None, f"no topic {slug}"
    return found


def make_actor(session: Session, **overrides: Any) -> Actor:
    n = _n()
    values: dict[str, Any] = {"name": f"Actor {n}", "slug": f"actor-{n}"}
    values.update(overrides)
    actor = Actor(**values)
    session.add(actor)
    session.flush()
    return actor


def make_article(session: Session, **overrides: Any) -> Article:
    n = _n()
    text = overrides.pop("text", f"Article {n} says that governments should pause frontier AI.")
    values: dict[str, Any] = {
        "url": f"https://news.example.org/{n}",
        "title": f"Article {n}",
        "outlet": "Example News",
        "published_at": dt.datetime(2026, 11, 1, tzinfo=dt.UTC) + dt.timedelta(hours=n),
        "text": text,
        "content_hash": hashlib.sha256(text.encode()).hexdigest(),
    }
    values.update(overrides)
    article = Article(**values)
    session.add(article)
    session.flush()
    return article


def make_claim(session: Session, **overrides: Any) -> Claim:
    """Make a claim (and its article unless given); `tags` is [(topic_slug, stance[, status])]."""
    tags = overrides.pop("tags", [])
    article = overrides.pop("article", None) or make_article(session)
    text = overrides.pop("text", article.text[: min(len(article.text), 60)])
    start = article.text.find(text)
    values: dict[str, Any] = {
        "article_id": article.id,
        "text": text,
        "start_pos": max(start, 0),
        "end_pos": max(start, 0) + len(text),
        "kind": ClaimKind.position,
        "published_at": article.published_at or article.fetched_at,
    }
    values.update(overrides)
    claim = Claim(**values)
    session.add(claim)
    session.flush()
    for tag in tags:
        make_tag(session, claim, *tag)
    session.refresh(claim)
    return claim


def make_tag(
    session: Session,
    claim: Claim,
    topic_slug: str,
    stance: str | Stance = Stance.supports,
    status: str | TagStatus = TagStatus.suggested,
    **overrides: Any,
) -> StanceTag:
    tag = StanceTag(
        claim_id=claim.id,
        topic_id=topic(session, topic_slug).id,
        stance=Stance(stance),
        status=TagStatus(status),
        **overrides,
    )
    session.add(tag)
    session.flush()
    return tag


def make_user(session: Session, **overrides: Any) -> Any:
    """Make an account; pass password="..." to set one (hashing is slow, so default is fixed)."""
    from app.models import Role, User
    from app.passwords import hash_password

    password = overrides.pop("password", None)
    n = _n()
    values: dict[str, Any] = {
        "username": f"user{n}",
        "password_hash": hash_password(password) if password else _default_hash(),
        "role": Role.editor,
        "active": True,
    }
    values.update(overrides)
    user = User(**values)
    session.add(user)
    session.flush()
    return user


DEFAULT_PASSWORD = "correct horse battery staple"
_default_hash_cache: list[str] = []


def _default_hash() -> str:
    from app.passwords import hash_password

    if not _default_hash_cache:
        _default_hash_cache.append(hash_password(DEFAULT_PASSWORD))
    return _default_hash_cache[0]
