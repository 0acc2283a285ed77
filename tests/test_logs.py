"""The console of the long-running commands: periodic jobs are chatter, other jobs are news."""

from __future__ import annotations

import logging

from app.logs import _PeriodicChatter


def _record(message: str, level: int = logging.INFO) -> logging.LogRecord:
    return logging.LogRecord("procrastinate.worker", level, __file__, 1, message, None, None)


def test_periodic_jobs_are_dropped_below_debug() -> None:
    chatter = _record("Starting job govclaims:enqueue_due_feeds[3](timestamp=1795984260)")
    assert _PeriodicChatter().filter(chatter) is False
    assert chatter.levelname == "DEBUG"


def test_other_jobs_and_warnings_about_periodic_jobs_still_show() -> None:
    assert _PeriodicChatter().filter(_record("Starting job govclaims:import_url[7]")) is True
    failed = _record("Job govclaims:retry_stalled_jobs[4] failed", logging.WARNING)
    assert _PeriodicChatter().filter(failed) is True
