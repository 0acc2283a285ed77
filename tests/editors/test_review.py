"""The review queue: oldest suggestions first, filters, a counter, disputes."""

from __future__ import annotations

import datetime as dt

from lxml import html

from tests.factories import make_actor, make_claim, make_tag, topic


def _claim_ids_in_item(text: str) -> list[str]:
    return html.fromstring(text).xpath('//*[@id="review-item"]/@data-claim-id')


def _left(text: str) -> int:
    return int(html.fromstring(text).xpath('string(//*[@id="review-left"])').replace(",", ""))


def test_it_shows_the_oldest_suggestion_first_with_its_evidence(db, as_editor) -> None:
    old = make_claim(db, tags=[("pause-mechanism", "supports")])
    make_claim(db, tags=[("human-oversight", "opposes")])
    old.stance_tags[0].created_at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    old.stance_tags[0].evidence = "calling for a pause"
    db.flush()
    page = as_editor.client.get("/review")
    assert page.status_code == 200
    assert _claim_ids_in_item(page.text) == [str(old.id)]
    assert "calling for a pause" in html.fromstring(page.text).xpath(
        'string(//q[@class="evidence"])'
    )


def test_it_filters_by_topic_and_actor(db, as_editor) -> None:
    actor = make_actor(db)
    make_claim(db, tags=[("pause-mechanism", "supports")])
    wanted = make_claim(db, actor_id=actor.id, tags=[("human-oversight", "supports")])
    by_topic = as_editor.client.get("/review?topic=human-oversight")
    by_actor = as_editor.client.get(f"/review?actor={actor.id}")
    assert _claim_ids_in_item(by_topic.text) == [str(wanted.id)]
    assert _claim_ids_in_item(by_actor.text) == [str(wanted.id)]
    assert _left(by_actor.text) == 1


def test_the_counter_drops_after_a_decision(db, as_editor) -> None:
    claims = [make_claim(db, tags=[("pause-mechanism", "supports")]) for _ in range(3)]
    before = _left(as_editor.client.get("/review").text)
    as_editor.post(
        f"/tags/{claims[0].stance_tags[0].id}/decide", {"version": 1, "decision": "supports"}
    )
    status = as_editor.client.get("/review/status", headers={"HX-Request": "true"})
    assert _left(status.text) == before - 1
    assert "confirmed" in html.fromstring(status.text).xpath('string(//ol[@class="history"])')


def test_j_and_k_links_walk_the_queue(db, as_editor) -> None:
    first, second = (make_claim(db, tags=[("liability", "supports")]) for _ in range(2))
    page = html.fromstring(as_editor.client.get("/review?topic=liability").text)
    next_link = page.xpath('//a[@data-key="j"]/@href')[0]
    item = as_editor.client.get(next_link, headers={"HX-Request": "true"})
    assert _claim_ids_in_item(item.text) == [str(second.id)]
    assert html.fromstring(item.text).xpath('//a[@data-key="k"]')
    assert "<html" not in item.text  # HTMX gets only the item


def test_two_editors_deciding_differently_mark_a_dispute_listed_in_review(
    db, as_editor, as_admin
) -> None:
    claim = make_claim(db, tags=[("open-weights", "supports")])
    tag = claim.stance_tags[0]
    as_editor.post(f"/tags/{tag.id}/decide", {"version": 1, "decision": "supports"})
    as_admin.post(f"/tags/{tag.id}/decide", {"version": 2, "decision": "opposes"})
    db.refresh(tag)
    assert tag.disputed
    disputes = as_editor.client.get("/review?disputed=1")
    assert _claim_ids_in_item(disputes.text) == [str(claim.id)]
    settled = as_editor.post(
        f"/tags/{tag.id}/decide", {"version": 3, "decision": "opposes", "settle": "true"}
    )
    assert settled.status_code == 200
    db.refresh(tag)
    assert not tag.disputed


def test_an_empty_queue_says_so(db, as_editor) -> None:
    make_tag(db, make_claim(db), "liability", "supports", "confirmed")
    page = as_editor.client.get("/review?topic=liability")
    assert "Nothing left to review" in page.text
    assert topic(db, "liability").slug == "liability"
