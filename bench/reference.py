"""The straightforward design: shared/bench/reference-sql loaded and queried directly."""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from bench.corpus import SHARED
from bench.workload import Answer, Facet

REFERENCE_SQL = SHARED / "bench" / "reference-sql"
QUERIES = ("Q1", "Q2", "Q3", "Q4", "Q5")
# The files name OpenAI by its id in the 200,000-article corpus; other sizes meet the
# actors in another order, so the id is looked up and put in its place.
_OPENAI_ID = re.compile(r"actor_id = 19\b")


@dataclass(frozen=True)
class Timing:
    """Warm median (and spread) of running all of a request's statements once."""

    median_ms: float
    runs_ms: tuple[float, ...]


def load(corpus: Path, uri: str, log: Path) -> float:
    """Load corpus with the reference loader into uri; return seconds taken."""
    started = time.monotonic()
    with log.open("w") as out:
        cmd = [sys.executable, str(REFERENCE_SQL / "load_pg.py"), str(corpus), uri]
        subprocess.run(cmd, check=True, stdout=out, stderr=subprocess.STDOUT)
    return time.monotonic() - started


def statements(query: str, *, openai_id: int) -> list[tuple[str, str]]:
    """Return (name, sql) pairs of a q*.sql file, split on its `-- stmt:` lines."""
    text = (REFERENCE_SQL / f"{query.lower()}.sql").read_text(encoding="utf-8")
    parts = re.split(r"^-- stmt: (.*)$", text, flags=re.M)
    pairs = [(parts[i].strip(), parts[i + 1].strip()) for i in range(1, len(parts), 2)]
    return [(name, _OPENAI_ID.sub(f"actor_id = {openai_id}", sql)) for name, sql in pairs]


def openai_id(conn: psycopg.Connection[Any]) -> int:
    """Return the reference schema's id for the actor OpenAI."""
    row = conn.execute("SELECT id FROM actors WHERE name = 'OpenAI'").fetchone()
    if row is None:
        raise SystemExit("the corpus has no actor OpenAI; Q3 cannot be checked")
    return int(row[0])


def time_query(
    conn: psycopg.Connection[Any], stmts: list[tuple[str, str]], *, warm: int = 2, runs: int = 5
) -> Timing:
    """Run all statements warm-up times, then `runs` times; return the median total."""
    measured = []
    for i in range(warm + runs):
        started = time.perf_counter()
        for _, sql in stmts:
            conn.execute(sql).fetchall()  # type: ignore[arg-type]
        if i >= warm:
            measured.append((time.perf_counter() - started) * 1000)
    return Timing(median_ms=statistics.median(measured), runs_ms=tuple(measured))


def answer(conn: psycopg.Connection[Any], stmts: list[tuple[str, str]]) -> Answer:
    """Run the statements once and collect the request's answer from them."""
    got = {name.split(" (")[0]: conn.execute(sql).fetchall() for name, sql in stmts}  # type: ignore[arg-type]
    rows = got["rows"]
    return Answer(
        total=int(got["count"][0][0]),
        first_id=int(rows[0][0]) if rows else None,
        first_text=rows[0][1] if rows else None,
        first_published_at=rows[0][4] if rows else None,
        topics=Facet(dict(got["topic facet"])),
        stances=Facet({str(s): int(n) for s, n in got["stance facet"]}),
        actors=Facet(dict(got["actor facet"]), top_only=True),
    )


def run_all(uri: str, *, runs: int = 5) -> tuple[dict[str, Timing], dict[str, Answer]]:
    """Time and answer Q1-Q5 on the reference database at uri."""
    timings: dict[str, Timing] = {}
    answers: dict[str, Answer] = {}
    with psycopg.connect(uri, autocommit=True) as conn:
        oid = openai_id(conn)
        for query in QUERIES:
            stmts = statements(query, openai_id=oid)
            answers[query] = answer(conn, stmts)
            timings[query] = time_query(conn, stmts, runs=runs)
    return timings, answers


def explain(uri: str, query: str) -> str:
    """Return EXPLAIN (ANALYZE, BUFFERS) of each reference statement of a request."""
    out = []
    with psycopg.connect(uri, autocommit=True) as conn:
        for name, sql in statements(query, openai_id=openai_id(conn)):
            plan = conn.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}").fetchall()  # type: ignore[arg-type]
            out.append(f"-- {name}\n" + "\n".join(r[0] for r in plan))
    return "\n\n".join(out)
