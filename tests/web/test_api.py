"""The JSON API: the claims list's filters and facets, and the page figures, documented."""

from __future__ import annotations

import pytest


def test_api_claims_returns_rows_total_and_facets(client, seeded):
    body = client.get("/api/claims?topic=pause-mechanism").json()
    assert body["total"] == 2 and body["page"] == 1 and body["per_page"] == 50
    first = body["rows"][0]
    assert first["id"] == seeded.later_pause_claim.id
    assert first["article"]["title"] == "Anthropic changes course"
    assert first["tags"] == [
        {
            "topic": "pause-mechanism",
            "topic_name": "Pause mechanism",
            "stance": "opposes",
            "status": "suggested",
        }
    ]
    stances = {f["value"]: f["count"] for f in body["facets"]["stances"]}
    assert stances == {"supports": 1, "opposes": 1, "mixed": 0, "neutral": 0}
    assert body["facets"]["actors"][0] == {
        "value": "Anthropic",
        "label": "Anthropic",
        "count": 2,
        "selected": False,
    }


def test_api_claims_accepts_several_values_and_paging(client, seeded):
    body = client.get("/api/claims?topic=pause-mechanism&topic=human-oversight&per_page=1&page=2")
    assert body.status_code == 200
    assert body.json()["total"] == 3 and body.json()["pages"] == 3 and len(body.json()["rows"]) == 1


@pytest.mark.parametrize(
    "query",
    [
        "topic=Not a slug",
        "stance=angry",
        "from=2026-13-01",
        "page=0",
        "per_page=1000",
        "sort=up",
        "q=" + "a" * 600,
    ],
)
def test_api_claims_refuses_bad_filters_with_422_and_a_message(client, seeded, query):
    response = client.get(f"/api/claims?{query}")
    assert response.status_code == 422
    assert response.json()["error"]


def test_api_claims_answers_404_for_a_topic_nobody_defined(client, seeded):
    response = client.get("/api/claims?topic=nope")
    assert response.status_code == 404
    assert "unknown topic 'nope'" in response.json()["error"]


def test_the_api_index_lists_the_read_endpoints_first_with_summaries(client):
    body = client.get("/api/").json()
    paths = [e["path"] for e in body["endpoints"]]
    assert paths[0] == "/api/" and "/api/claims" in paths and "/api/overview" in paths
    assert all(e["summary"] and e["method"] == "GET" for e in body["endpoints"])
    assert body["docs"] == "/api/docs"


def test_the_openapi_document_puts_reading_before_editing_and_names_its_schemas(client):
    doc = client.get("/openapi.json").json()
    tags = [next(iter(ops.values()))["tags"][0] for ops in doc["paths"].values()]
    first_write = tags.index("editing")
    reading = {"index", "claims", "topics", "actors", "stances", "overview", "health"}
    assert set(tags[:first_write]) <= reading
    assert "admin" not in tags[:first_write]
    names = list(doc["components"]["schemas"])
    assert not [n for n in names if n.startswith("Body_")]
    assert "TagDecideForm" in names
    summaries = [op["summary"] for ops in doc["paths"].values() for op in ops.values()]
    assert "Api Claims" not in summaries and "Search claims" in summaries


def test_favicon_is_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"


def test_api_claim_has_tags_with_evidence_history_and_related(client, seeded):
    body = client.get(f"/api/claims/{seeded.pause_claim.id}").json()
    assert body["start"] == 0 and body["end"] == len(seeded.pause_claim.text)
    assert [t["status"] for t in body["tags"]] == ["confirmed", "suggested"]
    assert [r["id"] for r in body["related"]] == [seeded.later_pause_claim.id]
    assert client.get("/api/claims/123456789").status_code == 404


def test_api_topics_carry_claims_and_confirmed_share(client, seeded):
    topics = {t["slug"]: t for t in client.get("/api/topics").json()}
    assert topics["pause-mechanism"]["claims"] == 2 and topics["pause-mechanism"]["confirmed"] == 1
    detail = client.get("/api/topics/pause-mechanism").json()
    assert detail["months"] == [
        {"month": "2026-10", "supports": 1, "opposes": 0, "mixed": 0, "neutral": 0},
        {"month": "2026-11", "supports": 0, "opposes": 1, "mixed": 0, "neutral": 0},
    ]
    assert client.get("/api/topics/nope").status_code == 404


def test_api_actors_give_the_current_stance_per_topic(client, seeded):
    assert [a["slug"] for a in client.get("/api/actors").json()] == ["anthropic", "openai"]
    detail = client.get("/api/actors/anthropic").json()
    pause = next(t for t in detail["topics"] if t["topic"] == "pause-mechanism")
    # The confirmed claim outranks the newer suggestion, as on every page (/help/stances).
    assert pause["latest"]["stance"] == "supports" and pause["claims"] == 2
    assert client.get("/api/actors/nobody").status_code == 404


def test_api_overview_has_totals_and_topics(client, seeded):
    body = client.get("/api/overview").json()
    assert body["claims"] == 4 and body["confirmed"] == 1 and body["untagged"] == 1
    assert len(body["topics"]) == 14


def test_every_api_endpoint_is_documented_with_a_response_model(client):
    schema = client.get("/openapi.json").json()
    for path in [
        "/api/claims",
        "/api/claims/{claim_id}",
        "/api/topics",
        "/api/topics/{slug}",
        "/api/actors",
        "/api/actors/{slug}",
        "/api/overview",
    ]:
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]
        assert "schema" in ok, path
    params = {p["name"] for p in schema["paths"]["/api/claims"]["get"]["parameters"]}
    assert params >= {"topic", "stance", "actor", "kind", "status", "q", "from", "to", "page"}
