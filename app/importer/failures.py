"""What becomes of a failed import: permanent or transient, and when it is tried again.

The one retry policy of the importer: the page-import jobs, the file jobs and the
command line all classify a failure here. A permanent failure (4xx, not a page, a
refused address, entity declarations, an unsupported file) is recorded once; a
transient one (timeouts, 5xx, 429, the job limit, a lost database) is tried again
after 8, 16, 32, ... s, IMPORT_ATTEMPTS attempts in all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError, OperationalError

from app.db import RETRY_SQLSTATES
from app.importer.fetch import FetchError
from app.importer.parse import ParseError

IMPORT_ATTEMPTS = 6
FIRST_RETRY_S = 8


class JobTimeout(Exception):
    """A job ran past job_timeout_s; its worker slot is given back."""


class TargetError(ValueError):
    """A target the importer cannot take (missing, or not a kind it imports)."""


@dataclass(frozen=True)
class Verdict:
    """How an expected failure is handled: permanent ones are not tried again."""

    permanent: bool
    reason: str


def classify(exc: BaseException) -> Verdict | None:
    """Return the verdict on an expected failure, None for a bug."""
    if isinstance(exc, FetchError):
        return Verdict(not exc.retryable, exc.reason)
    if isinstance(exc, ParseError | TargetError):
        return Verdict(True, str(exc))
    if isinstance(exc, JobTimeout):
        return Verdict(False, str(exc))
    if isinstance(exc, OperationalError | DBAPIError) and _transient_db_error(exc):
        first = str(getattr(exc, "orig", exc)).strip().splitlines()
        return Verdict(False, f"database: {first[0] if first else type(exc).__name__}")
    return None


def _transient_db_error(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "sqlstate", None)
    return isinstance(exc, OperationalError) or code in RETRY_SQLSTATES


def retry_in_s(verdict: Verdict, attempt: int) -> int | None:
    """Return the wait before the next attempt after a failed one, None for no retry."""
    if verdict.permanent or attempt >= IMPORT_ATTEMPTS:
        return None
    return FIRST_RETRY_S * 2 ** (attempt - 1)


class Deadline:
    """The time limit of one job, checked between the pieces of work it does."""

    def __init__(self, limit_s: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit_s = limit_s
        self._clock = clock
        self._ends = clock() + limit_s

    def passed(self) -> bool:
        """Say whether the limit has been reached."""
        return self._clock() >= self._ends

    @property
    def reason(self) -> str:
        """Say why work was stopped, in the words a JobTimeout uses."""
        return f"the job took longer than its limit of {self.limit_s:g} s"
