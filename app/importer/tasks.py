"""The job queue: procrastinate tasks on PostgreSQL (no other server).

Jobs survive restarts (they are rows). Every job has a time limit (job_timeout_s): a
page import or feed poll runs in a thread the job stops waiting for at the limit; a
file import stops reading at the limit, reports the line or file it stopped at, and
keeps what it imported before. A page import's failure is recorded once on an
import_failures row (shown on /imports) and tried again or not as the importer's
policy (failures.py) says, with one log line. A periodic task enqueues the feeds that
are due, and another hands the jobs of workers that stopped sending heartbeats
(killed, crashed) back to the queue. Tasks get the worker's importer, with its
settings and database, from the job context: they read no environment.
Any number of workers on any number of machines share the queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import procrastinate
from procrastinate.jobs import Job
from procrastinate.retry import BaseRetryStrategy, RetryDecision
from sqlalchemy.engine import make_url

from app.db import unit_of_work
from app.importer.bulk import ImportSummary
from app.importer.failures import (
    IMPORT_ATTEMPTS,
    Deadline,
    JobTimeout,
    Verdict,
    classify,
    retry_in_s,
)
from app.importer.pipeline import Importer
from app.importer.targets import TargetImporter, decide_file
from app.queries.import_failures import delete_import_failures, upsert_import_failure
from app.queries.sources import list_due_source_ids

log = logging.getLogger(__name__)
T = TypeVar("T")
# How long a stopping worker lets running jobs finish before it cancels them (they are
# retried); every job is bounded by job_timeout_s anyway.
SHUTDOWN_GRACE_S = 5.0
# A file job stops reading at its limit and finishes the few batches it read; past the
# limit and this much more it gives its worker slot back whatever it is doing.
FILE_JOB_GRACE_S = 5.0


def conninfo(url: str) -> str:
    """Turn a SQLAlchemy URL into a libpq conninfo (sockets stay in ?host=)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def make_app(database_url: str, **pool_args: Any) -> procrastinate.App:
    """Return the procrastinate app for the database at database_url."""
    connector = procrastinate.PsycopgConnector(conninfo=conninfo(database_url), **pool_args)
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
    bp.task(name="import_file", queue="import", retry=PolicyRetry(), pass_context=True)(import_file)
    bp.task(name="poll_feed", queue="feeds", pass_context=True)(poll_feed)
    for name, func in (
        ("enqueue_due_feeds", enqueue_due_feeds),
        ("retry_stalled_jobs", retry_stalled_jobs),
    ):
        task = bp.task(name=name, queue="feeds", queueing_lock=name, pass_context=True)(func)
        bp.periodic(cron="* * * * *", periodic_id=_PERIODIC_IDS[name])(task)
    return bp


_PERIODIC_IDS = {"enqueue_due_feeds": "due-feeds", "retry_stalled_jobs": "stalled-jobs"}


def worker_context(importer: Importer, *, stalled_after_s: float) -> dict[str, Any]:
    """Return what a worker hands its tasks: its importer and its stalled-job limit."""
    return {"importer": importer, "stalled_after_s": stalled_after_s}


def _importer(context: procrastinate.JobContext) -> Importer:
    imp: Importer = context.additional_context["importer"]
    return imp


class PolicyRetry(BaseRetryStrategy):
    """procrastinate's retries of a job that raised, on the importer's one policy."""

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        """Retry a transient failure after the policy's wait; never a bug or a permanent one."""
        verdict = classify(exception)
        wait = None if verdict is None else retry_in_s(verdict, job.attempts + 1)
        return None if wait is None else RetryDecision(retry_in={"seconds": wait})


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


async def import_url(
    context: procrastinate.JobContext, url: str, source_id: int | None = None, attempt: int = 1
) -> str:
    """Fetch and import one web page; record a failure once, retry only transient ones."""
    imp = _importer(context)
    started = time.monotonic()
    try:
        outcome = await bounded(
            imp.settings.job_timeout_s, imp.import_url, url, source_id=source_id
        )
    except Exception as exc:
        verdict = classify(exc)
        if verdict is None:
            raise  # a bug: procrastinate logs it with its traceback
        return await asyncio.to_thread(_failed, context, url, source_id, attempt, verdict, started)
    await asyncio.to_thread(_succeeded, imp, url)
    log.info(
        "job %s: %s %s (article %s), lasted %.1f s",
        context.job.id,
        url,
        outcome.status,
        outcome.article_id,
        time.monotonic() - started,
    )
    return outcome.status


def _succeeded(imp: Importer, url: str) -> None:
    with unit_of_work(imp.sessions) as session:
        delete_import_failures(session, [url])


def _failed(
    context: procrastinate.JobContext,
    url: str,
    source_id: int | None,
    attempt: int,
    verdict: Verdict,
    started: float,
) -> str:
    """Record the failure on its row; defer the next attempt of a transient one."""
    now = dt.datetime.now(dt.UTC)
    permanent, reason = verdict.permanent, verdict.reason
    wait_s = retry_in_s(verdict, attempt)
    with unit_of_work(_importer(context).sessions) as session:
        upsert_import_failure(
            session,
            url=url,
            source_id=source_id,
            error=reason,
            permanent=permanent,
            attempt=attempt,
            now=now,
            next_retry_at=now + dt.timedelta(seconds=wait_s) if wait_s is not None else None,
        )
    job, lasted = context.job.id, time.monotonic() - started
    if permanent:
        log.warning(
            "job %s: %s not imported (permanent), lasted %.1f s: %s", job, url, lasted, reason
        )
        return f"rejected: {reason}"
    if wait_s is None:
        log.warning(
            "job %s: %s failed %d times, giving up, lasted %.1f s: %s",
            job,
            url,
            attempt,
            lasted,
            reason,
        )
        return f"failed: {reason}"
    context.app.configure_task(
        "govclaims:import_url", queue="import", schedule_in={"seconds": wait_s}
    ).defer(url=url, source_id=source_id, attempt=attempt + 1)
    log.warning(
        "job %s: %s failed (attempt %d of %d), retrying in %d s, lasted %.1f s: %s",
        job,
        url,
        attempt,
        IMPORT_ATTEMPTS,
        wait_s,
        lasted,
        reason,
    )
    return f"retrying: {reason}"


async def import_file(
    context: procrastinate.JobContext,
    path: str,
    name: str | None = None,
    delete_after: bool = False,
) -> str:
    """Import an uploaded or local file (.jsonl, .html, .txt) within the job time limit."""
    imp = _importer(context)
    limit = imp.settings.job_timeout_s
    started = time.monotonic()
    file = Path(path)
    try:
        runner = TargetImporter(imp, deadline=Deadline(limit))
        summary: ImportSummary = await bounded(
            limit + FILE_JOB_GRACE_S, runner.run, decide_file(file, name=name)
        )
    finally:
        if delete_after:
            file.unlink(missing_ok=True)
    for where, reason in summary.problems[:20]:
        log.warning("job %s: %s: rejected %s: %s", context.job.id, name or file.name, where, reason)
    log.info(
        "job %s: %s imported, lasted %.1f s",
        context.job.id,
        name or file.name,
        time.monotonic() - started,
    )
    return (
        f"imported {summary.imported}, updated {summary.updated}, "
        f"unchanged {summary.unchanged}, rejected {summary.rejected}"
    )


async def poll_feed(context: procrastinate.JobContext, source_id: int) -> str:
    """Poll one feed and enqueue its new entries, within the job time limit."""
    job_app = context.app
    imp = _importer(context)
    started = time.monotonic()

    def defer(link: str) -> None:
        _defer_once(job_app, link, source_id)

    try:
        outcome = await bounded(imp.settings.job_timeout_s, imp.poll_feed, source_id, defer=defer)
    except JobTimeout as exc:
        log.warning("job %s: feed source %s: %s", context.job.id, source_id, exc)
        return f"failed: {exc}"
    lasted = time.monotonic() - started
    log.info("job %s: feed source %s polled, lasted %.1f s", context.job.id, source_id, lasted)
    return "ok" if outcome.ok else f"failed: {outcome.reason}"


def _defer_once(job_app: Any, link: str, source_id: int) -> None:
    # The queueing lock keeps one queued import per link however often the feed is polled.
    with contextlib.suppress(procrastinate.exceptions.AlreadyEnqueued):
        job_app.configure_task(
            "govclaims:import_url", queue="import", queueing_lock=f"url:{link}"[:250]
        ).defer(url=link, source_id=source_id)


def enqueue_due_feeds(context: procrastinate.JobContext, timestamp: int) -> int:
    """Enqueue a poll for every feed whose next poll is due."""
    with unit_of_work(_importer(context).sessions) as session:
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
    stalled_after_s: float = context.additional_context["stalled_after_s"]
    return await recover_stalled(context.app, stalled_after_s=stalled_after_s)


async def recover_stalled(job_app: procrastinate.App, *, stalled_after_s: float) -> int:
    """Retry now every job whose worker is gone; return how many."""
    manager = job_app.job_manager
    stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after_s)
    count = 0
    for job in stalled:
        log.warning("job %s (%s) was running on a dead worker; retrying it", job.id, job.task_name)
        await manager.retry_job(job)
        count += 1
    return count
