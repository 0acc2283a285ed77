"""Failed imports: permanent ones recorded once, transient ones retried with one log line,
every job bounded in time, and a worker that stops promptly when asked."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from app.importer import tasks
from tests.importer.conftest import wait_for
from tests.importer.test_fetch_safety import _slow_headers

ROOT = Path(__file__).resolve().parents[2]


def _worker(url: str, tmp_path: Path, log: Path, **env: str) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "GOVCLAIMS_DATA_DIR": str(tmp_path / "data"),
        "GOVCLAIMS_FETCH_ALLOW_HOSTS": "127.0.0.1,localhost",
        "GOVCLAIMS_SECRET_KEY": "worker-test-secret-" + "x" * 20,
        **env,
    }
    command = [sys.executable, "-m", "app", "worker", "--concurrency", "3"]
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=environment, stdout=out, stderr=out)


def _defer(db_url: str, *urls: str) -> None:
    app = tasks.make_app(db_url)
    with app.open():
        for url in urls:
            app.configure_task("govclaims:import_url").defer(url=url)


def _failures(conn) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    rows = conn.execute(
        text("SELECT url, error, permanent, attempts, next_retry_at FROM import_failures")
    ).mappings()
    return {r["url"]: dict(r) for r in rows}


def test_failures_are_recorded_once_and_only_transient_ones_are_retried(
    committing_db_url, server, tmp_path
):
    gone = server.add("/gone", b"no such page", status=404)
    flaky = server.add("/flaky", b"try later", status=500)
    slow = server.add("/drip", _slow_headers)
    _defer(committing_db_url, gone, flaky, slow)
    log = tmp_path / "worker.log"
    worker = _worker(
        committing_db_url,
        tmp_path,
        log,
        GOVCLAIMS_JOB_TIMEOUT_S="2",
        GOVCLAIMS_FETCH_TIMEOUT_S="120",
    )
    engine = create_engine(committing_db_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            assert wait_for(lambda: len(_failures(conn)) == 3, 60), log.read_text()[-3000:]
            failures = _failures(conn)
            retries = conn.execute(
                text(
                    "SELECT args FROM procrastinate_jobs WHERE status = 'todo' "
                    "AND task_name = 'govclaims:import_url'"
                )
            ).scalars()
            retry_urls = {json.loads(a)["url"] if isinstance(a, str) else a["url"] for a in retries}
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(30)
        engine.dispose()
    assert failures[gone]["permanent"] and failures[gone]["attempts"] == 1
    assert "HTTP 404" in failures[gone]["error"] and failures[gone]["next_retry_at"] is None
    assert not failures[flaky]["permanent"] and failures[flaky]["next_retry_at"] is not None
    assert "longer than its limit of 2 s" in failures[slow]["error"]
    assert retry_urls == {flaky, slow}  # the 404 is not tried again
    output = log.read_text()
    assert "Traceback" not in output
    assert output.count(f"{flaky} failed (attempt 1 of 6), retrying in 8 s") == 1
    assert server.hits["/gone"] == 1


def test_a_worker_stops_within_seconds_while_a_job_hangs_on_a_slow_server(
    committing_db_url, server, tmp_path
):
    slow = server.add("/drip-stop", _slow_headers)
    _defer(committing_db_url, slow)
    log = tmp_path / "worker.log"
    worker = _worker(
        committing_db_url,
        tmp_path,
        log,
        GOVCLAIMS_JOB_TIMEOUT_S="300",
        GOVCLAIMS_FETCH_TIMEOUT_S="300",
    )
    engine = create_engine(committing_db_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            running = wait_for(
                lambda: bool(
                    conn.scalar(
                        text("SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'")
                    )
                ),
                60,
            )
            assert running, log.read_text()[-3000:]
        assert wait_for(lambda: server.hits.get("/drip-stop", 0) > 0, 30)
        asked = time.monotonic()
        worker.send_signal(signal.SIGTERM)
        worker.wait(30)  # the slow server alone would hold it for a minute
        stopped_after = time.monotonic() - asked
    finally:
        if worker.poll() is None:
            worker.kill()
        engine.dispose()
    assert worker.returncode is not None
    assert stopped_after < 20, log.read_text()[-3000:]


def test_the_command_line_counts_the_claims_of_feed_entries_stored_from_their_text(
    committing_db_url, server, tmp_path
):
    items = "".join(
        f'<item><guid isPermaLink="false">entry-{n}</guid><title>Entry {n}</title><description>'
        f"Senator Number{n} said the government should pause frontier AI development."
        "</description></item>"
        for n in range(3)
    )
    feed = f'<rss version="2.0"><channel><title>Linkless</title>{items}</channel></rss>'
    url = server.add("/linkless.xml", feed.encode(), content_type="application/rss+xml")
    environment = {
        **os.environ,
        "DATABASE_URL": committing_db_url,
        "GOVCLAIMS_DATA_DIR": str(tmp_path / "data"),
        "GOVCLAIMS_FETCH_ALLOW_HOSTS": "127.0.0.1",
        "GOVCLAIMS_SECRET_KEY": "cli-test-secret-" + "x" * 20,
    }
    result = subprocess.run(
        [sys.executable, "-m", "app", "import", url, "--feed"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    engine = create_engine(committing_db_url)
    with engine.connect() as conn:
        stored = conn.scalar(text("SELECT count(*) FROM claims"))
    engine.dispose()
    assert stored and stored >= 3, result.stdout + result.stderr
    assert f"imported 3, updated 0, unchanged 0, rejected 0 ({stored} claims" in result.stderr
