#!/usr/bin/env python3
"""Run the benchmark: import a corpus, load the five requests over HTTP, compare, report.

python bench/run.py                      # 200,000 articles (~1M claims)
python bench/run.py --articles 20000     # a quick run
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: make `bench` and `app` importable

from bench import corpus as corpus_mod  # noqa: E402
from bench import (  # noqa: E402
    database,
    datasette_side,
    govclaims_side,
    loadgen,
    reference,
    research_check,  # noqa: E402
    results,
)
from bench.memory import PeakMemory, tree_cpu_seconds  # noqa: E402
from bench.workload import (  # noqa: E402
    PUBLISHED,
    QUERIES,
    RESEARCH,
    Answer,
    compare,
    govclaims_path,
)

CACHE = ROOT / "bench" / "cache"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--articles", type=int, default=200_000, help="corpus size (default 200000)")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="uvicorn workers")
    p.add_argument("--duration", type=int, default=20, help="seconds of load per request")
    p.add_argument(
        "--datasette-duration",
        type=int,
        default=None,
        help="seconds of load per Datasette request (default: max(duration, 30))",
    )
    p.add_argument("--warmup", type=int, default=5, help="seconds of untimed load first")
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--skip-datasette", action="store_true")
    p.add_argument("--skip-reference", action="store_true")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    return p.parse_args(argv)


def log(message: str) -> None:
    """Print a progress line."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def import_step(
    corpus: Path, pg: database.Embedded, run_dir: Path
) -> tuple[dict[str, Any], dict[str, str]]:
    """Import the corpus through `govclaims import`; return figures and the app's environment."""
    env = govclaims_side.environment(pg.app_url, run_dir / "data")
    db_pid = database.postmaster_pid(run_dir / "pg")
    db_cpu = tree_cpu_seconds(db_pid)
    seconds, cpu, path = govclaims_side.import_corpus(corpus, env, run_dir / "import.log")
    db_cpu = tree_cpu_seconds(db_pid) - db_cpu
    with psycopg.connect(pg.libpq_uri("govclaims"), autocommit=True) as conn:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]  # type: ignore[index]
        claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]  # type: ignore[index]
        started = time.monotonic()
        conn.execute("VACUUM (ANALYZE)")  # what autovacuum would soon do after a bulk load
        settle = time.monotonic() - started
    figures = {
        "articles_per_s": round(articles / seconds, 1),
        "claims_per_s": round(claims / seconds, 1),
        "seconds": round(seconds, 2),
        "settle_s": round(settle, 2),
        "path": path,
        # CPU seconds spent by the importer and by PostgreSQL: unlike wall time, not
        # inflated when other work shares the cores
        "cpu_s": {"importer": round(cpu, 1), "db": round(db_cpu, 1)},
        "articles": articles,
        "claims": claims,
    }
    return figures, env


def expected_answers(n: int, ref: dict[str, Answer] | None) -> dict[str, list[Answer]]:
    """Return, per request, the answers to check against: WORKLOAD.md's and the SQL's."""
    out: dict[str, list[Answer]] = {q: [] for q in QUERIES}
    for q in QUERIES:
        if n in PUBLISHED:
            out[q].append(PUBLISHED[n][q])
        if ref:
            out[q].append(ref[q])
    return out


def check(expected: list[Answer], got: Answer, *, facets: bool = True) -> list[str]:
    """Compare got with every expected answer; return the differences."""
    return [p for want in expected for p in compare(want, got, facets=facets)]


def govclaims_answer(base: str, query: str, variant: str) -> Answer:
    """Fetch one request and read its answer."""
    resp = httpx.get(base + govclaims_path(query, api=variant == "api"), timeout=60)
    resp.raise_for_status()
    if variant == "api":
        return govclaims_side.parse_api(resp.json())
    return govclaims_side.parse_html(resp.text)


def measure_govclaims(
    args: argparse.Namespace, env: dict[str, str], run_dir: Path, expected: dict[str, list[Answer]]
) -> dict[str, Any]:
    """Serve govclaims and load each request; return per-request figures and memory."""
    db_pid = database.postmaster_pid(run_dir / "pg")
    port = govclaims_side.free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = govclaims_side.serve_command(port, args.workers)
    out: dict[str, Any] = {}
    with (
        govclaims_side.serving(cmd, env, port, run_dir / "serve.log") as pid,
        PeakMemory(pid) as memory,
    ):
        for query in QUERIES:
            out[query] = {}
            for variant in ("html", "api"):
                pids = (pid, db_pid)
                out[query][variant] = _measure_one(
                    args, base, query, variant, expected[query], pids
                )
        want = research_check.expected(env["DATABASE_URL"])
        out["_research"] = {
            name: _measure_research(args, base, name, want, env["DATABASE_URL"])
            for name in RESEARCH
        }
        out["_memory"] = memory
    return out


def _measure_research(
    args: argparse.Namespace, base: str, name: str, want: research_check.Expected, db_url: str
) -> dict[str, Any]:
    """Check, load and check again one research view; every answer must be complete."""
    path, markers = RESEARCH[name]
    problems = research_check.check(name, httpx.get(base + path, timeout=120).text, want)
    cold = research_check.cold_ms(base + path, db_url)
    single = _single_ms(base + path)
    if args.warmup:
        loadgen.run_wrk(
            base + path, duration_s=args.warmup, connections=args.connections, threads=args.threads
        )
    timed = loadgen.run_wrk(
        base + path,
        duration_s=args.duration,
        connections=args.connections,
        threads=args.threads,
        markers=markers,
    )
    again = research_check.check(name, httpx.get(base + path, timeout=120).text, want)
    problems += [f"after load: {p}" for p in again]
    log(
        f"govclaims {name} ({path}): {timed.rps:.1f} rps, p50 {timed.p50_ms:.1f} ms, "
        f"p99 {timed.p99_ms:.1f} ms, {timed.errors} errors, {timed.incomplete} incomplete, "
        f"cold {cold:.0f} ms" + (f"; WRONG: {problems}" if problems else "")
    )
    return {
        "path": path,
        **timed.as_json(),
        "single_ms": single,
        "cold_ms": cold,
        "correct": not problems,
        "problems": problems,
        "loadavg": round(os.getloadavg()[0], 2),
    }


def _single_ms(url: str, times: int = 5) -> float:
    """Return the median latency of a few requests made one at a time (no load)."""
    spent = []
    with httpx.Client(timeout=60) as client:
        for _ in range(times):
            started = time.perf_counter()
            client.get(url)
            spent.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(spent), 1)


def _measure_one(
    args: argparse.Namespace,
    base: str,
    query: str,
    variant: str,
    expected: list[Answer],
    pids: tuple[int, int],
) -> dict[str, Any]:
    """Check, warm up, load and check again one request; pids are the web and db servers."""
    try:
        problems = check(expected, govclaims_answer(base, query, variant))
    except (httpx.HTTPError, KeyError, ValueError) as exc:
        problems = [f"could not read the answer: {exc!r}"]
    url = base + govclaims_path(query, api=variant == "api")
    markers = govclaims_side.API_MARKERS if variant == "api" else govclaims_side.HTML_MARKERS
    single = _single_ms(url)
    if args.warmup:
        loadgen.run_wrk(
            url, duration_s=args.warmup, connections=args.connections, threads=args.threads
        )
    cpu_before = [tree_cpu_seconds(p) for p in pids]  # CPU per request: robust to others' load
    timed = loadgen.run_wrk(
        url,
        duration_s=args.duration,
        connections=args.connections,
        threads=args.threads,
        markers=markers,
    )
    cpu = [
        round((tree_cpu_seconds(pid) - before) * 1000 / max(timed.requests, 1), 2)
        for pid, before in zip(pids, cpu_before, strict=True)
    ]
    try:  # the same answer after the load as before it
        again = govclaims_answer(base, query, variant)
        problems += [f"after load: {p}" for p in check(expected, again)]
    except (httpx.HTTPError, KeyError, ValueError) as exc:
        problems.append(f"after load: could not read the answer: {exc!r}")
    log(
        f"govclaims {query} {variant}: {timed.rps:.1f} rps, p50 {timed.p50_ms:.1f} ms, "
        f"p99 {timed.p99_ms:.1f} ms, {timed.errors} errors, {timed.incomplete} incomplete"
        + (f"; WRONG: {problems}" if problems else "")
    )
    load = round(os.getloadavg()[0], 2)  # others' work on the same cores skews the figures
    return {
        **timed.as_json(),
        "single_ms": single,
        "cpu_ms_per_request": {"web": cpu[0], "db": cpu[1]},
        "correct": not problems,
        "problems": problems,
        "loadavg": load,
    }


def measure_datasette(
    args: argparse.Namespace, db_path: Path, run_dir: Path, expected: dict[str, list[Answer]]
) -> dict[str, dict[str, Any]]:
    """Serve Datasette twice (raised limits, then defaults) and load each request."""
    out: dict[str, dict[str, Any]] = {q: {} for q in QUERIES}
    duration = args.datasette_duration or max(args.duration, 30)
    modes = (("datasette", datasette_side.RAISED_SETTINGS), ("datasette_defaults", {}))
    for mode, settings in modes:
        port = govclaims_side.free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PATH": f"{govclaims_side.BIN}:{os.environ.get('PATH', '')}"}
        cmd = datasette_side.serve_command(db_path, port, settings)
        with (
            govclaims_side.serving(cmd, env, port, run_dir / f"{mode}.log") as pid,
            PeakMemory(pid) as memory,
        ):
            for query in QUERIES:
                out[query][mode] = _measure_datasette_one(
                    args, base, db_path, query, expected[query], duration
                )
            for query in QUERIES:
                out[query][mode]["rss_mb"] = round(memory.peak_total_mb, 1)
    return out


def _measure_datasette_one(
    args: argparse.Namespace,
    base: str,
    db_path: Path,
    query: str,
    expected: list[Answer],
    duration: int,
) -> dict[str, Any]:
    url = base + datasette_side.datasette_path(
        query, next_token=datasette_side.next_token_for_page(db_path, query)
    )
    started = time.monotonic()
    resp = httpx.get(url, timeout=120)  # also the warm-up: these take seconds
    single_ms = (time.monotonic() - started) * 1000
    complete, problems = False, [f"HTTP {resp.status_code}"]
    if resp.status_code == 200:
        answer, complete = datasette_side.parse_answer(query, resp.json())
        problems = check(expected, answer, facets=complete)
    for seconds in (duration, _longer(duration, single_ms, args.connections)):
        timed = loadgen.run_wrk(
            url,
            duration_s=seconds,
            connections=args.connections,
            threads=args.threads,
            markers=datasette_side.markers(query),
        )
        if timed.requests >= args.connections:
            break  # otherwise too few finished to say anything: load it for longer
    complete = complete and timed.incomplete == 0 and timed.requests > 0
    log(
        f"datasette {query}: one request {single_ms:.0f} ms; {timed.rps:.2f} rps, "
        f"p99 {timed.p99_ms:.0f} ms, {timed.requests} done, {timed.errors} errors, "
        f"{timed.incomplete} without facets" + (f"; differs: {problems}" if problems else "")
    )
    return {
        **timed.as_json(),
        "duration_s": seconds,
        "facets_complete": complete,
        "single_ms": round(single_ms, 1),
        "correct": complete and not problems,
        "problems": problems,
    }


def _longer(duration: int, single_ms: float, connections: int) -> int:
    """Return a duration in which about three rounds of the slow requests can finish."""
    return int(min(max(duration * 4, single_ms / 1000 * connections * 3), 300))


def main(argv: list[str] | None = None) -> int:
    """Run every step and write the results."""
    args = parse_args(argv)
    loadgen.ensure_wrk()
    n = args.articles
    run_dir = CACHE / f"run-{n}"
    started_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    load_before = os.getloadavg()[0]
    corpus = corpus_mod.ensure_corpus(n)
    log(f"corpus {corpus.name}; starting a fresh embedded PostgreSQL")
    pg = database.start_fresh(run_dir / "pg")
    imported, env = import_step(corpus, pg, run_dir)
    log(
        f"imported {imported['articles']:,} articles, {imported['claims']:,} claims in "
        f"{imported['seconds']:.1f}s ({imported['articles_per_s']:,.0f} articles/s)"
    )
    sql_ms: dict[str, float] = {}
    ref_answers = None
    if not args.skip_reference:
        seconds = reference.load(corpus, pg.libpq_uri("reference"), run_dir / "reference.log")
        timings, ref_answers = reference.run_all(pg.libpq_uri("reference"))
        sql_ms = {q: round(t.median_ms, 1) for q, t in timings.items()}
        log(f"reference schema loaded in {seconds:.0f}s; SQL medians (ms): {sql_ms}")
    expected = expected_answers(n, ref_answers)
    if not any(expected.values()):
        log("no reference answers for this size (use --skip-reference only for smoke runs)")
    measured = measure_govclaims(args, env, run_dir, expected)
    memory: PeakMemory = measured.pop("_memory")
    research = measured.pop("_research")
    ds: dict[str, dict[str, Any]] = {}
    if not args.skip_datasette:
        db_path = CACHE / f"datasette-{n}" / "claims.db"
        seconds = datasette_side.load(corpus, db_path)
        log(f"Datasette database ready ({seconds:.0f}s to build; cached)")
        ds = measure_datasette(args, db_path, run_dir, expected)
    out = {
        "articles": imported["articles"],
        "claims": imported["claims"],
        "import": {
            k: imported[k]
            for k in ("articles_per_s", "claims_per_s", "seconds", "settle_s", "path", "cpu_s")
        },
        "queries": {q: {**measured[q], "sql_ms": sql_ms.get(q), **ds.get(q, {})} for q in QUERIES},
        "research": research,
        "rss_mb": round(memory.peak_total_mb, 1),
        "rss_mb_largest": round(memory.peak_process_mb, 1),
        "uss_mb": round(memory.peak_unique_mb, 1),
        "processes": memory.processes,
        "workers": args.workers,
        "load": {
            "connections": args.connections,
            "threads": args.threads,
            "duration_s": args.duration,
            "datasette_duration_s": args.datasette_duration or max(args.duration, 30),
        },
        "settings": database.describe(pg),
        "started_at": started_at,
        "loadavg": {"start": round(load_before, 2), "end": round(os.getloadavg()[0], 2)},
        "machine": f"{os.cpu_count()} cores, {platform.machine()}, "
        f"Python {platform.python_version()}",
        "command": "python bench/run.py " + shlex.join(sys.argv[1:] if argv is None else argv),
    }
    results.derive(out)
    explain = _explain_misses(out, pg)
    latest, note = results.write(out, args.out, explain=explain)
    print(results.text_table(out))
    log(f"wrote {latest} and {note}")
    return 0


def _explain_misses(out: dict[str, Any], pg: database.Embedded) -> dict[str, str]:
    """Capture EXPLAIN (ANALYZE, BUFFERS) of govclaims' SQL for requests that miss p99."""
    from bench import explain

    missed = [q for q in QUERIES if out["queries"][q]["meets_bar"]["p99"] is False]
    return {q: explain.explain_search(pg.app_url, q) for q in missed}


if __name__ == "__main__":
    try:
        sys.exit(main())
    except subprocess.CalledProcessError as exc:
        sys.exit(f"a step failed: {shlex.join(map(str, exc.cmd))} (exit {exc.returncode})")
