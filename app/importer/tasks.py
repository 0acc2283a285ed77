"""The job queue: procrastinate tasks on PostgreSQL (no other server).

Jobs survive restarts (they are rows), failed fetches retry with exponential
backoff, a periodic task enqueues the feeds that are due, and another hands the
jobs of workers that stopped sending heartbeats (killed, crashed) back to the queue.
Any number of workers on any number of machines share the queue.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import procrastinate
from procrastinate import RetryStrategy
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from app.config import load_settings
from app.db import make_engine, make_session_factory, resolve_database_url
from app.importer.fetch import FetchError
from app.importer.parse import ParseError
from app.importer.pipeline import Importer

log = logging.getLogger(__name__)
# How long a worker may miss heartbeats before its running jobs are retried.
STALLED_AFTER_S = {"value": 30.0}


class TransientFetchError(Exception):
    """A fetch that may work later (timeout, 5xx, 429): procrastinate retries it."""


def conninfo(url: str) -> str:
    """Turn a SQLAlchemy URL into a libpq conninfo (sockets stay in ?host=)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def make_app(database_url: str) -> procrastinate.App:
    """Return the procrastinate app for the database at database_url."""
    connector = procrastinate.PsycopgConnector(conninfo=conninfo(database_url))
    app = procrastinate.App(connector=connector)
    app.add_tasks_from(_blueprint(), namespace="govclaims")
    return app


def _blueprint() -> procrastinate.Blueprint:
    """Return the govclaims tasks on a blueprint of their own, for one App."""
    # procrastinate renames a blueprint's tasks and points them at the App they are added
    # to; a module-level blueprint added to a second App (the import page, a test) would
    # become "govclaims:govclaims:…", and workers would never run those jobs.
    bp = procrastinate.Blueprint()
    bp.task(name="import_url", queue="import", retry=_RETRY, pass_context=True)(import_url)
    bp.task(name="import_file", queue="import", retry=_RETRY)(import_file)
    bp.task(name="poll_feed", queue="feeds", pass_context=True)(poll_feed)
    for name, func in (
        ("enqueue_due_feeds", enqueue_due_feeds),
        ("retry_stalled_jobs", retry_stalled_jobs),
    ):
        task = bp.task(name=name, queue="feeds", queueing_lock=name, pass_context=True)(func)
        bp.periodic(cron="* * * * *", periodic_id=_PERIODIC_IDS[name])(task)
    return bp


_PERIODIC_IDS = {"enqueue_due_feeds": "due-feeds", "retry_stalled_jobs": "stalled-jobs"}


@lru_cache(maxsize=1)
def importer() -> Importer:
    """Return this process's importer (settings and database from the environment)."""
    settings = load_settings()
    engine = make_engine(resolve_database_url(settings), pool_size=settings.db_pool_size)
    return Importer(settings, make_session_factory(engine))


_RETRY = RetryStrategy(
    max_attempts=6, exponential_wait=4, retry_exceptions={TransientFetchError, OperationalError}
)


def import_url(context: procrastinate.JobContext, url: str, source_id: int | None = None) -> str:
    """Fetch and import one web page."""
    try:
        outcome = importer().import_url(url, source_id=source_id)
    except FetchError as exc:
        if exc.retryable:
            raise TransientFetchError(exc.reason) from None
        log.warning("job %s: %s refused: %s", context.job.id, url, exc.reason)
        return f"rejected: {exc.reason}"
    except ParseError as exc:
        log.warning("job %s: %s not imported: %s", context.job.id, url, exc)
        return f"rejected: {exc}"
    log.info("job %s: %s %s (article %s)", context.job.id, url, outcome.status, outcome.article_id)
    return outcome.status


def import_file(path: str, name: str | None = None, delete_after: bool = False) -> str:
    """Import an uploaded or local file (.jsonl, .html, .txt)."""
    file = Path(path)
    summary = importer().import_file(file, name=name)
    if delete_after:
        file.unlink(missing_ok=True)
    return (
        f"imported {summary.imported}, updated {summary.updated}, "
        f"unchanged {summary.unchanged}, rejected {summary.rejected}"
    )


def poll_feed(context: procrastinate.JobContext, source_id: int) -> str:
    """Poll one feed and enqueue its new entries."""
    job_app = context.app

    def defer(link: str) -> None:
        _defer_once(job_app, link, source_id)

    outcome = importer().poll_feed(source_id, defer=defer)
    return "ok" if outcome.ok else f"failed: {outcome.reason}"


def _defer_once(job_app: Any, link: str, source_id: int) -> None:
    # The queueing lock keeps one queued import per link however often the feed is polled.
    with contextlib.suppress(procrastinate.exceptions.AlreadyEnqueued):
        job_app.configure_task(
            "govclaims:import_url", queue="import", queueing_lock=f"url:{link}"[:250]
        ).defer(url=link, source_id=source_id)


def enqueue_due_feeds(context: procrastinate.JobContext, timestamp: int) -> int:
    """Enqueue a poll for every feed whose next poll is due."""
    from app.db import unit_of_work
    from app.queries.sources import list_due_source_ids

    with unit_of_work(importer().sessions) as session:
        due = list_due_source_ids(session, now=dt.datetime.now(dt.UTC))
    for source_id in due:
        try:
            context.app.configure_task(
                "govclaims:poll_feed", queueing_lock=f"feed:{source_id}"
            ).defer(source_id=source_id)
        except procrastinate.exceptions.AlreadyEnqueued:
            continue
    return len(due)


async def retry_stalled_jobs(context: procrastinate.JobContext, timestamp: int) -> int:
    """Give the jobs of workers that stopped sending heartbeats back to the queue."""
    return await recover_stalled(context.app)


async def recover_stalled(job_app: procrastinate.App) -> int:
    """Retry now every job whose worker is gone; return how many."""
    manager = job_app.job_manager
    stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER_S["value"])
    count = 0
    for job in stalled:
        log.warning("job %s (%s) was running on a dead worker; retrying it", job.id, job.task_name)
        await manager.retry_job(job)
        count += 1
    return count
