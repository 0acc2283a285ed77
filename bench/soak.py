"""Soak: readers and a busy importer at once, with hostile servers among the feeds.

Starts a fresh embedded PostgreSQL, `govclaims serve --no-worker` and one
`govclaims worker`, and a local HTTP server with PAGES article pages listed in
FEEDS feeds, plus a server that drips its headers one byte at a time and a gzip
bomb (as feeds of their own and as entries of an ordinary feed). While the worker
imports, wrk reads a mix of pages and API answers with 8 connections. Prints:
reader errors and latency, the longest job against its limit, the worker's
largest resident memory, and what was imported and recorded as failed.

    .venv/bin/python bench/soak.py                 # 1,000 pages, 60 s of reading
    .venv/bin/python bench/soak.py --pages 200 --duration 20

A script, not a test: its figures depend on the machine. Needs wrk (installed with
apt-get when missing and run as root).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.database import temporary_embedded  # noqa: E402
from bench.loadgen import ensure_wrk, parse_wrk  # noqa: E402

READS = (
    "/",
    "/claims",
    "/claims?topic=pause-mechanism",
    "/claims?topic=compute-governance&stance=opposes",
    "/claims?from=0001-01-01&to=9999-12-31",
    "/claims?q=regulation",
    "/api/claims?topic=open-weights",
    "/topics/international-governance",
)
# wrk: each connection walks the read paths in turn; anything but a 200 is an error.
LUA = r"""
local paths = {%s}
local n = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function request()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1])
end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local b = 0
  for _, t in ipairs(threads) do b = b + t:get("bad") end
  io.write(string.format("SOAK bad=%%d\n", b))
end
"""
SENTENCES = (
    "{actor} said on Tuesday that governments should pause frontier AI development.",
    "{actor} warned that compute thresholds alone would not keep frontier models safe.",
    "{actor} called for an international agency to audit the most capable AI models.",
    "{actor} argued that releasing open weights lets researchers find flaws sooner.",
    "Regulators must license frontier AI developers, {actor} told reporters.",
)
ACTORS = ("Anthropic", "OpenAI", "the European Commission", "Senator Maria Cantwell", "Google")
_LASTED = re.compile(r"lasted ([\d.]+) s")


def page(n: int) -> bytes:
    """Return article page n: a title and a few paragraphs of claims."""
    paragraphs = "".join(
        f"<p>{SENTENCES[(n + k) % len(SENTENCES)].format(actor=ACTORS[(n * 3 + k) % 5])} "
        f"Article {n} paragraph {k} adds detail on the debate.</p>"
        for k in range(6)
    )
    return (
        f"<html><head><title>Soak article {n}</title></head><body><article>"
        f"<h1>Soak article {n}</h1>{paragraphs}</article></body></html>"
    ).encode()


def feed(links: list[str]) -> bytes:
    """Return an RSS feed listing links."""
    items = "".join(f"<item><title>{u}</title><link>{u}</link></item>" for u in links)
    return f'<rss version="2.0"><channel><title>soak</title>{items}</channel></rss>'.encode()


class Hostile(BaseHTTPRequestHandler):
    """Pages, feeds, a header-dripping server and a gzip bomb."""

    protocol_version = "HTTP/1.1"
    pages = 1000
    feeds = 10
    bomb = gzip.compress(b"\0" * (200 * 1024 * 1024), compresslevel=9)

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.path
        if path.startswith("/drip"):
            self._drip()
        elif path.startswith("/bomb"):
            self._send(self.bomb, "text/html", {"Content-Encoding": "gzip"})
        elif path.startswith("/page/"):
            self._send(page(int(path.rsplit("/", 1)[1])), "text/html; charset=utf-8")
        elif path.startswith("/feed/"):
            self._send(feed(self._feed_links(int(path.rsplit("/", 1)[1]))), "application/rss+xml")
        else:
            self.send_error(404)

    def _feed_links(self, k: int) -> list[str]:
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        links = [f"{base}/page/{n}" for n in range(k, self.pages, self.feeds)]
        if k == 0:  # hostile entries among ordinary ones
            links += [f"{base}/drip/entry", f"{base}/bomb/entry"]
        return links

    def _send(self, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        with contextlib.suppress(OSError):
            self.wfile.write(body)

    def _drip(self) -> None:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"z" * 600
        try:
            for byte in head:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            pass
        self.close_connection = True


class QuietServer(ThreadingHTTPServer):
    """The hostile server: clients that give up on it are expected, not worth a traceback."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    """Run the soak and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--feeds", type=int, default=10)
    parser.add_argument("--duration", type=int, default=60, help="seconds of reading")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--job-timeout", type=float, default=30.0)
    parser.add_argument("--fetch-timeout", type=float, default=10.0)
    parser.add_argument("--web-workers", type=int, default=2)
    args = parser.parse_args()
    Hostile.pages, Hostile.feeds = args.pages, args.feeds
    hostile = QuietServer(("127.0.0.1", 0), Hostile)
    threading.Thread(target=hostile.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{hostile.server_address[1]}"
    with temporary_embedded() as (url, folder):
        soak(args, url, folder, base)
    hostile.shutdown()


def soak(args: argparse.Namespace, url: str, folder: Path, base: str) -> None:
    """Serve, import and read; print the figures."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GOVCLAIMS_")},
        "DATABASE_URL": url,
        "GOVCLAIMS_DATA_DIR": str(folder / "data"),
        "GOVCLAIMS_SECRET_KEY": "soak-secret-" + "s" * 30,
        "GOVCLAIMS_FETCH_ALLOW_HOSTS": "127.0.0.1",
        "GOVCLAIMS_JOB_TIMEOUT_S": str(args.job_timeout),
        "GOVCLAIMS_FETCH_TIMEOUT_S": str(args.fetch_timeout),
        "GOVCLAIMS_LOG_LEVEL": "INFO",
    }
    govclaims = [sys.executable, "-m", "app"]
    subprocess.run([*govclaims, "migrate"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([*govclaims, "demo"], env=env, cwd=ROOT, check=True, capture_output=True)
    port = free_port()
    serve_cmd = [*govclaims, "serve", "--no-worker", "--port", str(port)]
    serve_cmd += ["--workers", str(args.web_workers)]
    serve = subprocess.Popen(
        serve_cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    worker_log = folder / "worker.log"
    try:
        wait_healthy(port)
        feeds = [f"{base}/feed/{k}" for k in range(args.feeds)] + [f"{base}/drip/feed"]
        feeds.append(f"{base}/bomb/feed")
        with worker_log.open("wb") as out:
            worker = subprocess.Popen(
                [*govclaims, "worker", "--concurrency", "2"],
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=out,
            )
        try:
            defer_polls(url, feeds)
            peak = {"rss": 0}
            sampler = threading.Thread(target=sample_rss, args=(worker.pid, peak), daemon=True)
            sampler.start()
            # Read only once the worker is importing, so that reads and imports overlap.
            wait_importing(url)
            before = count(url, "SELECT count(*) FROM articles WHERE url LIKE '%/page/%'")
            load_before = os.getloadavg()
            reads = read_load(port, args.duration, args.connections)
            reads["load_before"], reads["load_after"] = load_before[0], os.getloadavg()[0]
            imported_during = (
                count(url, "SELECT count(*) FROM articles WHERE url LIKE '%/page/%'") - before
            )
            finish_by = time.monotonic() + 600
            while time.monotonic() < finish_by and pending_jobs(url):
                time.sleep(2)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(60)
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(60)
    report(args, url, reads, imported_during, peak["rss"], worker_log.read_text())


def wait_healthy(port: int) -> None:
    """Wait until /healthz answers 200."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("govclaims serve did not become healthy")


def wait_importing(url: str) -> None:
    """Wait (up to five minutes) until the worker has stored its first page."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if count(url, "SELECT count(*) FROM articles WHERE url LIKE '%/page/%'"):
            return
        time.sleep(1)
    raise SystemExit("the worker imported nothing in five minutes")


def defer_polls(url: str, feeds: list[str]) -> None:
    """Add the feeds and queue a poll of each now."""
    from sqlalchemy import create_engine

    from app.db import make_session_factory, unit_of_work
    from app.importer import tasks
    from app.queries.sources import upsert_feed_source

    engine = create_engine(url)
    with unit_of_work(make_session_factory(engine)) as session:
        ids = [upsert_feed_source(session, url=f, every_s=3600).id for f in feeds]
    engine.dispose()
    job_app = tasks.make_app(url)
    with job_app.open():
        for source_id in ids:
            job_app.configure_task("govclaims:poll_feed").defer(source_id=source_id)


def sample_rss(pid: int, peak: dict[str, int]) -> None:
    """Keep the largest resident memory of the worker (and its children)."""
    while True:
        try:
            proc = psutil.Process(pid)
            rss = proc.memory_info().rss + sum(
                c.memory_info().rss for c in proc.children(recursive=True)
            )
        except psutil.Error:
            return
        peak["rss"] = max(peak["rss"], rss)
        time.sleep(0.5)


def read_load(port: int, duration: int, connections: int) -> dict[str, float]:
    """Read with wrk; return rps, p50, p99 and errors."""
    paths = ", ".join(f'"{p}"' for p in READS)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % paths)
    try:
        cmd = [ensure_wrk(), "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s"]
        cmd += ["--latency", "-s", script.name, f"http://127.0.0.1:{port}"]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    finally:
        os.unlink(script.name)
    result = parse_wrk(done.stdout)
    bad = re.search(r"SOAK bad=(\d+)", done.stdout)
    errors = result.errors + (int(bad.group(1)) if bad else 0)
    return {
        "rps": result.rps,
        "p50": result.p50_ms,
        "p99": result.p99_ms,
        "errors": errors,
        "requests": result.requests,
    }


def count(url: str, sql: str) -> int:
    """Return one number from the database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        value = int(conn.scalar(text(sql)) or 0)
    engine.dispose()
    return value


def pending_jobs(url: str) -> int:
    """Return how many import and poll jobs are queued or running (due now)."""
    return count(
        url,
        "SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing') "
        "AND task_name IN ('govclaims:import_url', 'govclaims:poll_feed') "
        "AND (scheduled_at IS NULL OR scheduled_at <= now())",
    )


def report(
    args: argparse.Namespace,
    url: str,
    reads: dict[str, float],
    imported_during: int,
    peak_rss: int,
    worker_log: str,
) -> None:
    """Print the figures."""
    lasted = [float(x) for x in _LASTED.findall(worker_log)]
    imported = count(url, "SELECT count(*) FROM articles WHERE url LIKE '%/page/%'")
    failures = count(url, "SELECT count(*) FROM import_failures")
    feed_errors = count(url, "SELECT count(*) FROM sources WHERE last_error IS NOT NULL")
    tracebacks = worker_log.count("Traceback")
    print(f"readers: {args.connections} connections for {args.duration} s")
    print(
        f"  machine: {os.cpu_count()} cores, 1-minute load average {reads['load_before']:.2f} "
        f"when reading began, {reads['load_after']:.2f} when it ended"
    )
    print(
        f"  requests {int(reads['requests'])}, {reads['rps']:.1f}/s, errors {int(reads['errors'])}"
    )
    print(f"  p50 {reads['p50']:.1f} ms, p99 {reads['p99']:.1f} ms")
    print(f"worker: peak resident memory {peak_rss / 2**20:.0f} MB")
    longest = max(lasted, default=0.0)
    over = sum(1 for x in lasted if x > args.job_timeout + 1)
    print(
        f"  jobs {len(lasted)}, longest {longest:.1f} s (limit {args.job_timeout:g} s), "
        f"over the limit {over}, tracebacks in its log {tracebacks}"
    )
    print(
        f"imports: {imported_during} of {args.pages} pages while reading "
        f"(reading began once the first was in), {imported} in the end"
    )
    print(f"  failed imports recorded {failures}, feeds with an error {feed_errors}")


if __name__ == "__main__":
    main()
