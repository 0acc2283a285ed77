"""Schemathesis against /openapi.json, in process: no request may cause a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from app.models import Role
from tests.editors.conftest import log_in
from tests.factories import make_claim, make_user


@pytest.fixture
def api_schema(app):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture
def editor_credentials(app, db):  # type: ignore[no-untyped-def]
    """Cookies and CSRF header of a logged-in editor, so writes get past the gates."""
    from fastapi.testclient import TestClient

    make_claim(db, tags=[("pause-mechanism", "supports")])
    user = make_user(db, username="fuzzer", role=Role.admin)
    with TestClient(app) as client:
        token = log_in(client, user)
        cookies = dict(client.cookies)
    return {"cookies": cookies, "headers": {"X-CSRF-Token": token}}


FUZZ = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_no_request_causes_a_server_error(app, editor_credentials) -> None:  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5, "the API schema lists too few operations to be worth fuzzing"
    for operation in operations:

        @FUZZ
        @given(case=operation.as_strategy())
        def call(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call(**editor_credentials)
            where = f"{case.method} {case.formatted_path}"
            assert response.status_code < 500, f"{where}: {response.text[:300]}"

        call()
