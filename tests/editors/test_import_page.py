"""/import: editors paste text, upload files and queue pages; bad lines are named."""

import json

from lxml import html
from sqlalchemy import text

GOVERNANCE_TEXT = (
    "Frontier AI labs face new pressure.\n\n"
    "OpenAI said on Tuesday that governments should create an international agency to "
    "audit the most capable AI models before release. The company is calling for a "
    "global pause mechanism that could halt frontier AI development if evaluations fail."
)


def _notice(response) -> str:
    return " ".join(html.fromstring(response.text).xpath('//p[@class="notice"]//text()'))


def test_pasted_text_is_extracted_and_stored_with_suggested_stances(as_editor, db):
    response = as_editor.post("/import/text", {"body": GOVERNANCE_TEXT, "title": "Labs and pauses"})
    assert response.status_code == 200
    assert "was imported" in _notice(response)
    article_id = db.scalar(text("SELECT id FROM articles WHERE title = 'Labs and pauses'"))
    statuses = db.scalars(
        text(
            "SELECT t.status::text FROM stance_tags t JOIN claims c ON c.id = t.claim_id"
            " WHERE c.article_id = :a"
        ),
        {"a": article_id},
    ).all()
    assert statuses and set(statuses) == {"suggested"}


def test_an_uploaded_claims_file_imports_good_lines_and_names_the_bad_one(as_editor, db):
    good = {
        "format": "claims-jsonl/1",
        "url": "https://example.org/upload-1",
        "title": "Up",
        "text": "Anthropic backs a pause.",
        "claims": [
            {
                "text": "Anthropic backs a pause",
                "actor": "Anthropic",
                "topics": [{"topic": "pause-mechanism", "stance": "supports"}],
            }
        ],
    }
    bad = {**good, "url": "https://example.org/upload-2", "title": ""}
    body = (json.dumps(good) + "\n" + json.dumps(bad) + "\n").encode()
    response = as_editor.post("/import/file", files={"file": ("claims.jsonl", body)})
    assert response.status_code == 200
    assert "imported 1" in _notice(response) and "rejected 1" in _notice(response)
    rows = html.fromstring(response.text).xpath("//table//tbody/tr/td[1]/text()")
    assert any(row.endswith(" 2") for row in rows)
    assert (
        db.scalar(
            text("SELECT count(*) FROM articles WHERE url LIKE 'https://example.org/upload-%'")
        )
        == 1
    )


def test_other_file_types_are_refused_with_a_reason(as_editor):
    response = as_editor.post("/import/file", files={"file": ("evil.exe", b"MZ")})
    assert response.status_code == 422
    assert "only .txt" in response.text


def test_a_page_address_is_queued_for_the_worker(as_editor, db):
    response = as_editor.post("/import/url", {"url": "https://example.org/report"})
    assert response.status_code == 200
    assert "Queued" in _notice(response)
    args = db.scalar(
        text("SELECT args::text FROM procrastinate_jobs WHERE task_name = 'govclaims:import_url'")
    )
    assert "https://example.org/report" in args


def test_viewers_cannot_import(as_viewer, db):
    response = as_viewer.post("/import/text", {"body": GOVERNANCE_TEXT})
    assert response.status_code == 403
    assert db.scalar(text("SELECT count(*) FROM articles")) == 0


def test_one_job_queue_app_serves_every_queued_page(as_editor, db):
    for n in (1, 2):
        response = as_editor.post("/import/url", {"url": f"https://example.org/once-{n}"})
        assert response.status_code == 200
    first = as_editor.client.app.state.job_app
    as_editor.post("/import/url", {"url": "https://example.org/once-3"})
    assert as_editor.client.app.state.job_app is first
    queued = db.scalar(
        text("SELECT count(*) FROM procrastinate_jobs WHERE args::text LIKE '%example.org/once-%'")
    )
    assert queued == 3
