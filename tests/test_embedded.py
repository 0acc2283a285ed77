"""Without DATABASE_URL govclaims runs its own PostgreSQL, stops it on exit and survives crashes."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

# Start the embedded server the way the app does, prove it answers, report the postmaster's
# pid, then leave normally or die without any clean-up ("crash").
SCRIPT = """
import os, signal, sys
from pathlib import Path
from sqlalchemy import create_engine, text
from app.config import Settings
from app.db import resolve_database_url

settings = Settings(data_dir=Path(sys.argv[1]))
engine = create_engine(resolve_database_url(settings))
with engine.connect() as conn:
    print(conn.scalar(text("SELECT current_database()")), flush=True)
engine.dispose()
print((settings.data_dir / "pgdata" / "postmaster.pid").read_text().split()[0], flush=True)
if sys.argv[2] == "crash":
    os.kill(os.getpid(), signal.SIGKILL)
"""


def _start(data_dir: Path, how: str = "exit") -> tuple[subprocess.CompletedProcess, int]:
    """Run SCRIPT with no database configured; return the process and the postmaster pid."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVCLAIMS_")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(data_dir), how],
        cwd=data_dir.parent,  # no stray .env is read from the project
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = result.stdout.split()
    assert lines[:1] == ["govclaims"], result.stderr
    return result, int(lines[1])


def _gone(pid: int, within_s: float = 10.0) -> bool:
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """A fresh data dir; a server a failing test left running is shut down, then removed."""
    # Outside pytest's tmp root, for the reason given in conftest.embedded_data_dir.
    root = Path(tempfile.mkdtemp(prefix="govclaims-test-embedded-"))
    yield root / "d"
    pidfile = root / "d" / "pgdata" / "postmaster.pid"
    if pidfile.exists():
        pid = int(pidfile.read_text().split()[0])
        if psutil.pid_exists(pid) and psutil.Process(pid).name().startswith("postgres"):
            os.kill(pid, signal.SIGQUIT)  # PostgreSQL's immediate shutdown
            _gone(pid)
    shutil.rmtree(root, ignore_errors=True)


def test_it_starts_an_embedded_postgresql_in_the_data_dir_and_stops_it_on_exit(data_dir):
    result, postmaster = _start(data_dir)
    assert result.returncode == 0, result.stderr
    assert (data_dir / "pgdata" / "PG_VERSION").read_text().strip() == "18"
    assert _gone(postmaster), "the postmaster outlived the process that started it"
    assert not (data_dir / "pgdata" / "postmaster.pid").exists()


def test_it_recovers_a_server_left_running_by_a_crashed_process(data_dir):
    crashed, postmaster = _start(data_dir, "crash")
    assert crashed.returncode == -signal.SIGKILL
    assert psutil.pid_exists(postmaster), "expected the orphaned server to still run"
    again, joined = _start(data_dir)
    assert again.returncode == 0, again.stderr
    assert joined == postmaster
    # The crashed process's claim on the server is forgotten, so this exit stops it.
    assert _gone(postmaster)


def test_it_recovers_from_a_stale_postmaster_pid_file(data_dir):
    crashed, postmaster = _start(data_dir, "crash")
    os.kill(postmaster, signal.SIGKILL)  # the whole machine "crashed": postmaster.pid stays
    assert _gone(postmaster)
    assert (data_dir / "pgdata" / "postmaster.pid").exists()
    again, fresh = _start(data_dir)
    assert again.returncode == 0, again.stderr
    assert fresh != postmaster
    assert _gone(fresh)
