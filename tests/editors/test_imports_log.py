"""/imports: editors see every failed import and can queue it again; forms check URLs."""

from __future__ import annotations

import datetime as dt

from lxml import html
from sqlalchemy import text

from app.queries.import_failures import upsert_import_failure


def _failure(db, url: str = "https://news.example.org/broken", permanent: bool = True) -> int:  # type: ignore[no-untyped-def]
    upsert_import_failure(
        db,
        url=url,
        source_id=None,
        error="HTTP 404 Not Found",
        permanent=permanent,
        attempt=1,
        now=dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC),
    )
    db.flush()
    return int(db.scalar(text("SELECT id FROM import_failures WHERE url = :u"), {"u": url}))


def test_an_editor_sees_each_failed_import_with_its_error_and_attempts(as_editor, db):
    _failure(db)
    page = html.fromstring(as_editor.client.get("/imports").text)
    row = page.xpath("//tr[@data-failure-id]")[0]
    cells = [" ".join(c.text_content().split()) for c in row.xpath("./th|./td")]
    assert cells[0] == "https://news.example.org/broken"
    assert "HTTP 404 Not Found" in cells[2] and "permanent" in cells[2]
    assert "29 Nov 2026" in cells[3] and cells[4] == "1"
    assert row.xpath('.//form[contains(@action, "/retry")]//input[@name="csrf_token"]')


def test_viewers_and_anonymous_visitors_cannot_see_the_log(as_viewer, client):
    assert as_viewer.client.get("/imports").status_code == 403
    assert client.get("/imports", follow_redirects=False).status_code == 303


def test_the_retry_button_queues_the_address_again(as_editor, db, engine):
    failure_id = _failure(db, "https://news.example.org/retry-me")
    response = as_editor.post(f"/imports/{failure_id}/retry", follow_redirects=False)
    try:
        assert response.status_code == 303
        args = db.scalars(
            text(
                "SELECT args::text FROM procrastinate_jobs WHERE task_name = 'govclaims:import_url'"
            )
        ).all()
        assert any("https://news.example.org/retry-me" in a for a in args)
    finally:
        # The job queue commits on its own connection; leave the shared database clean.
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM procrastinate_jobs WHERE args::text LIKE '%retry-me%'"))


def test_the_retry_button_needs_the_csrf_token(as_editor, db):
    failure_id = _failure(db)
    response = as_editor.client.post(f"/imports/{failure_id}/retry", data={})
    assert response.status_code == 403


def test_the_page_form_refuses_a_private_address_as_the_importer_would(as_editor, db):
    response = as_editor.post("/import/url", {"url": "http://10.1.2.3/internal"})
    assert response.status_code == 422
    assert "private" in response.text
    queued = db.scalar(
        text("SELECT count(*) FROM procrastinate_jobs WHERE args::text LIKE '%10.1.2.3%'")
    )
    assert queued == 0


def test_the_feed_form_refuses_a_metadata_address(as_admin, db):
    response = as_admin.post("/admin/sources", {"url": "http://169.254.169.254/latest/"})
    assert response.status_code == 422
    assert "link-local" in response.text
    assert db.scalar(text("SELECT count(*) FROM sources WHERE url LIKE '%169.254%'")) == 0
