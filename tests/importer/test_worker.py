"""The job queue: a worker killed mid-article leaves nothing; its job completes once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from app.importer import tasks
from tests.importer.conftest import wait_for
from tests.importer.test_feeds_and_pages import page

ROOT = Path(__file__).resolve().parents[2]


def _worker(url: str, tmp_path: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "GOVCLAIMS_DATA_DIR": str(tmp_path / "data"),
        "GOVCLAIMS_FETCH_ALLOW_HOSTS": "127.0.0.1,localhost",
        "GOVCLAIMS_SECRET_KEY": "worker-test-secret-" + "x" * 20,
    }
    command = [
        sys.executable,
        "-m",
        "app",
        "worker",
        "--heartbeat",
        "0.5",
        "--stalled-after",
        "2",
        "--concurrency",
        "1",
    ]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def test_a_worker_killed_mid_article_leaves_nothing_and_the_job_completes_once(
    committing_db_url, server, tmp_path
):
    engine = create_engine(committing_db_url, isolation_level="AUTOCOMMIT")
    app = tasks.make_app(committing_db_url)
    with app.open():
        app.configure_task("govclaims:import_url").defer(url=server.add("/kill", page()))
    blocker = engine.connect()
    blocker.execute(text("BEGIN; LOCK TABLE facet_counts IN EXCLUSIVE MODE"))
    first = _worker(committing_db_url, tmp_path)
    try:
        # The worker has stored the article and waits to write its claims' facet counts.
        # (pg_stat_activity is read from another connection: a transaction sees a snapshot)
        watcher = engine.connect()

        def stuck() -> bool:
            return bool(
                watcher.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
                    )
                )
            )

        assert wait_for(stuck, 60), first.stderr.read1().decode() if first.stderr else ""
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        watcher.close()
    finally:
        blocker.execute(text("ROLLBACK"))
        blocker.close()
    with engine.connect() as conn:
        assert wait_for(
            lambda: (
                not conn.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid() AND state <> 'idle'"
                    )
                )
            ),
            10,
        )
        assert conn.scalar(text("SELECT count(*) FROM articles")) == 0
        assert conn.scalar(text("SELECT count(*) FROM claims")) == 0
    time.sleep(2.5)  # the dead worker's heartbeat goes stale
    second = _worker(committing_db_url, tmp_path)
    try:
        with engine.connect() as conn:
            done = wait_for(
                lambda: (
                    conn.scalar(
                        text(
                            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = "
                            "'govclaims:import_url' AND status <> 'succeeded'"
                        )
                    )
                    == 0
                ),
                60,
            )
            assert done
            assert conn.scalar(text("SELECT count(*) FROM articles")) == 1
            claims = conn.scalar(text("SELECT count(*) FROM claims"))
            per_span = conn.scalar(
                text("SELECT max(n) FROM (SELECT count(*) n FROM claims GROUP BY start_pos) x")
            )
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(20)
        engine.dispose()
    assert claims > 0 and per_span == 1
    assert server.hits["/kill"] == 2  # fetched by the killed worker, then once more
