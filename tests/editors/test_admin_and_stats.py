"""Admin pages and statistics through the app."""

from __future__ import annotations

from lxml import html
from sqlalchemy import select

from app.models import Actor, ActorAlias, AnnotationEvent, Claim, Source, Topic
from tests.factories import make_actor, make_claim


def _post(browser, path: str, data: dict) -> object:  # type: ignore[no-untyped-def]
    return browser.client.post(
        path, data={**data, "csrf_token": browser.token}, follow_redirects=False
    )


def test_an_admin_creates_renames_and_retires_a_topic(db, as_admin) -> None:
    created = _post(
        as_admin,
        "/admin/topics",
        {
            "name": "Chip export controls",
            "proposition": "Chips should be export-controlled.",
            "cues": "chips, export controls",
        },
    )
    assert created.status_code == 303
    topic = db.scalars(select(Topic).where(Topic.slug == "chip-export-controls")).one()
    assert topic.cues == ["chips", "export controls"]
    updated = _post(
        as_admin,
        f"/admin/topics/{topic.id}",
        {"name": "Export controls", "proposition": "Controls are good.", "retired": "true"},
    )
    assert updated.status_code == 303
    db.refresh(topic)
    assert (topic.name, topic.retired) == ("Export controls", True)


def test_merging_actors_moves_claims_keeps_aliases_and_records_history(db, as_admin) -> None:
    dup = make_actor(db, name="OpenAl")
    db.add(ActorAlias(actor_id=dup.id, alias="Open AI Inc"))
    keep = make_actor(db, name="OpenAI")
    dup_id, keep_id = dup.id, keep.id
    claim_ids = [make_claim(db, actor_id=dup_id).id for _ in range(2)]
    response = _post(as_admin, "/admin/actors/merge", {"from_id": dup_id, "into_id": keep_id})
    assert response.status_code == 303, response.text
    db.expunge_all()
    assert db.get(Actor, dup_id) is None
    assert {db.get(Claim, c).actor_id for c in claim_ids} == {keep_id}
    aliases = set(db.scalars(select(ActorAlias.alias).where(ActorAlias.actor_id == keep_id)))
    assert aliases == {"Open AI Inc", "OpenAl"}
    actions = db.scalars(
        select(AnnotationEvent.action).where(AnnotationEvent.claim_id == claim_ids[0])
    )
    assert list(actions) == ["actor"]


def test_a_duplicate_alias_is_refused_with_a_message(db, as_admin) -> None:
    a, b = make_actor(db), make_actor(db)
    _post(as_admin, f"/admin/actors/{a.id}/aliases", {"alias": "Same Name"})
    again = _post(as_admin, f"/admin/actors/{b.id}/aliases", {"alias": "same name"})
    assert again.status_code == 422
    assert "already belongs" in again.text


def test_an_admin_adds_and_pauses_a_feed_and_sees_its_errors(db, as_admin) -> None:
    _post(
        as_admin, "/admin/sources", {"url": "https://feeds.example.org/ai.xml", "title": "AI feed"}
    )
    source = db.scalars(select(Source)).one()
    source.last_error, source.consecutive_failures = "HTTP 503 from the feed", 2
    db.flush()
    _post(as_admin, f"/admin/sources/{source.id}/enabled", {"enabled": "false"})
    db.refresh(source)
    assert not source.enabled
    page = html.fromstring(as_admin.client.get("/admin/sources").text)
    assert "HTTP 503 from the feed" in page.xpath('string(//tr[@class="failing"])')


def test_a_non_http_feed_is_refused(db, as_admin) -> None:
    response = _post(as_admin, "/admin/sources", {"url": "file:///etc/passwd"})
    assert response.status_code == 422
    assert db.scalars(select(Source)).first() is None


def test_an_admin_makes_an_account_and_cannot_lock_themselves_out(db, as_admin, admin) -> None:
    assert (
        _post(
            as_admin,
            "/admin/users",
            {"username": "newbie", "password": "long enough pw", "role": "editor"},
        ).status_code
        == 303
    )
    refused = _post(as_admin, f"/admin/users/{admin.id}", {"role": "viewer", "active": "true"})
    assert refused.status_code == 400


def test_stats_show_decisions_per_editor_and_kappa_per_topic(db, as_editor, as_admin) -> None:
    claims = [make_claim(db, tags=[("liability", "supports")]) for _ in range(2)]
    labels = [("supports", "supports"), ("opposes", "opposes")]
    for claim, (first, second) in zip(claims, labels, strict=True):
        tag = claim.stance_tags[0]
        as_editor.post(f"/tags/{tag.id}/decide", {"version": 1, "decision": first})
        as_admin.post(f"/tags/{tag.id}/decide", {"version": 2, "decision": second})
    page = html.fromstring(as_editor.client.get("/stats").text)
    rows = page.xpath('//section[@aria-labelledby="kappa-h"]//tbody/tr')
    assert len(rows) == 1
    assert rows[0].xpath("string(th)") == "Liability"
    assert rows[0].xpath("string(td[last()])").strip() == "1.00"
    editors = page.xpath('//section[@aria-labelledby="editors-h"]//tbody/tr/th/text()')
    assert sorted(editors) == ["ada", "edna"]


def test_an_admin_says_whom_a_source_speaks_for_and_it_is_kept_in_history(db, as_admin) -> None:
    _post(as_admin, "/admin/sources", {"url": "https://lab.example.org/news.xml"})
    source = db.scalars(select(Source)).one()
    response = _post(as_admin, f"/admin/sources/{source.id}/voice", {"speaks_for": "Lab Example"})
    assert response.status_code == 303
    db.refresh(source)
    assert source.speaks_for == "Lab Example"
    event = db.scalars(select(AnnotationEvent).where(AnnotationEvent.action == "set voice")).one()
    assert event.after == {"speaks_for": "Lab Example"}
    _post(as_admin, f"/admin/sources/{source.id}/voice", {"speaks_for": "  "})
    db.refresh(source)
    assert source.speaks_for is None


def test_an_editor_cannot_change_a_sources_voice(db, as_editor, as_admin) -> None:
    _post(as_admin, "/admin/sources", {"url": "https://lab.example.org/feed.xml"})
    source = db.scalars(select(Source)).one()
    response = _post(as_editor, f"/admin/sources/{source.id}/voice", {"speaks_for": "X"})
    assert response.status_code == 403
