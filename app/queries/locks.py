"""Advisory locks that serialise the importers' work on the same article."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session


def lock_import_keys(session: Session, keys: Iterable[str]) -> None:
    """Take the transaction's locks on keys (addresses, text hashes) in sorted order.

    Sorted, so two imports waiting on each other's keys cannot deadlock. In the same
    round trip the transaction stops waiting for its WAL flush (the wait halves the
    import rate). That is safe: a crash can lose only the last moments of commits, in
    commit order, so a lost article's job completion is lost too and the job runs
    again (imports are idempotent).
    """
    session.execute(
        text(
            "SELECT set_config('synchronous_commit', 'off', true), "
            "pg_advisory_xact_lock(hashtextextended(k, 7)) "
            "FROM unnest(CAST(:keys AS text[])) k ORDER BY k"
        ),
        {"keys": sorted(set(keys))},
    )
