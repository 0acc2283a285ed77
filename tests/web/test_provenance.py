"""Where a claim's words come from, on the pages and in the API; a decision made under an
older wording of a topic's proposition is flagged."""

from __future__ import annotations

from sqlalchemy import text

from tests.factories import make_article, make_claim, make_tag
from tests.web.conftest import html


def _claims(db):  # type: ignore[no-untyped-def]
    article = make_article(
        db,
        text='"We need a pause," said Ada Quill. The debate over a pause has grown louder.',
    )
    quoted = make_claim(db, article=article, text="We need a pause", provenance="quote")
    narrated = make_claim(
        db, article=article, text="The debate over a pause has grown louder", provenance="narration"
    )
    return quoted, narrated


def test_only_a_quote_is_shown_in_quotation_marks_and_each_claim_says_where_it_comes_from(
    client, db
):
    quoted, narrated = _claims(db)
    quote_page = html(client.get(f"/claims/{quoted.id}"))
    assert quote_page.select_one("h1 q").text == "We need a pause"
    assert quote_page.select_one(".claim-meta .provenance").text == "quoted"
    narration_page = html(client.get(f"/claims/{narrated.id}"))
    assert narration_page.select_one("h1 q") is None
    assert narration_page.select_one(".claim-meta .provenance").text == "the writer's own words"


def test_the_claims_list_filters_by_provenance(client, db):
    quoted, narrated = _claims(db)
    page = html(client.get("/claims?provenance=quote"))
    shown = {int(a["data-claim-id"]) for a in page.select("article.claim")}
    assert quoted.id in shown and narrated.id not in shown
    assert page.select_one("input[name=provenance][value=quote]").has_attr("checked")
    bad = client.get("/claims?provenance=rumour")
    assert "unknown provenance" in bad.text


def test_the_provenance_facet_counts_claims_exactly(client, db):
    _claims(db)
    counts = {
        f["value"]: f["count"] for f in client.get("/api/claims").json()["facets"]["provenances"]
    }
    assert counts == {"quote": 1, "reported": 0, "first-party": 0, "narration": 1}
    # With a provenance chosen the counts come from a recount of the matches, not the tables.
    body = client.get("/api/claims", params={"provenance": "quote"}).json()
    counts = {f["value"]: f["count"] for f in body["facets"]["provenances"]}
    assert counts["quote"] == 1 and body["total"] == 1


def test_the_api_carries_provenance_and_filters_by_it(client, db):
    quoted, narrated = _claims(db)
    body = client.get("/api/claims", params={"provenance": "narration"}).json()
    assert [c["id"] for c in body["rows"]] == [narrated.id]
    assert body["rows"][0]["provenance"] == "narration"
    assert client.get(f"/api/claims/{quoted.id}").json()["provenance"] == "quote"


def test_a_decision_made_under_an_earlier_proposition_is_flagged(client, db):
    claim = make_claim(db)
    make_tag(db, claim, "pause-mechanism", "supports", "confirmed")
    page = html(client.get(f"/claims/{claim.id}"))
    assert "made under an earlier proposition" not in page.text
    db.execute(text("UPDATE topics SET proposition = 'Pause now.' WHERE slug = 'pause-mechanism'"))
    db.expire_all()
    page = html(client.get(f"/claims/{claim.id}"))
    assert "made under an earlier proposition" in page.text
