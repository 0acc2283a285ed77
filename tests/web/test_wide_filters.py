"""Filters that match everything are answered from the maintained counts; a statement
that runs too long gives a "narrow the filter" page instead of a hang."""

from __future__ import annotations

import threading

from fastapi.testclient import TestClient
from sqlalchemy import text

from app.main import create_app
from app.queries.claim_filter import parse_filter, resolve, uses_maintained_counts
from tests.factories import make_claim
from tests.web.conftest import html


def test_a_date_range_wider_than_the_data_uses_the_maintained_counts(db):
    make_claim(db, tags=[("pause-mechanism", "supports")])
    wide = resolve(db, parse_filter(db, {"from": ["0001-01-01"], "to": ["9999-12-31"]})[0])
    assert wide.since is None and wide.before is None
    assert uses_maintained_counts(wide)


def test_a_date_range_inside_the_data_still_filters(client, db):
    old = make_claim(db, text="Old claim about a pause.")
    new = make_claim(db, text="New claim about a pause.")
    db.execute(text("UPDATE claims SET published_at = '2020-01-01' WHERE id = :id"), {"id": old.id})
    db.flush()
    narrow = resolve(db, parse_filter(db, {"from": ["2021-01-01"], "to": ["9999-12-31"]})[0])
    assert narrow.since is not None and not uses_maintained_counts(narrow)
    page = html(client.get("/claims?from=2021-01-01&to=9999-12-31"))
    ids = {a.get("data-claim-id") for a in page.select("article.claim")}
    assert str(new.id) in ids and str(old.id) not in ids


def test_the_same_claims_come_back_with_and_without_a_covering_range(client, db):
    for _ in range(3):
        make_claim(db, tags=[("compute-governance", "opposes")])
    plain = html(client.get("/claims"))
    wide = html(client.get("/claims?from=0001-01-01&to=9999-12-31"))
    ids = lambda page: [a.get("data-claim-id") for a in page.select("article.claim")]  # noqa: E731
    assert ids(plain) == ids(wide) and len(ids(plain)) >= 3


def test_a_statement_past_the_timeout_gives_a_narrow_the_filter_page(
    settings, engine, session_factory
):
    quick = settings.model_copy(update={"web_statement_timeout_s": 0.3})
    app = create_app(quick, engine=engine, session_factory=session_factory)
    locked = threading.Event()
    release = threading.Event()

    def hold_lock() -> None:
        # Another session holds the claims table: the page's query waits on it, which
        # counts against the statement timeout just as a slow scan would.
        with engine.connect() as conn:
            conn.execute(text("LOCK TABLE claims IN ACCESS EXCLUSIVE MODE"))
            locked.set()
            release.wait(30)
            conn.rollback()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(10)
        with TestClient(app) as client:
            response = client.get("/claims?q=pause")
            api = client.get("/api/claims?q=pause")
    finally:
        release.set()
        holder.join(30)
    assert response.status_code == 503
    assert "Narrow the filter" in response.text
    assert api.status_code == 503 and "Narrow the filter" in api.json()["error"]
