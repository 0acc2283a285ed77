"""`govclaims serve` on the embedded PostgreSQL: restarted when it dies, stopped on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil

from tests.test_embedded import _gone, data_dir  # noqa: F401  (data_dir is a fixture)

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _postmaster(data: Path) -> int | None:
    try:
        return int((data / "pgdata" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _health(port: int) -> tuple[int, str]:
    try:
        response = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
    except httpx.HTTPError:
        return 0, ""
    return response.status_code, response.text


def _wait(predicate, within_s: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_serve_restarts_a_killed_embedded_server_and_stops_it_on_sigterm(data_dir):  # noqa: F811
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVCLAIMS_")}
    env.pop("DATABASE_URL", None)
    env.update(GOVCLAIMS_DATA_DIR=str(data_dir), GOVCLAIMS_SECRET_KEY="serve-test-" + "k" * 24)
    log = data_dir.parent / "serve.log"
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--port", str(port)],
            cwd=data_dir.parent,
            env=env,
            stdout=out,
            stderr=out,
        )
    try:
        assert _wait(lambda: _health(port)[0] == 200, 180), log.read_text()[-3000:]
        first = _postmaster(data_dir)
        assert first is not None
        os.kill(first, signal.SIGKILL)
        assert _gone(first)
        seen: list[str] = []

        def back() -> bool:
            status, body = _health(port)
            if status == 503:
                seen.append(body)
            return status == 200 and _postmaster(data_dir) not in (None, first)

        assert _wait(back, 60), log.read_text()[-3000:]
        assert all(str(data_dir) not in body and "/tmp" not in body for body in seen)
        second = _postmaster(data_dir)
        # The in-process worker lost its connections too; it starts again on its own.
        assert _wait(lambda: "worker lost the database" in log.read_text(), 30)
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(60) == 0, log.read_text()[-3000:]
    finally:
        if serve.poll() is None:
            serve.kill()
    assert second is not None and _gone(second), "SIGTERM left the embedded server running"
    assert "restarting it" in log.read_text()


def test_every_process_handle_is_gone_after_sigterm(data_dir):  # noqa: F811
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVCLAIMS_")}
    env.pop("DATABASE_URL", None)
    env.update(GOVCLAIMS_DATA_DIR=str(data_dir), GOVCLAIMS_SECRET_KEY="serve-test-" + "k" * 24)
    serve = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", str(port), "--no-worker"],
        cwd=data_dir.parent,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait(lambda: _health(port)[0] == 200, 180)
        postmaster = _postmaster(data_dir)
        serve.send_signal(signal.SIGTERM)
        assert serve.wait(60) == 0
    finally:
        if serve.poll() is None:
            serve.kill()
    assert postmaster is not None and _gone(postmaster)
    assert not psutil.pid_exists(serve.pid) or psutil.Process(serve.pid).status() == "zombie"
