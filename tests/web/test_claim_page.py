"""The claim page: tags with review state and evidence, the quote in context, history."""

from __future__ import annotations

import datetime as dt

from app.models import AnnotationEvent, User
from tests.factories import make_claim, make_tag
from tests.web.conftest import html


def test_it_shows_the_claim_its_actor_kind_and_topics_with_stance_and_status(client, seeded):
    page = html(client.get(f"/claims/{seeded.pause_claim.id}"))
    assert "global mechanism to pause" in page.select_one("h1").text
    assert page.select_one(".claim-meta a.actor")["href"] == "/actors/anthropic"
    rows = {r.select_one("th a").text: r for r in page.select(".stance-table tbody tr")}
    assert "confirmed" in rows["Pause mechanism"].text
    assert "machine suggestion" in rows["International governance"].text


def test_it_highlights_the_quote_inside_the_article_text(client, seeded):
    page = html(client.get(f"/claims/{seeded.oversight_claim.id}"))
    excerpt = page.select_one(".article-excerpt")
    assert excerpt.select_one("mark.quote").text == seeded.oversight_claim.text
    assert "The weather was mild" in excerpt.text  # the text around it is there too


def test_it_shows_who_decided_when_and_the_evidence(client, db):
    editor = User(username="ed", password_hash="x", role="editor")
    db.add(editor)
    db.flush()
    claim = make_claim(db)
    make_tag(
        db,
        claim,
        "liability",
        "opposes",
        "confirmed",
        decided_by=editor.id,
        decided_at=dt.datetime(2026, 11, 27, tzinfo=dt.UTC),
        evidence="developers should not be liable",
        note="clear rejection",
    )
    db.add(
        AnnotationEvent(
            user_id=editor.id,
            object_type="stance_tag",
            object_id=1,
            claim_id=claim.id,
            action="confirm",
            before={"status": "suggested"},
            after={"status": "confirmed"},
        )
    )
    db.flush()
    page = html(client.get(f"/claims/{claim.id}"))
    row = page.select_one(".stance-table tbody tr")
    assert "by ed" in row.text and "27 Nov 2026" in row.text and "clear rejection" in row.text
    assert row.select_one("q.evidence").text == "developers should not be liable"
    history = page.select_one("ol.history").text
    assert "ed" in history and "confirm" in history and "suggested" in history


def test_it_lists_other_claims_by_the_same_actor_on_the_same_topics(client, seeded):
    page = html(client.get(f"/claims/{seeded.pause_claim.id}"))
    related = [int(a["data-claim-id"]) for a in page.select("#related-h ~ article.claim")]
    assert related == [seeded.later_pause_claim.id]


def test_an_unknown_claim_is_404_and_a_non_number_does_not_match(client, seeded):
    assert client.get("/claims/999999999").status_code == 404
    assert client.get("/claims/abc").status_code == 404
    assert client.get("/claims/1e9").status_code == 404


def test_a_claim_with_no_tag_says_what_to_do(client, seeded):
    page = html(client.get(f"/claims/{seeded.untagged_claim.id}"))
    assert "no topic yet" in page.select_one("#topics-h ~ .empty").text


def test_an_editor_gets_decision_controls_on_each_tag_and_can_confirm_one(client, db, seeded):
    from app.models import Role
    from tests.editors.conftest import log_in
    from tests.factories import make_user

    token = log_in(client, make_user(db, username="edna", role=Role.editor))
    page = html(client.get(f"/claims/{seeded.pause_claim.id}"))
    editors = page.select(".stance-table .tag-editor")
    assert len(editors) == 2
    suggested = next(e for e in editors if "status-suggested" in e["class"])
    response = client.post(
        f"/tags/{suggested['data-tag-id']}/decide",
        data={"decision": "supports", "version": suggested["data-version"], "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    again = html(client.get(f"/claims/{seeded.pause_claim.id}"))
    rows = [r.text for r in again.select(".stance-table tbody > tr")]
    assert all("machine suggestion" not in r for r in rows)
    assert "edna" in again.select_one("ol.history").text


def test_a_visitor_sees_no_decision_controls(client, seeded):
    page = html(client.get(f"/claims/{seeded.pause_claim.id}"))
    assert page.select(".tag-editor") == [] and page.select("form") == []
