#!/usr/bin/env python3
"""The scaling curve: Q1-Q5 cached and uncached, the mix, import rate and size, per corpus size.

python bench/scaling.py --sizes 20000,200000,1000000,2000000

For each size: the corpus (seed 1, generated once and cached), a fresh embedded PostgreSQL,
`govclaims import` timed, the database size, then bench/reads.py's loads against it.
Everything goes to bench/results/curve-<date>.json (appended size by size, so a long run
that is stopped keeps what it finished) and a Markdown table beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: make `bench` and `app` importable

from bench import corpus as corpus_mod  # noqa: E402
from bench import database, govclaims_side, reads  # noqa: E402

CACHE = ROOT / "bench" / "cache"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--sizes", default="20000,200000,1000000,2000000", help="articles per point")
    p.add_argument("--duration", type=int, default=10, help="seconds of load per figure")
    p.add_argument("--mix", type=int, default=1200)
    p.add_argument("--mix-duration", type=int, default=180, help="seconds allowed for the mix")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--out", type=Path, default=ROOT / "bench" / "results")
    return p.parse_args(argv)


def import_point(articles: int) -> tuple[dict[str, Any], str, Path]:
    """Import a corpus of `articles` into a fresh server; return figures, URL and folder."""
    path = corpus_mod.ensure_corpus(articles)
    run_dir = CACHE / f"curve-{articles}"
    pg = database.start_fresh(run_dir / "pg")
    env = govclaims_side.environment(pg.app_url, run_dir / "data")
    load_before = reads.load_average()
    seconds, cpu, _ = govclaims_side.import_corpus(path, env, run_dir / "import.log")
    with psycopg.connect(pg.libpq_uri("govclaims"), autocommit=True) as conn:
        claims = conn.execute("SELECT count(*) FROM claims").fetchone()[0]  # type: ignore[index]
        conn.execute("VACUUM (ANALYZE)")
        size = conn.execute("SELECT pg_database_size('govclaims')").fetchone()[0]  # type: ignore[index]
    figures = {
        "articles": articles,
        "claims": claims,
        "import_s": round(seconds, 1),
        "articles_per_s": round(articles / seconds, 1),
        "importer_cpu_s": round(cpu, 1),
        "db_mb": round(size / 2**20),
        "load_avg": [load_before, reads.load_average()],
    }
    return figures, pg.app_url, run_dir


def table(points: list[dict[str, Any]]) -> str:
    """Return the curve as a Markdown table: one row per size and request."""
    lines = [
        "| articles | claims | import art/s | db MB | request | cached p50/p99 ms | cached rps"
        " | uncached p50/p99 ms | uncached rps | load avg cached/uncached |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for point in points:
        head = (
            f"| {point['articles']:,} | {point['claims']:,} | {point['articles_per_s']:,.0f}"
            f" | {point['db_mb']:,}"
        )
        for name, fig in point["reads"]["requests"].items():
            c, u = fig["cached"], fig["uncached"]
            lines.append(
                f"{head} | {name} | {c['p50_ms']:.1f}/{c['p99_ms']:.1f} | {c['rps']:,.0f}"
                f" | {u['p50_ms']:.1f}/{u['p99_ms']:.1f} | {u['rps']:,.0f}"
                f" | {c['load_avg']}/{u['load_avg']} |"
            )
            head = "| | | | "
        m = point["reads"]["uncached_mix"]
        lines.append(
            f"{head} | mix ({point['reads']['mix']['urls']} URLs, once each) | |"
            f" | {m['p50_ms']:.1f}/{m['p99_ms']:.1f} | {m['rps']:,.0f} | {m['load_avg']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run every size in turn, writing the curve after each."""
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    points: list[dict[str, Any]] = []
    for articles in (int(s) for s in args.sizes.split(",")):
        reads.log(f"curve: {articles:,} articles")
        started = time.monotonic()
        figures, url, run_dir = import_point(articles)
        try:
            read_args = [
                "--database-url",
                url,
                "--duration",
                str(args.duration),
                "--mix",
                str(args.mix),
                "--mix-duration",
                str(args.mix_duration),
                "--workers",
                str(args.workers),
                "--label",
                f"curve-{articles}",
                "--out",
                str(args.out),
            ]
            reads.main(read_args)
            found = sorted(args.out.glob(f"reads-*-curve-{articles}.json"))[-1]
            figures["reads"] = json.loads(found.read_text())
        finally:
            database.stop(run_dir / "pg")
        figures["point_s"] = round(time.monotonic() - started)
        points.append(figures)
        (args.out / f"curve-{stamp}.json").write_text(json.dumps(points, indent=2) + "\n")
        (args.out / f"curve-{stamp}.md").write_text(table(points))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
