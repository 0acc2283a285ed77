"""Every page answers hostile input with a page or a clear 4xx: never a 500, never raw markup."""

from __future__ import annotations

import pytest

PAYLOAD = "<script>alert(1)</script>"
LONG = "x" * 10_000

PATHS = [
    "/?q=" + PAYLOAD,
    "/actors?q=" + PAYLOAD,
    "/actors?q=" + LONG,
    "/actors/" + PAYLOAD,
    "/actors/" + LONG,
    "/actors/anthropic?page=abc",
    "/actors/anthropic?page=999999",
    "/actors/anthropic?page=5000",
    "/topics/" + PAYLOAD,
    "/topics/" + LONG,
    "/topics/pause-mechanism?x=" + PAYLOAD,
    "/articles/-1",
    "/articles/99999999999999999999999",
    "/articles/" + PAYLOAD,
    "/claims/99999999999999999999999",
    "/claims.atom?q=" + PAYLOAD + "&topic=" + PAYLOAD,
    "/claims.csv?from=yesterday&q=" + LONG,
    "/claims.jsonl?stance=" + PAYLOAD + "&actor=" + PAYLOAD,
    "/claims/actor-options?actor_q=" + PAYLOAD + "&topic=nope",
    "/claims/actor-options?actor_q=%25_%5C",
    "/api/claims?actor=" + PAYLOAD,
    "/api/actors?q=" + LONG,
    "/api/actors/" + PAYLOAD,
    "/api/topics/" + LONG,
    "/api/claims/abc",
]


@pytest.mark.parametrize("path", PATHS)
def test_hostile_input_never_breaks_a_page(client, seeded, path):
    response = client.get(path)
    assert response.status_code < 500, response.text[:500]
    if response.headers["content-type"].startswith("application/json"):
        response.json()  # JSON may echo a value back, escaped by the encoding
    else:
        assert PAYLOAD not in response.text


def test_an_unknown_page_inside_claims_is_a_404_page(client, seeded):
    response = client.get("/claims/abc/def")
    assert response.status_code == 404
