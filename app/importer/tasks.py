"""The job queue: procrastinate tasks on PostgreSQL (no other server).

Jobs survive restarts (they are rows). A page import runs in a thread the job stops
waiting for at job_timeout_s; its failure is recorded once on an import_failures row
(shown on /imports) and, when it may pass (timeouts, 5xx, 429, database hiccups),
tried again later with exponential backoff and one log line; a permanent one (4xx,
not a page, refused) is not retried. A periodic task enqueues the feeds that are due,
and another hands the jobs of workers that stopped sending heartbeats (killed,
crashed) back to the queue.
Any number of workers on any number of machines share the queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import procrastinate
from procrastinate import RetryStrategy
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from app.config import load_settings
from app.db import (
    RETRY_SQLSTATES,
    make_engine,
    make_session_factory,
    resolve_database_url,
    unit_of_work,
)
from app.importer.fetch import FetchError
from app.importer.parse import ParseError
from app.importer.pipeline import Importer
from app.queries.import_failures import delete_import_failures, upsert_import_failure

log = logging.getLogger(__name__)
T = TypeVar("T")
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
    # import_url retries by itself: one log line and a recorded failure per attempt.
    bp.task(name="import_url", queue="import", pass_context=True)(import_url)
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
IMPORT_ATTEMPTS = 6
FIRST_RETRY_S = 8
# How long a stopping worker lets running jobs finish before it cancels them (they are
# retried); every job is bounded by job_timeout_s anyway.
SHUTDOWN_GRACE_S = 5.0


class JobTimeout(Exception):
    """A job ran past job_timeout_s; its worker slot is given back."""


async def bounded(limit: float, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run func in a daemon thread; give up waiting (JobTimeout) after limit seconds.

    A thread cannot be killed, but fetches have their own deadline and articles their size
    caps, so an abandoned one ends soon on its own; a daemon thread keeps it from holding
    up the process's exit, and the worker's slot is free at once.
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if done.cancelled():
            return
        if error is not None:
            done.set_exception(error)
        else:
            done.set_result(result)  # type: ignore[arg-type]

    def run() -> None:
        try:
            result, error = func(*args, **kwargs), None
        except BaseException as exc:  # handed to the awaiting task, which decides
            result, error = None, exc
        with contextlib.suppress(RuntimeError):  # the loop closed: nobody waits any more
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=run, name="govclaims-job", daemon=True).start()
    try:
        return await asyncio.wait_for(done, limit)
    except TimeoutError:
        raise JobTimeout(f"the job took longer than its limit of {limit:g} s") from None


def classify(exc: BaseException) -> tuple[bool, str] | None:
    """Return (permanent, reason) for an expected failure, None for a bug."""
    if isinstance(exc, FetchError):
        return (not exc.retryable, exc.reason)
    if isinstance(exc, ParseError):
        return (True, str(exc))
    if isinstance(exc, JobTimeout):
        return (False, str(exc))
    if isinstance(exc, OperationalError | DBAPIError) and _transient_db_error(exc):
        first = str(getattr(exc, "orig", exc)).strip().splitlines()
        return (False, f"database: {first[0] if first else type(exc).__name__}")
    return None


def _transient_db_error(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "sqlstate", None)
    return isinstance(exc, OperationalError) or code in RETRY_SQLSTATES


async def import_url(
    context: procrastinate.JobContext, url: str, source_id: int | None = None, attempt: int = 1
) -> str:
    """Fetch and import one web page; record a failure once, retry only transient ones."""
    imp = importer()
    try:
        outcome = await bounded(
            imp.settings.job_timeout_s, imp.import_url, url, source_id=source_id
        )
    except Exception as exc:
        verdict = classify(exc)
        if verdict is None:
            raise  # a bug: procrastinate logs it with its traceback
        permanent, reason = verdict
        return await asyncio.to_thread(_failed, context, url, source_id, attempt, permanent, reason)
    await asyncio.to_thread(_succeeded, url)
    log.info("job %s: %s %s (article %s)", context.job.id, url, outcome.status, outcome.article_id)
    return outcome.status


def _succeeded(url: str) -> None:
    with unit_of_work(importer().sessions) as session:
        delete_import_failures(session, [url])


def _failed(
    context: procrastinate.JobContext,
    url: str,
    source_id: int | None,
    attempt: int,
    permanent: bool,
    reason: str,
) -> str:
    """Record the failure on its row; defer the next attempt of a transient one."""
    now = dt.datetime.now(dt.UTC)
    again = not permanent and attempt < IMPORT_ATTEMPTS
    wait_s = FIRST_RETRY_S * 2 ** (attempt - 1)
    with unit_of_work(importer().sessions) as session:
        upsert_import_failure(
            session,
            url=url,
            source_id=source_id,
            error=reason,
            permanent=permanent,
            attempt=attempt,
            now=now,
            next_retry_at=now + dt.timedelta(seconds=wait_s) if again else None,
        )
    job = context.job.id
    if permanent:
        log.warning("job %s: %s not imported (permanent): %s", job, url, reason)
        return f"rejected: {reason}"
    if not again:
        log.warning("job %s: %s failed %d times, giving up: %s", job, url, attempt, reason)
        return f"failed: {reason}"
    context.app.configure_task(
        "govclaims:import_url", queue="import", schedule_in={"seconds": wait_s}
    ).defer(url=url, source_id=source_id, attempt=attempt + 1)
    log.warning(
        "job %s: %s failed (attempt %d of %d), retrying in %d s: %s",
        job,
        url,
        attempt,
        IMPORT_ATTEMPTS,
        wait_s,
        reason,
    )
    return f"retrying: {reason}"


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


async def poll_feed(context: procrastinate.JobContext, source_id: int) -> str:
    """Poll one feed and enqueue its new entries, within the job time limit."""
    job_app = context.app
    imp = importer()

    def defer(link: str) -> None:
        _defer_once(job_app, link, source_id)

    try:
        outcome = await bounded(imp.settings.job_timeout_s, imp.poll_feed, source_id, defer=defer)
    except JobTimeout as exc:
        log.warning("job %s: feed source %s: %s", context.job.id, source_id, exc)
        return f"failed: {exc}"
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
