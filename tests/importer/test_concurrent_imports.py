"""Imports side by side never deadlock: new actors in one order, failures run again."""

from __future__ import annotations

import json
import threading
import time

from sqlalchemy import text

from app.importer.bulk import BulkImporter

ACTORS = [f"Minister Number{n:03d} of Testland" for n in range(400)]
RECOUNT = "SELECT scope_topic, scope_stance, dim, key, n FROM gc_facet_recount()"
MAINTAINED = "SELECT scope_topic, scope_stance, dim, key, n FROM facet_counts WHERE n <> 0"


def _lines(prefix: str, actors: list[str], articles: int) -> list[str]:
    lines = []
    for n in range(articles):
        names = [actors[(n * 4 + k) % len(actors)] for k in range(4)]
        sentences = [f"{name} said labs should pause frontier AI." for name in names]
        record = {
            "format": "claims-jsonl/1",
            "url": f"https://{prefix}.example.org/{n}",
            "title": f"{prefix} {n}",
            "text": " ".join(sentences),
            "claims": [
                {
                    "text": s,
                    "actor": name,
                    "topics": [{"topic": "pause-mechanism", "stance": "supports"}],
                }
                for s, name in zip(sentences, names, strict=True)
            ],
        }
        lines.append(json.dumps(record))
    return lines


def test_two_bulk_imports_creating_the_same_actors_in_opposite_orders_both_finish(
    committing_sessions,
):
    # Each batch creates a hundred new actors the other import also creates, in the
    # opposite order: without one order for all, each waits on the other's index entry.
    files = {
        "a": _lines("a", ACTORS, 1200),
        "b": _lines("b", list(reversed(ACTORS)), 1200),
    }
    summaries: dict[str, object] = {}
    errors: list[BaseException] = []

    def run(name: str) -> None:
        try:
            importer = BulkImporter(committing_sessions, batch_size=100)
            summaries[name] = importer.run(files[name])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not errors, errors[0]
    assert all(s.imported == 1200 and s.claims == 4800 for s in summaries.values())  # type: ignore[attr-defined]
    with committing_sessions() as session:
        assert session.scalar(text("SELECT count(*) FROM articles")) == 2400
        assert (
            session.scalar(text("SELECT count(*) FROM actors WHERE name LIKE 'Minister%'")) == 400
        )
        maintained = {tuple(r[:-1]): r[-1] for r in session.execute(text(MAINTAINED))}
        recount = {tuple(r[:-1]): r[-1] for r in session.execute(text(RECOUNT)) if r[-1]}
    assert maintained == recount


def test_a_transaction_chosen_as_a_deadlock_victim_runs_again(committing_db_url):
    from sqlalchemy import create_engine

    from app.db import retrying

    engine = create_engine(committing_db_url, pool_size=4)
    a_holds_1 = threading.Event()
    b_waits = threading.Event()
    attempts: list[int] = []

    def other() -> None:  # takes 1 then 2: the opposite order
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(1)"))
            a_holds_1.set()
            b_waits.wait(10)
            time.sleep(0.3)  # after the victim has started waiting, so its check fires first
            conn.execute(text("SELECT pg_advisory_xact_lock(2)"))

    def work() -> str:  # takes 2 then 1
        attempts.append(1)
        with engine.begin() as conn:
            conn.execute(text("SELECT pg_advisory_xact_lock(2)"))
            a_holds_1.wait(10)
            b_waits.set()
            conn.execute(text("SELECT pg_advisory_xact_lock(1)"))
        return "done"

    thread = threading.Thread(target=other)
    thread.start()
    try:
        assert retrying(work) == "done"
    finally:
        thread.join(30)
        engine.dispose()
    assert len(attempts) == 2
