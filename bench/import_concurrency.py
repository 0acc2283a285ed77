"""Bulk import with 1, 2 and 4 importers at once into one database.

Splits the generated corpus (the same as bench/import_speed.py) into as many files as
importers, runs one `govclaims import` process per file at the same time into a fresh
database on a fresh embedded PostgreSQL, and prints per round the articles per second of
all importers together, how many of them failed, and whether the facet counts are exact
afterwards. Concurrent importers share actors and topics: none may deadlock or die.

    .venv/bin/python bench/import_concurrency.py --articles 20000
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.import_speed import corpus  # noqa: E402

GOVCLAIMS = Path(sys.executable).parent / "govclaims"


def split(path: Path, parts: int, folder: Path) -> list[Path]:
    """Cut the corpus into `parts` files of consecutive lines."""
    lines = path.read_bytes().splitlines(keepends=True)
    size = -(-len(lines) // parts)
    files = []
    for n in range(parts):
        part = folder / f"part-{parts}-{n}.jsonl"
        part.write_bytes(b"".join(islice(lines, n * size, (n + 1) * size)))
        files.append(part)
    return files


def round_with(importers: int, path: Path, folder: Path) -> str:
    """Import the corpus with `importers` processes at once; return the round's figures."""
    from sqlalchemy import create_engine, text

    from app import schema
    from bench.database import temporary_embedded

    files = split(path, importers, folder)
    with temporary_embedded() as (url, _):
        engine = create_engine(url)
        schema.upgrade(engine)
        env = {**os.environ, "DATABASE_URL": url, "GOVCLAIMS_LOG_LEVEL": "WARNING"}
        started = time.perf_counter()
        runs = [
            subprocess.Popen(
                [str(GOVCLAIMS), "import", str(f)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for f in files
        ]
        results = [(r.wait(), r.stderr.read().decode() if r.stderr else "") for r in runs]
        elapsed = time.perf_counter() - started
        with engine.connect() as conn:
            articles = conn.scalar(text("SELECT count(*) FROM articles")) or 0
            inexact = conn.scalar(
                text(
                    "SELECT count(*) FROM (((SELECT * FROM gc_facet_recount()) "
                    "EXCEPT (SELECT * FROM facet_counts WHERE n <> 0)) UNION ALL "
                    "((SELECT * FROM facet_counts WHERE n <> 0) "
                    "EXCEPT (SELECT * FROM gc_facet_recount()))) x"
                )
            )
        engine.dispose()
    failed = [err.strip()[-500:] for code, err in results if code != 0]
    return (
        f"{importers} importer{'s' if importers > 1 else ''} at once: {articles:,} articles "
        f"in {elapsed:.1f} s = {articles / elapsed:,.0f} articles/s together; "
        f"failed: {len(failed)}{' ' + str(failed) if failed else ''}; "
        f"facet counts exact: {inexact == 0}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--importers", type=int, nargs="+", default=[1, 2, 4])
    args = parser.parse_args()
    path = corpus(args.articles)
    folder = path.parent / "concurrency"
    folder.mkdir(exist_ok=True)
    for importers in args.importers:
        print(round_with(importers, path, folder), flush=True)


if __name__ == "__main__":
    main()
