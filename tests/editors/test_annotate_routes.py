"""The claim editor's write endpoints: each saves, records history and returns the fragment."""

from __future__ import annotations

from lxml import html
from sqlalchemy import select

from app.models import AnnotationEvent, ClaimKind, ClaimStatus, Stance, TagStatus
from tests.factories import make_actor, make_article, make_claim, topic


def _events(db, claim_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    stmt = select(AnnotationEvent.action).where(AnnotationEvent.claim_id == claim_id)
    return list(db.scalars(stmt.order_by(AnnotationEvent.id)))


def test_an_editor_confirms_a_suggestion_and_gets_the_updated_tag_back(db, as_editor) -> None:
    claim = make_claim(db, tags=[("pause-mechanism", "supports")])
    tag = claim.stance_tags[0]
    response = as_editor.post(f"/tags/{tag.id}/decide", {"version": 1, "decision": "opposes"})
    assert response.status_code == 200, response.text
    fragment = html.fromstring(response.text)
    assert fragment.get("id") == f"tag-editor-{tag.id}"
    assert fragment.xpath('string(.//input[@name="version"]/@value)') == "2"
    assert response.headers["HX-Trigger-After-Settle"] == "claim-changed"
    db.refresh(tag)
    assert (tag.stance, tag.status, tag.version) == (Stance.opposes, TagStatus.confirmed, 2)
    assert _events(db, claim.id) == ["change"]


def test_a_stale_version_gets_409_with_the_current_value_and_keeps_the_input(
    db, as_editor, admin
) -> None:
    claim = make_claim(db, tags=[("pause-mechanism", "supports")])
    tag = claim.stance_tags[0]
    first = as_editor.post(f"/tags/{tag.id}/decide", {"version": 1, "decision": "supports"})
    assert first.status_code == 200
    late = as_editor.post(
        f"/tags/{tag.id}/decide", {"version": 1, "decision": "mixed", "note": "my reasoning"}
    )
    assert late.status_code == 409
    fragment = html.fromstring(late.text)
    assert "confirmed as supports" in fragment.xpath('string(.//*[@class="conflict"])')
    assert fragment.xpath('string(.//input[@name="note"]/@value)') == "my reasoning"
    assert fragment.xpath('.//button[contains(@class, "entered")]/@value') == ["mixed"]
    db.refresh(tag)
    assert tag.stance == Stance.supports and tag.version == 2


def test_an_editor_adds_a_topic_with_a_stance(db, as_editor) -> None:
    claim = make_claim(db)
    oversight = topic(db, "human-oversight")
    response = as_editor.post(
        f"/claims/{claim.id}/tags", {"topic_id": oversight.id, "stance": "mixed"}
    )
    assert response.status_code == 200, response.text
    db.refresh(claim)
    assert [(t.topic_id, t.stance, t.status) for t in claim.stance_tags] == [
        (oversight.id, Stance.mixed, TagStatus.confirmed)
    ]
    assert claim.tags == [oversight.id * 8 + 4 + 2]
    assert _events(db, claim.id) == ["add"]


def test_an_editor_picks_an_existing_actor_or_creates_one(db, as_editor) -> None:
    claim = make_claim(db)
    actor = make_actor(db, name="Existing Lab")
    picked = as_editor.post(
        f"/claims/{claim.id}/actor", {"expected_actor_id": "", "actor_id": str(actor.id)}
    )
    assert picked.status_code == 200, picked.text
    created = as_editor.post(
        f"/claims/{claim.id}/actor",
        {
            "expected_actor_id": str(actor.id),
            "new_actor_name": "Brand New Institute",
            "new_actor_kind": "NGO",
        },
    )
    assert created.status_code == 200, created.text
    db.refresh(claim)
    assert claim.actor is not None and claim.actor.name == "Brand New Institute"
    assert _events(db, claim.id) == ["actor", "actor"]


def test_changing_the_actor_from_a_stale_page_is_a_conflict(db, as_editor) -> None:
    claim = make_claim(db, actor_id=make_actor(db).id)
    other = make_actor(db)
    response = as_editor.post(
        f"/claims/{claim.id}/actor", {"expected_actor_id": "", "actor_id": str(other.id)}
    )
    assert response.status_code == 409
    chosen = html.fromstring(response.text).xpath(
        '//select[@name="actor_id"]/option[@selected]/@value'
    )
    assert chosen == [str(other.id)]
    db.refresh(claim)
    assert claim.actor_id != other.id


def test_an_editor_changes_kind_span_status_and_adds_a_note(db, as_editor) -> None:
    article = make_article(db, text="Intro words. The lab wants a pause on frontier AI. Outro.")
    claim = make_claim(db, article=article, text="Intro words.")
    assert (
        as_editor.post(
            f"/claims/{claim.id}/kind", {"expected_kind": "position", "kind": "prediction"}
        ).status_code
        == 200
    )
    start = article.text.index("The lab")
    span = as_editor.post(
        f"/claims/{claim.id}/span",
        {
            "expected_start": claim.start_pos,
            "expected_end": claim.end_pos,
            "start": start - 1,
            "end": article.text.index(" Outro") + 1,
        },
    )
    assert span.status_code == 200, span.text
    assert (
        as_editor.post(f"/claims/{claim.id}/notes", {"note": "check the source"}).status_code == 200
    )
    assert (
        as_editor.post(f"/claims/{claim.id}/status", {"status": "not-a-claim"}).status_code == 200
    )
    db.refresh(claim)
    assert claim.kind == ClaimKind.prediction
    assert claim.text == "The lab wants a pause on frontier AI."
    assert claim.status == ClaimStatus.not_a_claim
    assert _events(db, claim.id) == ["kind", "span", "note", "status"]


def test_a_span_outside_the_article_is_refused_with_422(db, as_editor) -> None:
    claim = make_claim(db)
    response = as_editor.post(
        f"/claims/{claim.id}/span",
        {
            "expected_start": claim.start_pos,
            "expected_end": claim.end_pos,
            "start": 0,
            "end": 10_000,
        },
    )
    assert response.status_code == 422
    assert "within the article" in response.text
    assert _events(db, claim.id) == []


def test_a_plain_form_post_redirects_back_to_the_claim(db, as_editor) -> None:
    claim = make_claim(db, tags=[("pause-mechanism", "supports")])
    response = as_editor.client.post(
        f"/tags/{claim.stance_tags[0].id}/decide",
        data={"version": 1, "decision": "reject", "csrf_token": as_editor.token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/claims/{claim.id}"


def test_the_edit_page_shows_the_panel_and_history(db, as_editor) -> None:
    claim = make_claim(db, tags=[("pause-mechanism", "supports")])
    as_editor.post(f"/claims/{claim.id}/notes", {"note": "first look"})
    page = as_editor.client.get(f"/claims/{claim.id}/edit")
    assert page.status_code == 200
    tree = html.fromstring(page.text)
    assert tree.xpath('//section[@id="claim-panel"]')
    assert "first look" in tree.xpath('string(//ol[@class="history"])')
    assert tree.xpath(f'//div[@id="tag-editor-{claim.stance_tags[0].id}"]')


def test_the_claim_page_carries_the_editor_controls_for_editors_only(db, as_editor, client) -> None:
    claim = make_claim(db, tags=[("pause-mechanism", "supports")])
    tag_id = claim.stance_tags[0].id
    tree = html.fromstring(as_editor.client.get(f"/claims/{claim.id}").text)
    assert tree.xpath(f'//div[@id="tag-editor-{tag_id}"]//button[@value="supports"]')
    assert tree.xpath(f'//*[@hx-get="/claims/{claim.id}/edit?embedded=1"]')
    anonymous = html.fromstring(client.get(f"/claims/{claim.id}").text)
    assert not anonymous.xpath('//*[contains(@class, "tag-editor")]')
