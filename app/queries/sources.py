"""Sources: feeds polled on a schedule, and the health the dashboard shows for each."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from app.models import Source, SourceKind

MAX_BACKOFF_S = 24 * 3600


def upsert_feed_source(
    session: Session, *, url: str, every_s: int, title: str | None = None
) -> Source:
    """Create the feed source for url (or change its interval) and return it."""
    row = session.execute(
        text(
            "INSERT INTO sources (kind, url, title, poll_interval_s, next_poll_at) "
            "VALUES ('feed', :url, :title, :every, now()) "
            "ON CONFLICT (url) DO UPDATE SET poll_interval_s = excluded.poll_interval_s, "
            "enabled = true RETURNING id"
        ),
        {"url": url, "title": title, "every": every_s},
    ).scalar_one()
    source = session.get(Source, row, populate_existing=True)
    assert source is not None
    return source


def get_source(session: Session, source_id: int, *, lock: bool = False) -> Source | None:
    """Return one source, optionally locked against a concurrent poll."""
    stmt = select(Source).where(Source.id == source_id)
    if lock:
        stmt = stmt.with_for_update(skip_locked=True)
    return session.scalar(stmt)


def list_sources(session: Session, *, kind: SourceKind | None = None) -> list[Source]:
    """Return sources, oldest first."""
    stmt = select(Source).order_by(Source.id)
    if kind is not None:
        stmt = stmt.where(Source.kind == kind)
    return list(session.scalars(stmt))


def list_due_source_ids(session: Session, *, now: dt.datetime) -> list[int]:
    """Return ids of enabled feeds whose next poll is due."""
    stmt = (
        select(Source.id)
        .where(Source.kind == SourceKind.feed, Source.enabled.is_(True))
        .where((Source.next_poll_at.is_(None)) | (Source.next_poll_at <= now))
        .order_by(Source.next_poll_at.nulls_first(), Source.id)
    )
    return list(session.scalars(stmt))


def mark_polled(
    session: Session,
    source_id: int,
    *,
    now: dt.datetime,
    etag: str | None,
    last_modified: str | None,
    title: str | None = None,
) -> None:
    """Record a successful poll and schedule the next one."""
    values: dict[str, object] = {
        "etag": etag,
        "last_modified": last_modified,
        "last_polled_at": now,
        "last_success_at": now,
        "last_error": None,
        "consecutive_failures": 0,
        "next_poll_at": now + func.make_interval(0, 0, 0, 0, 0, 0, Source.poll_interval_s),
    }
    if title:
        values["title"] = text("coalesce(sources.title, :title)").bindparams(title=title[:300])
    session.execute(update(Source).where(Source.id == source_id).values(**values))


def mark_poll_failed(
    session: Session,
    source_id: int,
    *,
    now: dt.datetime,
    reason: str,
    retry_after_s: float | None = None,
) -> None:
    """Record a failed poll; the next one backs off exponentially (at most a day)."""
    source = session.get(Source, source_id, populate_existing=True)
    if source is None:
        return
    failures = source.consecutive_failures + 1
    wait = min(source.poll_interval_s * 2 ** min(failures, 16), MAX_BACKOFF_S)
    if retry_after_s:
        wait = max(wait, min(retry_after_s, MAX_BACKOFF_S))
    source.consecutive_failures = failures
    source.last_error = reason[:2000]
    source.last_error_at = now
    source.last_polled_at = now
    source.next_poll_at = now + dt.timedelta(seconds=wait)
    session.flush()
