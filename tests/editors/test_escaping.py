"""Injected markup in any text people or feeds supply comes back escaped on every page."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import html

from app.models import Role, Source, SourceKind, TagStatus
from app.services import annotation, catalogue
from tests.factories import make_actor, make_article, make_claim, make_tag, make_user

SCRIPT = "<script>window.pwned=1</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1) data-xss=1>'
QUOTED = "' onmouseover='alert(1)' data-xss='1"
PAYLOAD = f"{SCRIPT}{ATTRIBUTE}{QUOTED}"


@pytest.fixture
def hostile(db) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    boss = make_user(db, username="boss", role=Role.admin)
    source = Source(
        kind=SourceKind.feed,
        url="https://feeds.example.org/x.xml",
        title=f"Feed {PAYLOAD}",
        last_error=f"parse error {PAYLOAD}",
        consecutive_failures=1,
    )
    db.add(source)
    db.flush()
    actor = make_actor(db, name=f"Actor {PAYLOAD}", slug="hostile-actor")
    topic = catalogue.create_topic(
        db,
        user_id=boss.id,
        slug="hostile-topic",
        name=f"Topic {PAYLOAD}",
        proposition=f"Prop {PAYLOAD}",
        cues=[PAYLOAD],
    )
    text = f"Intro. The lab says {PAYLOAD} we should pause. Outro."
    article = make_article(
        db, title=f"Title {PAYLOAD}", outlet=f"Outlet {PAYLOAD}", text=text, source_id=source.id
    )
    claim = make_claim(
        db, article=article, text=f"The lab says {PAYLOAD} we should pause.", actor_id=actor.id
    )
    tag = make_tag(
        db, claim, "hostile-topic", "supports", TagStatus.suggested, evidence=f"evidence {PAYLOAD}"
    )
    annotation.add_claim_note(db, user_id=boss.id, claim_id=claim.id, note=f"Note {PAYLOAD}")
    annotation.decide_tag(
        db,
        user_id=boss.id,
        tag_id=tag.id,
        expected_version=1,
        stance=None,
        note=f"tag note {PAYLOAD}",
    )
    tag.status = TagStatus.suggested  # back in the queue so /review shows it
    db.flush()
    return {
        "claim": claim,
        "actor": actor,
        "topic": topic,
        "article": article,
        "tag": tag,
        "user": boss,
    }


def _assert_inert(page: str, where: str) -> None:
    tree = html.fromstring(page)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "script":
            assert (element.get("src") or "").startswith("/static/"), f"{where}: injected script"
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"{where}: {name} on <{element.tag}>"
            assert name != "data-xss", f"{where}: injected attribute on <{element.tag}>"
            assert not value.strip().lower().startswith("javascript:"), f"{where}: {name}"
        assert not (element.tag == "img" and element.get("src") == "x"), f"{where}: injected img"


def test_every_page_escapes_injected_markup(app, db, hostile) -> None:
    from fastapi.testclient import TestClient

    from tests.editors.conftest import log_in

    claim, tag = hostile["claim"], hostile["tag"]
    pages = [
        "/",
        "/claims",
        "/claims?q=lab",
        f"/claims/{claim.id}",
        f"/claims/{claim.id}/edit",
        f"/articles/{hostile['article'].id}",
        "/actors",
        "/actors/hostile-actor",
        "/topics",
        "/topics/hostile-topic",
        "/review",
        "/review?topic=hostile-topic",
        "/stats",
        "/admin",
        "/admin/topics",
        "/admin/actors",
        "/admin/sources",
        "/admin/users",
    ]
    with TestClient(app) as client:
        log_in(client, hostile["user"])
        for path in pages:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            assert "Note" not in path  # keep the loop honest about what it fetched
            _assert_inert(response.text, path)
        seen = client.get(f"/claims/{claim.id}/edit").text
        assert "Note &lt;script&gt;" in seen  # the note is there, as text
        fragment = client.get("/review/status", headers={"HX-Request": "true"}).text
        _assert_inert(fragment, "/review/status")
    assert tag.note and SCRIPT in tag.note
