"""govclaims as a user runs it: the bulk import command, `govclaims serve`, and its answers."""

from __future__ import annotations

import os
import re
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import lxml.html

from bench.workload import Answer, Facet

BIN = Path(sys.executable).parent
GOVCLAIMS = str(BIN / "govclaims")
API_MARKERS = ('"facets"', '"topics"', '"stances"', '"actors"', '"total"')
HTML_MARKERS = ('data-total="', 'id="facet-topic"', 'id="facet-stance"', 'id="facet-actor"')


def environment(database_url: str, data_dir: Path) -> dict[str, str]:
    """Return the environment the govclaims commands run with."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GOVCLAIMS_")}
    return {**env, "DATABASE_URL": database_url, "GOVCLAIMS_DATA_DIR": str(data_dir)}


# Until `govclaims import` exists, the same function it calls, in a process of its own.
_FALLBACK = """
import sys
from app.cli.context import command_context
from app.importer.bulk import BulkImporter
with open(sys.argv[1], "rb") as f:
    summary = BulkImporter(command_context().sessions).run(f)
print(summary)
"""


def import_command(corpus: Path, env: dict[str, str]) -> tuple[list[str], str]:
    """Return the import command line and which path it is ("cli" or "bulk-importer")."""
    usage = subprocess.run([GOVCLAIMS, "--help"], env=env, capture_output=True, text=True).stdout
    if re.search(r"^\W*import\b", usage, re.M):  # a line of the command list
        return [GOVCLAIMS, "import", str(corpus)], "cli"
    return [sys.executable, "-c", _FALLBACK, str(corpus)], "bulk-importer"


def import_corpus(corpus: Path, env: dict[str, str], log: Path) -> tuple[float, float, str]:
    """Migrate, then import the corpus as a user would; return wall and CPU seconds, path."""
    subprocess.run([GOVCLAIMS, "migrate"], env=env, check=True, capture_output=True)
    cmd, path = import_command(corpus, env)
    started, cpu_before = time.monotonic(), _children_cpu()
    with log.open("w") as out:
        done = subprocess.run(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
    seconds, cpu = time.monotonic() - started, _children_cpu() - cpu_before
    if done.returncode != 0:
        raise SystemExit(f"govclaims import failed (exit {done.returncode}); see {log}")
    return seconds, cpu, path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # of children already waited for
    return usage.ru_utime + usage.ru_stime


def free_port() -> int:
    """Return a TCP port on loopback that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(cmd: list[str], env: dict[str, str], port: int, log: Path) -> Iterator[int]:
    """Run a server command until the block ends; yield its pid once it answers."""
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_up(f"http://127.0.0.1:{port}/healthz", proc, log)
            yield proc.pid
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def serve_command(port: int, workers: int) -> list[str]:
    """Return the production serve command: uvicorn workers, no import worker inside."""
    return [
        GOVCLAIMS,
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-worker",
    ]


def wait_until_up(
    url: str, proc: subprocess.Popen[bytes], log: Path, timeout_s: float = 120
) -> None:
    """Poll url until it answers, failing early when the server process has died."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited ({proc.returncode}); see {log}")
        try:
            httpx.get(url, timeout=5)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer within {timeout_s:.0f}s; see {log}")


def _facet(entries: list[dict[str, Any]], *, top_only: bool = False) -> Facet:
    return Facet({str(e["value"]): int(e["count"]) for e in entries}, top_only=top_only)


def parse_api(body: dict[str, Any]) -> Answer:
    """Read the answer out of a /api/claims JSON body."""
    rows, facets = body.get("rows") or [], body.get("facets") or {}
    return Answer(
        total=int(body["total"]),
        first_id=int(rows[0]["id"]) if rows else None,
        first_published_at=rows[0].get("published_at") if rows else None,
        topics=_facet(facets.get("topics", [])),
        stances=_facet(facets.get("stances", [])),
        actors=_facet(facets.get("actors", []), top_only=True),
    )


def _html_facet(doc: Any, param: str, *, top_only: bool = False) -> Facet | None:
    lists = doc.xpath(f'//ul[@id="facet-{param}"]')
    if not lists:
        return None
    counts = {}
    for li in lists[0].xpath("./li[input]"):
        count = "".join(li.xpath('.//span[contains(@class, "count")]//text()'))
        counts[li.xpath("./input/@value")[0]] = int(re.sub(r"\D", "", count) or 0)
    return Facet(counts, top_only=top_only)


def parse_html(body: str) -> Answer:
    """Read the answer out of a /claims HTML page (total, first row, facet lists)."""
    doc = lxml.html.fromstring(body)
    totals = doc.xpath('//output[@id="total"]/@data-total')
    first = doc.xpath('//article[contains(@class, "claim")]/@data-claim-id')
    return Answer(
        total=int(totals[0]) if totals else -1,
        first_id=int(first[0]) if first else None,
        topics=_html_facet(doc, "topic"),
        stances=_html_facet(doc, "stance"),
        actors=_html_facet(doc, "actor", top_only=True),
    )
