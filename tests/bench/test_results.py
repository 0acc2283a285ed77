"""results.json keeps the shape the issue promises, and the note says what missed the bar."""

from __future__ import annotations

import json
from pathlib import Path

from bench import results
from bench.workload import QUERIES


def _variant(p99: float = 40.0) -> dict[str, object]:
    return {"rps": 200.0, "p50_ms": 20.0, "p99_ms": p99, "errors": 0, "correct": True}


def _run() -> dict[str, object]:
    queries = {
        q: {
            "html": _variant(),
            "api": _variant(p99=400.0 if q == "Q1" else 40.0),
            "sql_ms": 100.0,
            "datasette": {
                "rps": 0.5,
                "p50_ms": 9000.0,
                "p99_ms": 20000.0,
                "errors": 0,
                "facets_complete": True,
            },
        }
        for q in QUERIES
    }
    return {
        "articles": 20000,
        "claims": 100993,
        "import": {
            "articles_per_s": 2500.0,
            "claims_per_s": 12600.0,
            "seconds": 8.0,
            "settle_s": 1.0,
            "path": "cli",
        },
        "queries": queries,
        "rss_mb": 210.0,
        "rss_mb_largest": 90.0,
        "processes": 3,
        "workers": 2,
        "load": {"connections": 8, "threads": 2, "duration_s": 20, "datasette_duration_s": 30},
        "settings": {"server": "embedded PostgreSQL 18", "shared_buffers": "1GB"},
        "started_at": "2026-11-28T12:00:00+00:00",
        "loadavg": {"start": 0.5, "end": 1.5},
        "machine": "2 cores",
        "command": "python bench/run.py --articles 20000",
    }


def test_it_writes_the_issue_shape_to_latest_json(tmp_path: Path) -> None:
    run = results.derive(_run())

    latest, note = results.write(run, tmp_path, explain={})

    data = json.loads(latest.read_text())
    assert set(data) >= {"articles", "claims", "import", "queries", "rss_mb"}
    assert set(data["import"]) >= {"articles_per_s", "claims_per_s"}
    q1 = data["queries"]["Q1"]
    assert set(q1) >= {"html", "api", "sql_ms", "datasette"}
    assert set(q1["api"]) >= {"rps", "p50_ms", "p99_ms", "errors"}
    assert set(q1["datasette"]) >= {"rps", "p50_ms", "p99_ms", "errors", "facets_complete"}
    assert note.name == f"{note.name[:10]}-20000.md"


def test_it_derives_ratios_and_marks_a_missed_p99() -> None:
    run = results.derive(_run())

    assert run["queries"]["Q2"]["rps_over_datasette"] == {"html": 400.0, "api": 400.0}
    assert run["queries"]["Q2"]["p50_over_sql"] == {"html": 0.2, "api": 0.2}
    assert run["queries"]["Q1"]["meets_bar"]["p99"] is False
    assert run["queries"]["Q2"]["meets_bar"] == {
        "p99": True,
        "errors": True,
        "correct": True,
        "speedup": True,
    }


def test_the_note_names_the_request_that_missed_and_shows_its_plan(tmp_path: Path) -> None:
    run = results.derive(_run())

    _, note = results.write(run, tmp_path, explain={"Q1": "Seq Scan on claims"})

    text = note.read_text()
    assert "- Q1: MISSES: p99" in text
    assert "- Q2: meets the bar" in text
    assert "Seq Scan on claims" in text
