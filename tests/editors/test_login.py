"""Logging in and out: sessions, cookies, throttling, the private-instance switch."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.main import create_app
from app.models import Role
from app.queries.throttles import ThrottleRule
from app.web.throttle import LoginThrottle, delay_after
from tests.editors.conftest import log_in, page_csrf_token
from tests.factories import DEFAULT_PASSWORD, make_user


def _attempt(client: TestClient, username: str, password: str, token: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def test_it_logs_in_with_the_right_password_and_shows_the_username(client, editor) -> None:
    log_in(client, editor)
    page = client.get("/")
    assert "edna" in page.text
    assert 'action="/logout"' in page.text


def test_it_sets_an_httponly_lax_session_cookie_that_expires(client, editor, settings) -> None:
    token = page_csrf_token(client)
    response = _attempt(client, editor.username, DEFAULT_PASSWORD, token)
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert f"max-age={settings.session_max_age_s}" in cookie
    assert "secure" not in cookie  # plain http here; https requests get Secure


def test_it_marks_the_cookie_secure_when_served_over_https(app, editor) -> None:
    with TestClient(app, base_url="https://testserver") as client:
        token = page_csrf_token(client)
        response = _attempt(client, editor.username, DEFAULT_PASSWORD, token)
    assert "secure" in response.headers["set-cookie"].lower()


def test_it_refuses_a_wrong_password_without_saying_which_part_was_wrong(client, editor) -> None:
    response = _attempt(client, editor.username, "wrong password!!", page_csrf_token(client))
    assert response.status_code == 401
    assert "Wrong username or password" in response.text
    assert "edna" not in client.get("/").text.split("<main")[0]


def test_it_refuses_a_disabled_account(client, db) -> None:
    user = make_user(db, username="gone", active=False)
    response = _attempt(client, user.username, DEFAULT_PASSWORD, page_csrf_token(client))
    assert response.status_code == 401


def test_it_ends_sessions_when_the_account_is_disabled(client, db, editor) -> None:
    log_in(client, editor)
    editor.active = False
    db.flush()
    assert 'action="/logout"' not in client.get("/").text


def test_it_ignores_an_offsite_next_address(client, editor) -> None:
    token = page_csrf_token(client)
    response = client.post(
        "/login",
        data={
            "username": "edna",
            "password": DEFAULT_PASSWORD,
            "csrf_token": token,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_it_logs_out(client, editor) -> None:
    log_in(client, editor)
    token = page_csrf_token(client, "/")
    client.post("/logout", data={"csrf_token": token})
    assert 'action="/logout"' not in client.get("/").text


def _fast(scope: str, free: int) -> ThrottleRule:
    return ThrottleRule(scope, free=free, window_s=3600, first_delay_s=60.0, max_delay_s=900.0)


def _client_at(app, address: str) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(app, client=(address, 50000))


def test_it_refuses_repeated_failures_from_one_address_with_429(app, editor) -> None:
    app.state.login_throttle = LoginThrottle(per_user_address=_fast("user-address", 2))
    with _client_at(app, "203.0.113.7") as client:
        token = page_csrf_token(client)
        statuses = [
            _attempt(client, "edna", "not the password", token).status_code for _ in range(4)
        ]
        assert statuses == [401, 401, 401, 429]
        refused = _attempt(client, "edna", DEFAULT_PASSWORD, token)
    assert refused.status_code == 429
    assert "Too many failed logins" in refused.text
    assert 0 < int(refused.headers["retry-after"]) <= 120


def test_the_right_password_from_a_clean_address_still_logs_in(app, editor) -> None:
    app.state.login_throttle = LoginThrottle(per_user_address=_fast("user-address", 2))
    with _client_at(app, "203.0.113.66") as attacker:
        token = page_csrf_token(attacker)
        for _ in range(8):
            _attempt(attacker, "edna", "guess", token)
        assert _attempt(attacker, "edna", DEFAULT_PASSWORD, token).status_code == 429
    with _client_at(app, "198.51.100.4") as owner:
        token = page_csrf_token(owner)
        assert _attempt(owner, "edna", DEFAULT_PASSWORD, token).status_code == 303


def test_it_throttles_per_address_across_usernames(app, editor) -> None:
    app.state.login_throttle = LoginThrottle(per_address=_fast("address", 2))
    with _client_at(app, "203.0.113.9") as client:
        token = page_csrf_token(client)
        for name in ("a1", "a2", "a3"):
            _attempt(client, name, "whatever-password", token)
        assert _attempt(client, "edna", DEFAULT_PASSWORD, token).status_code == 429


def test_the_counts_are_shared_by_every_app_process(app, settings, engine, session_factory, editor):
    # A second app (as another uvicorn worker would be) sees the first one's failures.
    app.state.login_throttle = LoginThrottle(per_user_address=_fast("user-address", 1))
    with _client_at(app, "203.0.113.10") as first:
        token = page_csrf_token(first)
        for _ in range(2):
            _attempt(first, "edna", "guess", token)
    other = create_app(settings, engine=engine, session_factory=session_factory)
    other.state.login_throttle = LoginThrottle(per_user_address=_fast("user-address", 1))
    with _client_at(other, "203.0.113.10") as second:
        token = page_csrf_token(second)
        assert _attempt(second, "edna", DEFAULT_PASSWORD, token).status_code == 429


def test_the_throttle_delays_grow_with_failures() -> None:
    rule = ThrottleRule("address", free=2, window_s=3600, first_delay_s=1.0, max_delay_s=10.0)
    delays = [delay_after(rule, n) for n in range(1, 8)]
    assert delays == [0.0, 0.0, 1.0, 2.0, 4.0, 8.0, 10.0]


def test_an_admin_sees_and_clears_a_throttle(app, as_admin, editor, db) -> None:
    app.state.login_throttle = LoginThrottle(per_user_address=_fast("user-address", 0))
    with _client_at(app, "203.0.113.77") as client:
        token = page_csrf_token(client)
        _attempt(client, "edna", "guess", token)
        assert _attempt(client, "edna", DEFAULT_PASSWORD, token).status_code == 429
        listing = as_admin.client.get("/admin/throttles")
        assert "edna@203.0.113.77" in listing.text
        cleared = as_admin.post(
            "/admin/throttles/clear", {"scope": "user-address", "key": "edna@203.0.113.77"}
        )
        assert cleared.status_code in (200, 303)
        assert "edna@203.0.113.77" not in as_admin.client.get("/admin/throttles").text
        assert _attempt(client, "edna", DEFAULT_PASSWORD, token).status_code == 303


@pytest.fixture
def private_client(settings, engine, session_factory):  # type: ignore[no-untyped-def]
    private = settings.model_copy(update={"public": False})
    app = create_app(private, engine=engine, session_factory=session_factory)
    with TestClient(app) as client:
        yield client


def test_a_private_instance_sends_anonymous_visitors_to_login(private_client) -> None:
    response = private_client.get("/claims?topic=x", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fclaims%3Ftopic%3Dx"
    assert private_client.get("/api/claims").status_code == 401
    assert private_client.get("/healthz").status_code == 200
    assert private_client.get("/login").status_code == 200


def test_a_private_instance_lets_viewers_read(private_client, db) -> None:
    viewer = make_user(db, username="reader", role=Role.viewer)
    log_in(private_client, viewer)
    assert private_client.get("/", follow_redirects=False).status_code == 200


def test_pages_carry_security_headers(client) -> None:
    headers = client.get("/").headers
    assert headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
