"""Login throttles: failed logins counted in the database, so every process agrees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from app.models import LoginThrottle


@dataclass(frozen=True)
class ThrottleRule:
    """How many failures in a window go free, and the delay that doubles after them."""

    scope: str
    free: int
    window_s: int
    first_delay_s: float
    max_delay_s: float


def get_blocked_until(
    session: Session, keys: list[tuple[str, str]], *, now: dt.datetime
) -> dt.datetime | None:
    """Return the latest time any of (scope, key) refuses logins until, if still ahead."""
    if not keys:
        return None
    rows = session.scalars(
        select(LoginThrottle.blocked_until).where(
            LoginThrottle.blocked_until > now,
            text(
                "(scope, key) IN "
                "(SELECT * FROM unnest(CAST(:scopes AS text[]), CAST(:keys AS text[])))"
            ).bindparams(scopes=[s for s, _ in keys], keys=[k for _, k in keys]),
        )
    ).all()
    return max((r for r in rows if r is not None), default=None)


def record_failure(session: Session, rule: ThrottleRule, key: str, *, now: dt.datetime) -> int:
    """Count one failure against (rule.scope, key) in one statement; return the count."""
    # One upsert: two processes failing at once both count, neither overwrites the other.
    return int(
        session.execute(
            text(
                "INSERT INTO login_throttles AS t (scope, key, failures, first_failure_at, "
                "  last_failure_at) VALUES (:scope, :key, 1, :now, :now) "
                "ON CONFLICT (scope, key) DO UPDATE SET "
                "  failures = CASE WHEN t.last_failure_at < :now - make_interval(secs => :window)"
                "    THEN 1 ELSE t.failures + 1 END, "
                "  first_failure_at = CASE WHEN t.last_failure_at < :now - "
                "    make_interval(secs => :window) THEN :now ELSE t.first_failure_at END, "
                "  last_failure_at = :now "
                "RETURNING failures"
            ),
            {"scope": rule.scope, "key": key, "now": now, "window": rule.window_s},
        ).scalar_one()
    )


def mark_blocked(session: Session, scope: str, key: str, *, until: dt.datetime) -> None:
    """Refuse logins for (scope, key) until the given time."""
    session.execute(
        text(
            "UPDATE login_throttles SET blocked_until = :until WHERE scope = :scope AND key = :key"
        ),
        {"until": until, "scope": scope, "key": key},
    )


def clear_throttle(session: Session, scope: str, key: str) -> int:
    """Forget the failures of (scope, key); return how many rows went."""
    result = session.execute(
        delete(LoginThrottle).where(LoginThrottle.scope == scope, LoginThrottle.key == key)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def list_throttles(session: Session, *, limit: int = 500) -> list[LoginThrottle]:
    """Return the throttles with failures, most recent first."""
    stmt = select(LoginThrottle).order_by(LoginThrottle.last_failure_at.desc()).limit(limit)
    return list(session.scalars(stmt))
