"""A fresh embedded PostgreSQL for one benchmark run, set up exactly as govclaims sets it up."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from app.db import start_embedded

# Reported with the results so a reader knows what the server ran with; the values
# are whatever app.db's embedded set-up chose (the benchmark does not tune it further).
REPORTED = (
    "shared_buffers",
    "effective_cache_size",
    "work_mem",
    "maintenance_work_mem",
    "max_wal_size",
    "checkpoint_timeout",
    "max_parallel_workers_per_gather",
    "jit",
    "random_page_cost",
    "synchronous_commit",
)


@dataclass(frozen=True)
class Embedded:
    """The running server: the app's URL and its socket folder."""

    app_url: str
    socket_dir: str

    def libpq_uri(self, database: str) -> str:
        """Return a plain libpq URI for database on this server (psycopg, load_pg.py)."""
        return f"postgresql://postgres@/{database}?host={self.socket_dir}"


def start_fresh(data_dir: Path) -> Embedded:
    """Wipe data_dir and start a new embedded server there, with a `reference` database."""
    _stop_if_running(data_dir / "pgdata")
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    url = start_embedded(data_dir)
    socket_dir = make_url(url).query["host"]
    assert isinstance(socket_dir, str)
    embedded = Embedded(app_url=url, socket_dir=socket_dir)
    with psycopg.connect(embedded.libpq_uri("postgres"), autocommit=True) as conn:
        conn.execute("CREATE DATABASE reference")
    return embedded


@contextlib.contextmanager
def temporary_embedded() -> Iterator[tuple[str, Path]]:
    """Start an embedded server in a temporary folder and stop it before the folder goes.

    pgserver stops its server at interpreter exit, which is too late once the folder
    is deleted: the server would be left running without its data directory.
    """
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        try:
            yield start_embedded(folder), folder
        finally:
            _stop_if_running(folder / "pgdata")


def describe(embedded: Embedded) -> dict[str, str]:
    """Return the server version and the settings it actually runs with."""
    with psycopg.connect(embedded.libpq_uri("postgres")) as conn:
        shown = {name: str(conn.execute(f"SHOW {name}").fetchone()[0]) for name in REPORTED}  # type: ignore[index]
        version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
    return {"server": f"embedded PostgreSQL {version} (pgserver)", **shown}


def postmaster_pid(data_dir: Path) -> int:
    """Return the pid of the server running in data_dir (its backends are its children)."""
    return int((data_dir / "pgdata" / "postmaster.pid").read_text().split()[0])


def _stop_if_running(pgdata: Path) -> None:
    if not (pgdata / "postmaster.pid").exists():
        return
    from pgserver._commands import pg_ctl

    # pgserver runs the server as the user "pgserver" when we are root; pg_ctl must too
    user = "pgserver" if os.geteuid() == 0 else None
    with contextlib.suppress(subprocess.CalledProcessError):  # a stale pid file: nothing to stop
        pg_ctl(["-w", "stop", "-m", "fast"], pgdata=pgdata, user=user)


def stop(data_dir: Path) -> None:
    """Stop the server start_fresh started in data_dir (the curve runs one size at a time)."""
    _stop_if_running(data_dir / "pgdata")
