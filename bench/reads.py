#!/usr/bin/env python3
"""Measure reads on an imported database: cached, uncached, a mix no cache serves, during imports.

python bench/reads.py --database-url URL [--during-import corpus.jsonl]

Serves `govclaims serve --workers N --no-worker` over the database URL names and loads
each of Q1-Q5 (HTML and JSON) three ways, reported apart, never in one number:
- cached: the same URL again and again (after the first, answered from the page cache);
- uncached: the same request with a fresh `nocache` counter each time, so every request
  renders (the cost of a miss);
- mix: `--mix N` distinct filter combinations drawn with a fixed seed, each asked once.
With `--during-import`, the uncached and mix loads run again while `govclaims import` loads
that corpus into the same database (every batch moves the data version on, so the cache
cannot help). Each figure carries the machine's load average, taken as it finished.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: make `bench` and `app` importable

from bench import govclaims_side, loadgen, mix  # noqa: E402
from bench.memory import PeakMemory  # noqa: E402
from bench.workload import QUERIES, govclaims_path  # noqa: E402

SCRATCH = ROOT / "bench" / "cache" / "reads"  # logs and the server's data folder, not results


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--database-url", required=True, help="an imported govclaims database")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--duration", type=int, default=10, help="seconds of load per figure")
    p.add_argument("--mix", type=int, default=1200, help="distinct URLs in the uncached mix")
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--mix-duration", type=int, default=180, help="seconds allowed for the mix")
    p.add_argument("--during-import", type=Path, help="a corpus to import while reading")
    p.add_argument(
        "--only-during-import", action="store_true", help="skip the loads on a quiet database"
    )
    p.add_argument("--label", default="", help="a name for the run in the results")
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    return p.parse_args(argv)


def load_average() -> float:
    """Return the 1-minute load average (above 2 means others shared the 2 cores)."""
    return round(os.getloadavg()[0], 2)


def log(message: str) -> None:
    """Print a progress line."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def figure(result: loadgen.LoadResult) -> dict[str, Any]:
    """Return a load result with the load average it was measured under."""
    return {**result.as_json(), "load_avg": load_average()}


def mix_vocabulary(database_url: str) -> tuple[list[str], list[str]]:
    """Return topic slugs and the 40 most frequent actor names of the database."""
    url = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(url) as conn:
        topics = [r[0] for r in conn.execute("SELECT slug FROM topics ORDER BY id")]
        actors = [
            r[0]
            for r in conn.execute(
                "SELECT a.name FROM actors a JOIN claims c ON c.actor_id = a.id"
                " GROUP BY a.name ORDER BY count(*) DESC, a.name LIMIT 40"
            )
        ]
    return topics, actors


def cached_and_uncached(args: argparse.Namespace, base: str) -> dict[str, Any]:
    """Load each of Q1-Q5 (HTML, API) cached, then uncached."""
    out: dict[str, Any] = {}
    load = {"connections": args.connections, "threads": args.threads}
    for query in QUERIES:
        for variant in ("html", "api"):
            path = govclaims_path(query, api=variant == "api")
            markers = (
                govclaims_side.API_MARKERS if variant == "api" else govclaims_side.HTML_MARKERS
            )
            loadgen.run_wrk(base + path, duration_s=2, **load)  # warm-up, fills the cache
            cached = loadgen.run_wrk(base + path, duration_s=args.duration, markers=markers, **load)
            cached_figure = figure(cached)  # the load average as this run ended
            joiner = "&" if "?" in path else "?"
            uncached = mix.run_paths(
                base, [path + joiner + "u=1"], unique=True, duration_s=args.duration, **load
            )
            out[f"{query} {variant}"] = {"cached": cached_figure, "uncached": figure(uncached)}
            log(f"{query} {variant}: cached {_line(cached)} | uncached {_line(uncached)}")
    return out


def _line(r: loadgen.LoadResult) -> str:
    return f"{r.rps:.0f} rps p50 {r.p50_ms:.1f} p99 {r.p99_ms:.1f} ms ({r.errors} bad)"


def run_mix(args: argparse.Namespace, base: str, paths: list[str]) -> dict[str, Any]:
    """Send every URL of the mix once."""
    result = mix.run_paths(
        base,
        paths,
        connections=args.connections,
        threads=args.threads,
        duration_s=args.mix_duration,
    )
    log(f"uncached mix of {len(paths)} URLs: {_line(result)}, {result.requests} requests")
    # wrk stops at --mix-duration even when the list is not through: say how far it got.
    return {**figure(result), "asked": len(paths)}


def during_import(
    args: argparse.Namespace, base: str, env: dict[str, str], paths: list[str]
) -> dict[str, Any]:
    """Read Q1-Q5 and the mix while `govclaims import` runs on the same database."""
    cmd = [govclaims_side.GOVCLAIMS, "import", str(args.during_import)]
    started = time.monotonic()
    with (SCRATCH / "during-import.log").open("w") as log_file:
        importer = subprocess.Popen(cmd, env=env, stdout=log_file, stderr=subprocess.STDOUT)
        out: dict[str, Any] = {}
        load = {"connections": args.connections, "threads": args.threads}
        for query in QUERIES:
            path = govclaims_path(query, api=False)
            result = loadgen.run_wrk(base + path, duration_s=args.duration, **load)
            out[f"{query} html"] = figure(result)
            log(f"during import, {query} html: {_line(result)}")
            if importer.poll() is not None:
                break
        out["mix"] = run_mix(args, base, paths[: args.mix // 4]) if importer.poll() is None else {}
        out["import_still_running_at_end"] = importer.poll() is None
        importer.wait()
    out["import_s"] = round(time.monotonic() - started, 1)
    return out


def main(argv: list[str] | None = None) -> int:
    """Serve, measure, write results/reads-<date>-<label>.json and print the table."""
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    SCRATCH.mkdir(parents=True, exist_ok=True)
    env = govclaims_side.environment(args.database_url, SCRATCH / "data")
    port = govclaims_side.free_port()
    base = f"http://127.0.0.1:{port}"
    topics, actors = mix_vocabulary(args.database_url)
    paths = mix.uncached_mix(args.mix, topics=topics, actors=actors)
    report: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "label": args.label,
        "load_avg_before": load_average(),
        "workers": args.workers,
        "wrk": f"-t{args.threads} -c{args.connections} -d{args.duration}s",
        "mix": json.loads(mix.describe(paths)),
    }
    cmd = govclaims_side.serve_command(port, args.workers)
    with (
        govclaims_side.serving(cmd, env, port, SCRATCH / "serve.log") as pid,
        PeakMemory(pid) as memory,
    ):
        if not args.only_during_import:
            report["requests"] = cached_and_uncached(args, base)
            report["uncached_mix"] = run_mix(args, base, paths)
        if args.during_import:
            report["during_import"] = during_import(args, base, env, paths)
    report["memory"] = {
        "processes": memory.processes,
        "peak_total_mb": round(memory.peak_total_mb, 1),
        "peak_unique_mb": round(memory.peak_unique_mb, 1),
        "peak_process_mb": round(memory.peak_process_mb, 1),
    }
    report["load_avg_after"] = load_average()
    name = f"reads-{report['when'][:10]}-{args.label or 'run'}.json"
    (args.out / name).write_text(json.dumps(report, indent=2, default=str) + "\n")
    log(f"wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
