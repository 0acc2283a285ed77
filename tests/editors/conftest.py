"""Helpers for the editors' tests: accounts, logged-in clients, CSRF tokens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lxml import html

from app.models import Role, User
from tests.factories import DEFAULT_PASSWORD, make_user


def page_csrf_token(client: TestClient, path: str = "/login") -> str:
    """Load a page and return the CSRF token from its meta tag."""
    response = client.get(path, follow_redirects=True)
    tokens = html.fromstring(response.text).xpath('//meta[@name="csrf-token"]/@content')
    assert tokens, f"no csrf meta tag on {path}"
    return str(tokens[0])


def log_in(client: TestClient, user: User, password: str = DEFAULT_PASSWORD) -> str:
    """Log client in as user and return the session's CSRF token."""
    token = page_csrf_token(client)
    response = client.post(
        "/login",
        data={"username": user.username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return page_csrf_token(client, "/")


class Browser:
    """A TestClient with its user's CSRF token at hand."""

    def __init__(self, client: TestClient, token: str) -> None:
        self.client = client
        self.token = token

    def post(self, path: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
        """POST a form with the CSRF token, as HTMX would."""
        headers = {"X-CSRF-Token": self.token, "HX-Request": "true", **kw.pop("headers", {})}
        return self.client.post(path, data=data or {}, headers=headers, **kw)


@pytest.fixture
def editor(db) -> User:  # type: ignore[no-untyped-def]
    return make_user(db, username="edna", role=Role.editor)


@pytest.fixture
def admin(db) -> User:  # type: ignore[no-untyped-def]
    return make_user(db, username="ada", role=Role.admin)


@pytest.fixture
def viewer(db) -> User:  # type: ignore[no-untyped-def]
    return make_user(db, username="vic", role=Role.viewer)


def _browser(app: Any, user: User) -> Iterator[Browser]:
    with TestClient(app) as client:
        yield Browser(client, log_in(client, user))


@pytest.fixture
def as_editor(app, editor) -> Iterator[Browser]:  # type: ignore[no-untyped-def]
    yield from _browser(app, editor)


@pytest.fixture
def as_admin(app, admin) -> Iterator[Browser]:  # type: ignore[no-untyped-def]
    yield from _browser(app, admin)


@pytest.fixture
def as_viewer(app, viewer) -> Iterator[Browser]:  # type: ignore[no-untyped-def]
    yield from _browser(app, viewer)
