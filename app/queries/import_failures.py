"""Failed imports: one row per address, the last error and attempts, for /imports."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from app.models import ImportFailure


def upsert_import_failure(
    session: Session,
    *,
    url: str,
    source_id: int | None,
    error: str,
    permanent: bool,
    attempt: int,
    now: dt.datetime,
    next_retry_at: dt.datetime | None = None,
) -> None:
    """Record that importing url failed on this attempt (one row per url)."""
    session.execute(
        text(
            "INSERT INTO import_failures AS f (url, source_id, error, permanent, attempts, "
            "  first_failed_at, last_failed_at, next_retry_at) "
            "VALUES (:url, :source, :error, :permanent, :attempt, :now, :now, :next) "
            "ON CONFLICT (url) DO UPDATE SET error = excluded.error, "
            "  source_id = coalesce(excluded.source_id, f.source_id), "
            "  permanent = excluded.permanent, attempts = greatest(f.attempts + 1, :attempt), "
            "  last_failed_at = :now, next_retry_at = excluded.next_retry_at"
        ),
        {
            "url": url,
            "source": source_id,
            "error": error[:2000],
            "permanent": permanent,
            "attempt": attempt,
            "now": now,
            "next": next_retry_at,
        },
    )


def delete_import_failures(session: Session, urls: list[str]) -> None:
    """Forget the failures of addresses that have now been imported."""
    session.execute(delete(ImportFailure).where(ImportFailure.url.in_(urls)))


def list_import_failures(session: Session, *, limit: int = 200) -> list[ImportFailure]:
    """Return the most recent failures first."""
    stmt = select(ImportFailure).order_by(ImportFailure.last_failed_at.desc()).limit(limit)
    return list(session.scalars(stmt))


def get_import_failure(session: Session, failure_id: int) -> ImportFailure | None:
    """Return one failure row."""
    return session.get(ImportFailure, failure_id)


def mark_retry_queued(session: Session, failure_id: int, *, now: dt.datetime) -> None:
    """Note that an editor queued the address again."""
    session.execute(
        text("UPDATE import_failures SET next_retry_at = :now WHERE id = :id"),
        {"now": now, "id": failure_id},
    )
