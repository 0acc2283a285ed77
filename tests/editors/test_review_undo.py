"""The review queue cannot mislead: filters take every combination, decisions can be undone,
history lines say which claim and topic they are about."""

from __future__ import annotations

from lxml import html
from sqlalchemy import select

from app.models import AnnotationEvent, Claim, ClaimStatus, StanceTag, TagStatus
from tests.factories import make_claim


def _undo_event_id(text: str) -> str:
    ids = html.fromstring(text).xpath('//form[@class="undo-form"]//input[@name="event_id"]/@value')
    assert ids, "no undo button"
    return str(ids[0])


def test_the_filter_form_with_every_select_on_all_is_accepted(db, as_editor) -> None:
    make_claim(db, tags=[("pause-mechanism", "supports")])
    page = as_editor.client.get("/review?topic=&actor=&source=")
    with_disputes = as_editor.client.get("/review?topic=&actor=&source=&disputed=1")
    assert (page.status_code, with_disputes.status_code) == (200, 200)
    assert html.fromstring(page.text).xpath('//*[@id="review-item"]/@data-claim-id')


def test_a_non_number_source_is_still_refused(as_editor) -> None:
    assert as_editor.client.get("/review?source=abc").status_code == 422


def test_a_rejection_can_be_undone_and_the_tag_is_suggested_again(db, as_editor) -> None:
    claim = make_claim(db, tags=[("pause-mechanism", "mixed")])
    tag = claim.stance_tags[0]
    as_editor.post(f"/tags/{tag.id}/decide", {"version": 1, "decision": "reject"})
    status = as_editor.client.get("/review/status", headers={"HX-Request": "true"})
    answer = as_editor.post("/review/undo", {"event_id": _undo_event_id(status.text)})
    assert answer.status_code == 200 and f"at={tag.id}" in answer.headers["HX-Redirect"]
    db.expire_all()
    restored = db.get(StanceTag, tag.id)
    assert (restored.status, restored.stance.value) == (TagStatus.suggested, "mixed")
    assert restored.decided_by is None


def test_not_a_claim_can_be_undone(db, as_editor) -> None:
    claim = make_claim(db, tags=[("liability", "supports")])
    as_editor.post(f"/claims/{claim.id}/status", {"status": "not-a-claim"})
    status = as_editor.client.get("/review/status", headers={"HX-Request": "true"})
    as_editor.post("/review/undo", {"event_id": _undo_event_id(status.text)})
    db.expire_all()
    assert db.get(Claim, claim.id).status == ClaimStatus.active


def test_an_undo_is_refused_when_the_tag_changed_since(db, as_editor) -> None:
    tag = make_claim(db, tags=[("liability", "supports")]).stance_tags[0]
    as_editor.post(f"/tags/{tag.id}/decide", {"version": 1, "decision": "reject"})
    first = db.scalars(select(AnnotationEvent.id).where(AnnotationEvent.object_id == tag.id)).one()
    as_editor.post(f"/tags/{tag.id}/decide", {"version": 2, "decision": "opposes"})
    answer = as_editor.post("/review/undo", {"event_id": str(first)})
    assert answer.status_code == 409
    db.expire_all()
    assert db.get(StanceTag, tag.id).stance.value == "opposes"


def test_another_editors_decision_cannot_be_undone(db, as_editor, as_admin) -> None:
    tag = make_claim(db, tags=[("liability", "supports")]).stance_tags[0]
    as_admin.post(f"/tags/{tag.id}/decide", {"version": 1, "decision": "reject"})
    event = db.scalars(select(AnnotationEvent.id).where(AnnotationEvent.object_id == tag.id)).one()
    assert as_editor.post("/review/undo", {"event_id": str(event)}).status_code == 404


def test_history_lines_name_the_claim_and_the_topic(db, as_editor) -> None:
    claim = make_claim(db, tags=[("pause-mechanism", "supports")])
    tag = claim.stance_tags[0]
    as_editor.post(f"/tags/{tag.id}/decide", {"version": 1, "decision": "mixed"})
    status = as_editor.client.get("/review/status", headers={"HX-Request": "true"})
    line = " ".join(
        html.fromstring(status.text).xpath('string(//ol[@class="history"]/li[1])').split()
    )
    assert "edna changed the stance on Pause mechanism of claim" in line
    assert f"claim {claim.id}" in line and claim.text[:30] in line
    assert "supports → mixed" in line


def test_a_not_a_claim_line_reads_as_a_sentence(db, as_editor) -> None:
    claim = make_claim(db, tags=[("liability", "supports")])
    as_editor.post(f"/claims/{claim.id}/status", {"status": "not-a-claim"})
    status = as_editor.client.get("/review/status", headers={"HX-Request": "true"})
    line = " ".join(
        html.fromstring(status.text).xpath('string(//ol[@class="history"]/li[1])').split()
    )
    assert f"edna marked claim {claim.id}" in line and "as not a claim" in line
