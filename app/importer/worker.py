"""Run import workers: `govclaims worker`, or in-process inside `govclaims serve`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import time
from typing import Any

import procrastinate
import psycopg
from procrastinate.exceptions import ConnectorException

from app.config import Settings
from app.db import make_engine, make_session_factory
from app.importer import tasks
from app.importer.pipeline import Importer

log = logging.getLogger(__name__)
QUEUES = ("import", "feeds")


def worker_options(
    importer: Importer,
    *,
    concurrency: int,
    heartbeat_s: float,
    stalled_after_s: float,
    wait: bool = True,
    install_signal_handlers: bool = True,
) -> dict[str, object]:
    """Return procrastinate worker options, with the importer its tasks are given."""
    return {
        "queues": list(QUEUES),
        "concurrency": concurrency,
        "wait": wait,
        "update_heartbeat_interval": heartbeat_s,
        "stalled_worker_timeout": stalled_after_s,
        "install_signal_handlers": install_signal_handlers,
        "delete_jobs": "successful",
        # Stop promptly when asked: running jobs get a few seconds, then are cancelled
        # (and retried by the next worker).
        "shutdown_graceful_timeout": tasks.SHUTDOWN_GRACE_S,
        "additional_context": tasks.worker_context(importer, stalled_after_s=stalled_after_s),
    }


def make_importer(settings: Settings, database_url: str, *, concurrency: int) -> Importer:
    """Return the worker's importer, on a pool of its own sized to its jobs."""
    # A job holds one connection, a claims-jsonl job up to three (two writers and the
    # id reservation); the web's pool stays the web's.
    engine = make_engine(database_url, pool_size=concurrency + 2)
    return Importer(settings, make_session_factory(engine))


async def run_async(
    app: procrastinate.App,
    importer: Importer,
    *,
    concurrency: int = 2,
    heartbeat_s: float = 10.0,
    stalled_after_s: float = 30.0,
    wait: bool = True,
    install_signal_handlers: bool = True,
) -> None:
    """Run a worker until cancelled (or, with wait=False, until the queue is empty)."""
    options = worker_options(
        importer,
        concurrency=concurrency,
        heartbeat_s=heartbeat_s,
        stalled_after_s=stalled_after_s,
        wait=wait,
        install_signal_handlers=install_signal_handlers,
    )
    async with app.open_async():
        recovered = await tasks.recover_stalled(app, stalled_after_s=stalled_after_s)
        if recovered:
            log.warning("requeued %d jobs of workers that died", recovered)
        await app.run_worker_async(**options)  # type: ignore[arg-type]


async def run_reconnecting(settings: Settings, database_url: str, **kwargs: Any) -> None:
    """Run a worker until cancelled, starting it again whenever the database goes away.

    procrastinate stops its worker (returning normally) when its listening connection
    breaks, and raises when others do; either way, unless the worker was meant to end
    once the queue is empty, it is started again after a growing pause. It installs no
    signal handlers unless asked: its callers stop it by cancelling it.
    """
    kwargs.setdefault("install_signal_handlers", False)
    importer = make_importer(settings, database_url, concurrency=kwargs.get("concurrency", 2))
    delay = 1.0
    while True:
        started = time.monotonic()
        try:
            await run_async(tasks.make_app(database_url), importer, **kwargs)
            if not kwargs.get("wait", True):
                return
            reason = "it stopped by itself"
        except Exception as exc:
            if not _lost_database(exc):
                raise
            reason = _line(exc)
        if time.monotonic() - started > 60:
            delay = 1.0  # it ran for a while: a new outage, not the same one
        log.warning("worker lost the database (%s); starting again in %.0f s", reason, delay)
        await asyncio.sleep(delay)
        delay = min(delay * 2, 30.0)


def _lost_database(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ConnectorException | psycopg.OperationalError | OSError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def run(settings: Settings, database_url: str, **kwargs: object) -> None:
    """Run a worker in this process until SIGTERM or SIGINT, reconnecting after outages."""
    # A worker of its own yields the processor to the web and the database: imports may
    # wait, readers should not.
    os.nice(settings.worker_niceness)

    async def main() -> None:
        # Our own handlers: a signal cancels the whole loop (procrastinate then stops
        # gracefully), where procrastinate's would only end one round of it.
        work = asyncio.create_task(run_reconnecting(settings, database_url, **kwargs))
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, work.cancel)
        with contextlib.suppress(asyncio.CancelledError):
            await work

    asyncio.run(main())
