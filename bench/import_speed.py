"""Import speed: the bulk claims-jsonl path and the plain-text extraction path.

Generates the benchmark corpus with ../shared/bench/gen_corpus.py (seed 1, cached
under bench/cache/), imports it into a fresh database on a fresh embedded
PostgreSQL, checks that claim ids follow the file and facet counts are exact,
then imports plain texts through extraction and storage (no fetch).

    .venv/bin/python bench/import_speed.py --articles 20000 --texts 300
    .venv/bin/python bench/import_speed.py --articles 200000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
DEV = ROOT.parent / "shared" / "data" / "dev" / "texts"
CACHE = ROOT / "bench" / "cache"


def corpus(articles: int) -> Path:
    """Return the cached corpus of `articles` lines, generating it when missing."""
    path = CACHE / f"corpus-{articles}.jsonl"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        subprocess.run(
            [
                sys.executable,
                str(GENERATOR),
                "--articles",
                str(articles),
                "--seed",
                "1",
                "-o",
                str(partial),
            ],
            check=True,
        )
        partial.rename(path)
    return path


def bulk(sessions, path: Path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    from app.importer.bulk import BulkImporter

    with path.open("rb") as handle:
        summary = BulkImporter(sessions).run(handle)
    with sessions() as s:
        claims = s.scalar(text("SELECT count(*) FROM claims"))
        ordered = s.scalar(text("SELECT max(id) = count(*) FROM claims"))
        exact = (
            s.scalar(
                text(
                    "SELECT count(*) FROM ((SELECT * FROM gc_facet_recount()) "
                    "EXCEPT (SELECT * FROM facet_counts WHERE n <> 0)) x"
                )
            )
            == 0
        )
    rate = summary.imported / summary.seconds
    print(
        f"bulk claims-jsonl: {summary.imported:,} articles, {claims:,} claims in "
        f"{summary.seconds:.1f} s = {rate:,.0f} articles/s, {claims / summary.seconds:,.0f} "
        f"claims/s (rejected {summary.rejected}; ids in file order: {ordered}; "
        f"facet counts exact: {exact})  [target >= 2,000 articles/s]"
    )


def plain_texts(settings, sessions, path: Path, count: int) -> None:  # type: ignore[no-untyped-def]
    from app.importer.pipeline import Importer

    importer = Importer(settings, sessions)
    with path.open("rb") as handle:
        texts = [json.loads(line)["text"] for line in islice(handle, count)]
    # Real texts of every genre too, when the development set is beside the project.
    texts += [p.read_text("utf-8") for p in sorted(DEV.glob("*.txt"))] if DEV.exists() else []
    started = time.perf_counter()
    claims = 0
    for n, body in enumerate(texts):
        claims += importer.import_text(body + f"\n\n(plain-text copy {n})").claims
    elapsed = time.perf_counter() - started
    print(
        f"plain text (extract + store, one transaction each): {len(texts)} articles, "
        f"{claims} claims in {elapsed:.1f} s = {len(texts) / elapsed:,.0f} articles/s  "
        f"[target >= 8 articles/s through the worker]"
    )
    # The extractor's language pipeline is loaded by now: this is a worker's footprint.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the importing process: {peak:.0f} MB  [target < 500 MB]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--texts", type=int, default=500)
    args = parser.parse_args()
    from sqlalchemy import text

    from app import schema
    from app.config import Settings
    from app.db import make_engine, make_session_factory
    from bench.database import temporary_embedded

    path = corpus(args.articles)
    with temporary_embedded() as (url, folder):
        engine = make_engine(url)
        schema.upgrade(engine)
        sessions = make_session_factory(engine)
        bulk(sessions, path)
        # What autovacuum does soon after a bulk load (bench/run.py does the same), so the
        # plain-text figure is the steady state rather than the minutes after the load.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM (ANALYZE)"))
        settings = Settings(database_url=url, data_dir=folder)  # type: ignore[call-arg]
        plain_texts(settings, sessions, path, args.texts)
        engine.dispose()


if __name__ == "__main__":
    main()
