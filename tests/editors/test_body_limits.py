"""Bodies are limited while they are read: 413 before parsing or CSRF, uploads for editors."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient

MB = 1024 * 1024


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        yield b"a" * min(size, total - sent)
        sent += size


def test_an_anonymous_form_over_1_mb_gets_413_not_a_csrf_refusal(client: TestClient):
    body = b"body=" + b"x" * (2 * MB)
    response = client.post(
        "/login", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413


def test_a_streamed_body_without_length_is_cut_off_at_1_mb(client: TestClient):
    response = client.post(
        "/api/claims/1/tags",
        content=_chunks(3 * MB),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413


def test_an_anonymous_upload_is_refused_before_its_body_is_read(client: TestClient):
    response = client.post(
        "/import/file",
        files={"file": ("big.txt", b"x" * (2 * MB), "text/plain")},
    )
    assert response.status_code == 401


def test_a_viewer_cannot_upload_either(as_viewer):
    response = as_viewer.post("/import/file", files={"file": ("a.txt", b"text", "text/plain")})
    assert response.status_code == 403


def test_an_editor_uploads_a_file_over_the_small_limit(as_editor, db):
    sentence = b"The European Commission said governments should pause frontier AI. "
    body = sentence * (2 * MB // len(sentence))
    response = as_editor.post("/import/file", files={"file": ("long.txt", body, "text/plain")})
    assert response.status_code == 200, response.text[:300]


def test_a_small_form_still_needs_its_csrf_token(client: TestClient):
    response = client.post("/logout", data={"x": "1"})
    assert response.status_code == 403
