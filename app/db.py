"""Engines, sessions and the embedded PostgreSQL used when no DATABASE_URL is given."""

from __future__ import annotations

import json
import logging
import os
import random
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings

log = logging.getLogger(__name__)

EMBEDDED_DB_NAME = "govclaims"


class DatabaseError(RuntimeError):
    """A database problem worth one clear line to the user, not a traceback."""


def describe_target(url: str) -> str:
    """Say where a URL points, for error messages (never the password)."""
    parsed = make_url(url)
    host = parsed.host or parsed.query.get("host") or "local socket"
    port = parsed.port or 5432
    return f"{host}:{port}/{parsed.database}" if parsed.host else f"{host}/{parsed.database}"


def _prune_dead_handles(pgdata: Path) -> None:
    # pgserver counts the processes using a server in a file; a crashed process never
    # removes itself, so the server would never be stopped again. Forget the dead.
    import psutil

    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text() or "[]")
    except ValueError:
        pids = []
    alive = [p for p in pids if isinstance(p, int) and psutil.pid_exists(p) and p != os.getpid()]
    handles.write_text(json.dumps(alive))


def _forget_stale_postmaster(pgdata: Path) -> None:
    # A postmaster killed outright leaves postmaster.pid and its socket lock behind. When
    # that pid is gone, a zombie nobody reaps (containers whose init does not reap) or
    # reused by another program, pgserver and PostgreSQL would both take the server for
    # running and refuse to start; remove the leftovers so that a fresh server can.
    import psutil

    pidfile = pgdata / "postmaster.pid"
    try:
        lines = pidfile.read_text().splitlines()
        pid = int(lines[0])
    except (OSError, ValueError, IndexError):
        return
    try:
        proc = psutil.Process(pid)
        alive = proc.status() != psutil.STATUS_ZOMBIE and proc.name().startswith("postgres")
    except psutil.Error:
        alive = False
    if alive:
        return
    log.warning("removing the stale postmaster.pid of dead server %s in %s", pid, pgdata)
    if len(lines) >= 5 and lines[3].strip().isdigit() and lines[4].strip():
        Path(lines[4].strip(), f".s.PGSQL.{lines[3].strip()}.lock").unlink(missing_ok=True)
    pidfile.unlink(missing_ok=True)


def start_embedded(data_dir: Path) -> str:
    """Start (or join) the embedded PostgreSQL in data_dir and return its URL."""
    with warnings.catch_warnings():
        # platformdirs warns on every start where XDG_RUNTIME_DIR is unset; it falls back
        # to /tmp, which is what pgserver needs anyway.
        warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
        import pgserver

    pgdata = data_dir / "pgdata"
    pgdata.mkdir(parents=True, exist_ok=True)
    _prune_dead_handles(pgdata)
    _forget_stale_postmaster(pgdata)
    try:
        server = pgserver.get_server(pgdata, cleanup_mode="stop")
    except Exception as exc:  # pgserver raises bare subprocess errors
        raise DatabaseError(f"could not start the embedded PostgreSQL in {pgdata}: {exc}") from exc
    _tune_embedded(server)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{EMBEDDED_DB_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {EMBEDDED_DB_NAME};")
    socket_dir = make_url(server.get_uri()).query["host"]
    return f"postgresql+psycopg://postgres@/{EMBEDDED_DB_NAME}?host={socket_dir}"


# A desktop-sized server rather than PostgreSQL's tiny defaults: a million claims with
# their indexes stay in memory, and bulk imports do not checkpoint every few seconds.
EMBEDDED_SETTINGS = {
    "shared_buffers": "1GB",
    "effective_cache_size": "4GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "256MB",
    "max_wal_size": "4GB",
    "checkpoint_timeout": "15min",
    "max_parallel_workers_per_gather": "0",
}


def _tune_embedded(server: object) -> None:
    """Apply EMBEDDED_SETTINGS once, restarting the fresh server so they take effect."""
    from pgserver._commands import pg_ctl  # type: ignore[attr-defined]  # made at import

    current = server.psql("SHOW shared_buffers;")  # type: ignore[attr-defined]
    if EMBEDDED_SETTINGS["shared_buffers"] in current:
        return
    statements = "".join(f"ALTER SYSTEM SET {k} = '{v}';" for k, v in EMBEDDED_SETTINGS.items())
    server.psql(statements)  # type: ignore[attr-defined]
    pgdata = server.pgdata  # type: ignore[attr-defined]
    pg_ctl(["-w", "-m", "fast", "restart"], pgdata=pgdata, user=server.system_user)  # type: ignore[attr-defined]
    server._postmaster_info = None  # type: ignore[attr-defined]
    server.ensure_postgres_running()  # type: ignore[attr-defined]


def resolve_database_url(settings: Settings) -> str:
    """Return the configured server's URL, starting the embedded one when none is set."""
    if settings.database_url:
        return settings.database_url
    return start_embedded(settings.data_dir)


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    """Create an engine for url; connections are checked before use."""
    return create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        # JIT compilation costs tens of milliseconds per query and pays off only for long
        # analytical scans, which the web pages never run.
        connect_args={"connect_timeout": 5, "options": "-c jit=off"},
    )


def check_connection(engine: Engine) -> None:
    """Raise DatabaseError naming host and port when the database does not answer."""
    try:
        ping(engine)
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        target = describe_target(engine.url.render_as_string(hide_password=True))
        raise DatabaseError(f"cannot reach the database at {target}: {reason}") from None


def ping(engine: Engine) -> None:
    """Run the cheapest query there is; raise what the driver raises."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return the session factory the web layer and importer share."""
    return sessionmaker(engine, expire_on_commit=False)


# Deadlock detected, serialization failure: the transaction can simply run again.
RETRY_SQLSTATES = frozenset({"40P01", "40001"})
T = TypeVar("T")


def is_retryable(exc: BaseException) -> bool:
    """Say whether exc is a deadlock or serialization failure worth running again."""
    return isinstance(exc, DBAPIError) and getattr(exc.orig, "sqlstate", None) in RETRY_SQLSTATES


def retrying(work: Callable[[], T], *, attempts: int = 6) -> T:
    """Run work (one whole transaction) again after a deadlock or serialization failure."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except DBAPIError as exc:
            if not is_retryable(exc) or attempt == attempts:
                raise
            code = getattr(exc.orig, "sqlstate", "")
            log.info("transaction hit %s; running it again (attempt %d)", code, attempt + 1)
            # Jitter, so the two transactions that collided do not collide again.
            time.sleep(random.uniform(0.01, 0.05) * 2**attempt)
    raise AssertionError("unreachable")


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Yield a session committed on success and rolled back on error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


class EmbeddedSupervisor:
    """Restart the embedded PostgreSQL when it dies under a running `govclaims serve`.

    Checks the postmaster every interval_s in a daemon thread; the data directory and
    socket stay the same, so the web processes' pools (pre-ping) reconnect on their own.
    """

    def __init__(self, data_dir: Path, *, interval_s: float = 1.0) -> None:
        self.pgdata = (data_dir / "pgdata").expanduser().resolve()
        self.interval_s = interval_s
        self.restarts = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="pg-supervisor", daemon=True)

    def start(self) -> None:
        """Begin watching."""
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (before the server is stopped on purpose)."""
        self._stop.set()

    def _watch(self) -> None:
        while not self._stop.wait(self.interval_s):
            if self._server_alive():
                continue
            log.warning("the embedded PostgreSQL in %s stopped; restarting it", self.pgdata.name)
            try:
                self._restart()
                self.restarts += 1
                log.warning("the embedded PostgreSQL is running again")
            except Exception as exc:  # keep watching: the next round tries again
                log.error("could not restart the embedded PostgreSQL: %s", exc)

    def _server_alive(self) -> bool:
        import psutil

        try:
            pid = int((self.pgdata / "postmaster.pid").read_text().split()[0])
            proc = psutil.Process(pid)
            return proc.status() != psutil.STATUS_ZOMBIE and proc.name().startswith("postgres")
        except (OSError, ValueError, IndexError, psutil.Error):
            return False

    def _restart(self) -> None:
        import pgserver

        server = pgserver.PostgresServer._instances.get(self.pgdata)
        if server is None:  # not started by this process: nothing of ours to restart
            return
        _forget_stale_postmaster(self.pgdata)
        with server._lock:
            server._postmaster_info = None
            server.ensure_postgres_running()
