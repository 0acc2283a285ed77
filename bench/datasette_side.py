"""Datasette over SQLite (FTS5, porter) loaded the Datasette way, and the five requests as URLs."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.workload import PARAMS, Answer, Facet

# The database file is always named claims.db, so the table lives at /claims/claims.
TABLE_PATH = "/claims/claims.json"
PAGE = 50
# Raised so every facet completes (the comparison); "defaults" runs without them.
RAISED_SETTINGS = {
    "sql_time_limit_ms": "60000",
    "facet_time_limit_ms": "60000",
    "suggest_facets": "off",  # suggestions are extra queries a tuned install would skip
}


def markers(query: str) -> tuple[str, ...]:
    """Return what every complete JSON answer contains (a timed-out facet is left out)."""
    stance_key = "tags" if "topic" in PARAMS[query] else "stances"
    return (
        '"topics": {"name": "topics"',
        f'"{stance_key}": {{"name": "{stance_key}"',
        '"actor": {"name": "actor"',
        '!"filtered_table_rows_count": null',
    )


def _rows(corpus: Path) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    claim_id = 0
    with corpus.open(encoding="utf-8") as f:
        for article_id, line in enumerate(f, 1):
            record = json.loads(line)
            for c in record["claims"]:
                claim_id += 1
                tags = [(t["topic"], t["stance"]) for t in c["topics"]]
                yield (
                    {
                        "id": claim_id,
                        "article_id": article_id,
                        "text": c["text"],
                        "actor": c.get("actor"),
                        "kind": c.get("kind"),
                        "article_title": record["title"],
                        "outlet": record.get("outlet"),
                        "published_at": record.get("published_at"),
                        "topics": json.dumps([t for t, _ in tags]),
                        "stances": json.dumps(sorted({s for _, s in tags})),
                        "tags": json.dumps([f"{t}:{s}" for t, s in tags]),
                    },
                    [
                        {"claim_id": claim_id, "topic": t, "stance": s, "tag": f"{t}:{s}"}
                        for t, s in tags
                    ],
                )


def load(corpus: Path, db_path: Path) -> float:
    """Build the SQLite database for corpus (cached: skipped when db_path exists)."""
    import sqlite_utils

    if db_path.exists():
        return 0.0
    db_path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    partial = db_path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    db = sqlite_utils.Database(partial)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    claims, tags = db.table("claims"), db.table("claim_topics")
    claims.create(_CLAIM_COLUMNS, pk="id")
    tags.create(_TAG_COLUMNS, foreign_keys=[("claim_id", "claims", "id")])
    batch: list[dict[str, Any]] = []
    tag_batch: list[dict[str, Any]] = []
    for claim, claim_tags in _rows(corpus):
        batch.append(claim)
        tag_batch += claim_tags
        if len(batch) >= 20_000:
            claims.insert_all(batch, batch_size=20_000)
            tags.insert_all(tag_batch, batch_size=20_000)
            batch, tag_batch = [], []
    claims.insert_all(batch, batch_size=20_000)
    tags.insert_all(tag_batch, batch_size=20_000)
    _index(db)
    db.conn.close()
    partial.rename(db_path)
    return time.monotonic() - started


_CLAIM_COLUMNS = {
    "id": int,
    "article_id": int,
    "text": str,
    "actor": str,
    "kind": str,
    "article_title": str,
    "outlet": str,
    "published_at": str,
    "topics": str,
    "stances": str,
    "tags": str,
}
_TAG_COLUMNS = {"claim_id": int, "topic": str, "stance": str, "tag": str}


def _index(db: Any) -> None:
    from sqlite_utils.db import DescIndex

    claims, tags = db.table("claims"), db.table("claim_topics")
    claims.create_index([DescIndex("published_at"), "id"])
    claims.create_index(["actor", DescIndex("published_at"), "id"])
    claims.create_index(["article_id"])
    tags.create_index(["topic", "claim_id"])
    tags.create_index(["tag", "claim_id"])
    tags.create_index(["claim_id"])
    claims.enable_fts(["text"], fts_version="FTS5", tokenize="porter")
    db.execute("ANALYZE")


def _filters(query: str) -> list[tuple[str, str]]:
    p = PARAMS[query]
    args: list[tuple[str, str]] = []
    if "stance" in p:
        # One claim_topics row carries both topic and stance: its "tag" column. Datasette
        # 0.65 names the parameter of _through and of a column filter both :p0, so with
        # actor= beside it _through compares the actor with the tag; _where is the same SQL.
        tag = f"{p['topic']}:{p['stance']}"
        args.append(("_where", f"id in (select claim_id from claim_topics where tag = '{tag}')"))
    elif "topic" in p:
        through = {"table": "claim_topics", "column": "topic", "value": p["topic"]}
        args.append(("_through", json.dumps(through)))
    if "actor" in p:
        args.append(("actor", p["actor"]))
    if "q" in p:
        args.append(("_search", p["q"]))
    return args


def datasette_path(query: str, *, next_token: str | None = None) -> str:
    """Return the Datasette table URL answering a request, with its facets."""
    stance_facet = "tags" if "topic" in PARAMS[query] else "stances"
    args = _filters(query) + [
        ("_sort_desc", "published_at"),
        ("_facet_array", "topics"),
        ("_facet_array", stance_facet),
        ("_facet", "actor"),
        ("_facet_size", "max"),
        ("_size", str(PAGE)),
        ("_shape", "objects"),
    ]
    if next_token:
        args.append(("_next", next_token))
    return f"{TABLE_PATH}?{urlencode(args)}"


def next_token_for_page(db_path: Path, query: str) -> str | None:
    """Return the _next token Datasette's own links give for the request's page (keyset)."""
    from datasette.utils import tilde_encode

    page = int(PARAMS[query].get("page", "1"))
    if page == 1:
        return None
    topic = PARAMS[query]["topic"]
    with sqlite3.connect(db_path) as conn:
        row = conn.execute(
            "SELECT published_at, id FROM claims WHERE id IN "
            "(SELECT claim_id FROM claim_topics WHERE topic = ?) "
            "ORDER BY published_at DESC, id LIMIT 1 OFFSET ?",
            (topic, (page - 1) * PAGE - 1),
        ).fetchone()
    return f"{tilde_encode(str(row[0]))},{tilde_encode(str(row[1]))}"


def parse_answer(query: str, body: dict[str, Any]) -> tuple[Answer, bool]:
    """Read a Datasette JSON answer; the flag says whether all its facets completed."""
    facets = body.get("facet_results") or {}
    topic = PARAMS[query].get("topic")
    stance_key = "tags" if topic else "stances"
    complete = not body.get("facets_timed_out") and {"topics", stance_key, "actor"} <= set(facets)
    complete = complete and body.get("filtered_table_rows_count") is not None

    def counts(name: str) -> dict[str, int]:
        return {str(r["value"]): int(r["count"]) for r in facets.get(name, {}).get("results", [])}

    stances = counts(stance_key)
    if topic:
        stances = {k.split(":", 1)[1]: n for k, n in stances.items() if k.startswith(topic + ":")}
    rows = body.get("rows") or []
    answer = Answer(
        total=body.get("filtered_table_rows_count") or 0,
        first_id=rows[0]["id"] if rows else None,
        first_published_at=rows[0]["published_at"] if rows else None,
        topics=Facet(counts("topics")),
        stances=Facet(stances),
        actors=Facet(counts("actor"), top_only=True),
    )
    return answer, complete


def serve_command(db_path: Path, port: int, settings: dict[str, str]) -> list[str]:
    """Return the datasette serve command line (immutable database, as for publishing)."""
    cmd = ["datasette", "serve", "-i", str(db_path), "--host", "127.0.0.1", "--port", str(port)]
    for name, value in settings.items():
        cmd += ["--setting", name, value]
    return cmd
