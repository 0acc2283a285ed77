"""Who may change what: CSRF on every write, roles on every editor and admin route."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.main import create_app
from app.models import AnnotationEvent, StanceTag
from tests.editors.conftest import log_in, page_csrf_token
from tests.factories import make_actor, make_claim

# Route modules whose every route needs at least the editor role.
EDITOR_MODULES = {"annotate", "review", "admin", "stats"}
# Writes anyone may send (with a CSRF token): they are how one gets an account's session.
OPEN_WRITES = {"/login", "/logout"}


def _api_routes(routes: list[Any]) -> list[APIRoute]:
    """Flatten the app's routes (FastAPI keeps included routers as lazy branches)."""
    flat: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            flat.append(route)
        elif hasattr(route, "original_router"):  # an included router (prefix already applied)
            flat.extend(_api_routes(route.original_router.routes))
    return flat


def _guarded_routes(app: Any) -> list[tuple[str, str]]:
    """Every (method, path) that needs a role: editor pages and every state-changing route."""
    found = set()
    for route in _api_routes(app.routes):
        module = route.endpoint.__module__.rsplit(".", 1)[-1]
        for method in route.methods:
            writes = method not in {"GET", "HEAD"}
            if route.path in OPEN_WRITES or method == "HEAD":
                continue
            if writes or module in EDITOR_MODULES:
                found.add((method, route.path))
    return sorted(found)


@pytest.fixture
def world(db) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    claim = make_claim(db, tags=[("pause-mechanism", "supports")])
    actor = make_actor(db)
    return {"claim": claim, "tag": claim.stance_tags[0], "actor": actor}


def _fill(path: str, world: dict[str, Any]) -> str:
    ids = {
        "claim_id": world["claim"].id,
        "tag_id": world["tag"].id,
        "actor_id": world["actor"].id,
        "topic_id": world["tag"].topic_id,
    }
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: str(ids.get(m.group(1), "topics")), path)


def _form(world: dict[str, Any]) -> dict[str, Any]:
    """A form that would change something if the gate let it through."""
    return {
        "version": 1,
        "decision": "opposes",
        "note": "sneaky",
        "status": "not-a-claim",
        "kind": "prediction",
        "topic_id": world["tag"].topic_id,
        "stance": "mixed",
        "name": "Renamed",
        "proposition": "p",
        "alias": "Alias",
        "url": "https://x.example/f",
        "username": "mallory",
        "password": "a long password",
        "role": "admin",
        "enabled": "false",
        "from_id": world["actor"].id,
        "into_id": world["actor"].id,
    }


def _snapshot(db) -> tuple[int, list[tuple[str, str, int]]]:  # type: ignore[no-untyped-def]
    events = db.scalar(select(func.count()).select_from(AnnotationEvent))
    tags = [
        (t.stance.value, t.status.value, t.version)
        for t in db.scalars(select(StanceTag).execution_options(populate_existing=True))
    ]
    return events, tags


def test_the_route_list_covers_every_editor_and_admin_route(app) -> None:
    guarded = _guarded_routes(app)
    paths = {path for _, path in guarded}
    assert {"/review", "/stats", "/tags/{tag_id}/decide", "/admin/actors/merge"} <= paths
    assert len(guarded) >= 20


@pytest.mark.parametrize("role", ["anonymous", "viewer"])
def test_anonymous_and_viewers_are_refused_everywhere_and_change_nothing(
    app, db, world, viewer, role
) -> None:
    before = _snapshot(db)
    with TestClient(app) as client:
        token = log_in(client, viewer) if role == "viewer" else page_csrf_token(client)
        for method, path in _guarded_routes(app):
            url = _fill(path, world)
            response = client.request(
                method,
                url,
                data=_form(world) if method != "GET" else None,
                headers={"X-CSRF-Token": token},
                follow_redirects=False,
            )
            if role == "anonymous" and method == "GET":
                assert response.status_code == 303, (method, url, response.status_code)
                assert response.headers["location"].startswith("/login?next=")
            else:
                expected = 401 if role == "anonymous" else 403
                assert response.status_code == expected, (method, url, response.status_code)
    assert _snapshot(db) == before


def test_htmx_writes_from_anonymous_visitors_point_them_to_login(client, world) -> None:
    token = page_csrf_token(client)
    response = client.post(
        f"/tags/{world['tag'].id}/decide",
        data={"version": 1, "decision": "supports"},
        headers={"X-CSRF-Token": token, "HX-Request": "true"},
    )
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/login?next=")


WRITES = [
    ("/tags/{tag_id}/decide", {"version": 1, "decision": "opposes"}),
    ("/claims/{claim_id}/notes", {"note": "a note"}),
    ("/claims/{claim_id}/status", {"status": "not-a-claim"}),
    ("/admin/topics", {"name": "New topic", "proposition": "Something should happen."}),
]


@pytest.mark.parametrize(("path", "form"), WRITES, ids=[w[0] for w in WRITES])
@pytest.mark.parametrize("token", ["missing", "wrong", "right"])
def test_a_write_needs_the_sessions_csrf_token(db, as_admin, world, path, form, token) -> None:
    before = _snapshot(db)
    data = dict(form)
    if token != "missing":
        data["csrf_token"] = as_admin.token if token == "right" else "forged-" + as_admin.token
    response = as_admin.client.post(_fill(path, world), data=data, follow_redirects=False)
    if token == "right":
        assert response.status_code in {200, 303}, response.text
        assert _snapshot(db) != before
    else:
        assert response.status_code == 403
        assert "security token" in response.text
        assert _snapshot(db) == before


@pytest.mark.parametrize("header", [None, "wrong"])
def test_htmx_writes_need_the_token_header(db, as_editor, world, header) -> None:
    before = _snapshot(db)
    headers = {"HX-Request": "true"} | ({"X-CSRF-Token": header} if header else {})
    response = as_editor.client.post(
        f"/tags/{world['tag'].id}/decide",
        headers=headers,
        data={"version": 1, "decision": "opposes"},
    )
    assert response.status_code == 403
    assert _snapshot(db) == before


def test_login_itself_needs_a_csrf_token(client, editor) -> None:
    page_csrf_token(client)
    response = client.post(
        "/login",
        data={"username": "edna", "password": "correct horse battery staple"},
        follow_redirects=False,
    )
    assert response.status_code == 403
    assert 'action="/logout"' not in client.get("/").text


def test_a_multipart_form_carries_its_token_too(db, as_editor, world) -> None:
    response = as_editor.client.post(
        f"/claims/{world['claim'].id}/notes",
        files={"note": (None, "multipart note"), "csrf_token": (None, as_editor.token)},
        follow_redirects=False,
    )
    assert response.status_code == 303


def test_a_token_from_another_session_is_refused(app, db, as_editor, world) -> None:
    with TestClient(app) as other:
        foreign = page_csrf_token(other)
    response = as_editor.client.post(
        f"/claims/{world['claim'].id}/notes", data={"note": "x", "csrf_token": foreign}
    )
    assert response.status_code == 403


def test_a_private_instance_refuses_anonymous_writes(
    settings, engine, session_factory, world
) -> None:
    app = create_app(
        settings.model_copy(update={"public": False}),
        engine=engine,
        session_factory=session_factory,
    )
    with TestClient(app) as client:
        token = page_csrf_token(client)
        response = client.post(
            f"/claims/{world['claim'].id}/notes",
            data={"note": "x"},
            headers={"X-CSRF-Token": token},
        )
    assert response.status_code == 401
