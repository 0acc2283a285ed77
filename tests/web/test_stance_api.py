"""/api/stances, /api/changes and /changes.atom, on the route-test data."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from app.models import ActorKind
from tests.factories import make_actor, make_claim

ATOM = "{http://www.w3.org/2005/Atom}"


def test_stances_give_the_current_stance_its_basis_date_and_claims(client, seeded):
    found = client.get("/api/stances", params={"topic": "pause-mechanism"}).json()
    (anthropic,) = [s for s in found if s["actor_slug"] == "anthropic"]
    # The confirmed October claim outranks November's unreviewed suggestion.
    assert anthropic["stance"] == "supports" and anthropic["confirmed"] is True
    assert anthropic["date"] == "2026-10-05"
    assert anthropic["claim_ids"] == [seeded.pause_claim.id]
    assert anthropic["claims"] == {"supports": 1, "opposes": 1, "mixed": 0, "neutral": 0}
    assert anthropic["proposition"].startswith("A mechanism to pause")


def test_stances_filter_by_actor_kind_and_date(client, seeded, db):
    lab = make_actor(db, name="Lab One", slug="lab-one", kind="lab")
    make_claim(db, actor_id=lab.id, tags=[("pause-mechanism", "opposes")])
    labs = client.get("/api/stances", params={"kind": "lab"}).json()
    assert {s["actor"] for s in labs} == {"Lab One"}
    before = client.get("/api/stances", params={"actor": "anthropic", "as_of": "2026-10-01"})
    assert before.json() == []
    assert client.get("/api/stances", params={"kind": "martian"}).status_code == 422
    assert client.get("/api/stances", params={"topic": "nope"}).status_code == 404


def test_changes_list_both_stances_with_dates_and_claims(client, seeded):
    (change,) = client.get("/api/changes", params={"actor": "Anthropic"}).json()
    assert (change["before"]["stance"], change["after"]["stance"]) == ("supports", "opposes")
    assert change["before"]["claim_ids"] == [seeded.pause_claim.id]
    assert change["after"]["claim_ids"] == [seeded.later_pause_claim.id]
    assert (change["before"]["date"], change["after"]["date"]) == ("2026-10-05", "2026-11-20")
    assert change["confirmed"] is False
    assert client.get("/api/changes", params={"since": "2026-11-21"}).json() == []


def test_both_endpoints_are_in_the_openapi_reference(client):
    doc = client.get("/openapi.json").json()
    stances, changes = doc["paths"]["/api/stances"]["get"], doc["paths"]["/api/changes"]["get"]
    assert {"topic", "actor", "kind", "as_of"} <= {p["name"] for p in stances["parameters"]}
    assert "since" in {p["name"] for p in changes["parameters"]}
    assert stances["tags"] == changes["tags"] == ["stances"]
    assert (stances["summary"], changes["summary"]) == ("Current stances", "Changes of stance")
    assert {"404", "422", "503"} <= set(stances["responses"]) & set(changes["responses"])


def test_the_actor_kinds_are_listed_in_the_openapi_reference(client):
    doc = client.get("/openapi.json").json()
    assert doc["components"]["schemas"]["ActorKind"]["enum"] == [k.value for k in ActorKind]


def test_the_changes_feed_has_an_entry_per_change_with_both_claims(client, seeded):
    response = client.get("/changes.atom", params={"topic": "pause-mechanism"})
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Anthropic on Pause mechanism: supports → opposes"
    links = {link.get("href").rsplit("/", 2)[-2:][1] for link in entry.findall(f"{ATOM}link")}
    assert {str(seeded.pause_claim.id), str(seeded.later_pause_claim.id)} <= links
    empty = ET.fromstring(client.get("/changes.atom", params={"actor": "openai"}).content)
    assert empty.findall(f"{ATOM}entry") == []


def test_the_rules_page_explains_each_rule(client):
    page = client.get("/help/stances").text
    for anchor in ("article", "confirmed", "latest", "change"):
        assert f'id="{anchor}"' in page
