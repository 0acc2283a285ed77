"""The OpenAPI document is true to the responses: schemathesis with all its checks, bounded."""

from __future__ import annotations

import contextlib
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from app.models import Role
from tests.editors.conftest import log_in
from tests.factories import make_actor, make_claim, make_user

# Bounded: a few examples per operation, derandomised, so the run is the same every time.
CONTRACT = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def credentials(app, db):  # type: ignore[no-untyped-def]
    """An admin's cookies and CSRF header, so the write operations get past the gates."""
    from fastapi.testclient import TestClient

    actor = make_actor(db, name="Anthropic", slug="anthropic")
    make_claim(db, actor_id=actor.id, tags=[("pause-mechanism", "supports")])
    user = make_user(db, username="contract", role=Role.admin)
    with TestClient(app) as client:
        token = log_in(client, user)
        cookies = dict(client.cookies)
    return {"cookies": cookies, "headers": {"X-CSRF-Token": token}}


# The editors' and admins' HTML form posts refuse some well-formed values by rules that
# JSON Schema cannot state (a feed address must be public, an actor cannot be merged into
# itself, an admin cannot demote themselves): for them every check runs except the one that
# demands every schema-valid value be accepted. The JSON API gets every check.
FORM_PREFIXES = ("/admin/", "/claims/", "/tags/")


def _failures(app, credentials, calls: Counter[str]) -> list[str]:  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    found: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        excluded = [positive_data_acceptance] if operation.path.startswith(FORM_PREFIXES) else []
        # Hypothesis shrinks and re-raises the first failure; the list keeps what it saw.
        with contextlib.suppress(Exception, BaseExceptionGroup):
            _check(operation, excluded, credentials, calls, found)()
    return found


def _check(operation, excluded, credentials, calls, found):  # type: ignore[no-untyped-def]
    @CONTRACT
    @given(case=operation.as_strategy())
    def call(case) -> None:  # type: ignore[no-untyped-def]
        calls[f"{case.method} {case.path}"] += 1
        try:
            case.call_and_validate(excluded_checks=excluded, **credentials)
        except (Exception, BaseExceptionGroup) as exc:
            # One line per distinct failure: its code, its title and how to reproduce it.
            lines = [
                ln.strip("- ").strip()
                for ln in str(exc).splitlines()
                if ln.startswith("- ST") or "curl " in ln
            ]
            found.append(f"{case.method} {case.path}: {'; '.join(lines) or str(exc)[:200]}")
            raise

    return call


def test_every_operation_answers_as_its_openapi_document_says(app, credentials) -> None:  # type: ignore[no-untyped-def]
    calls: Counter[str] = Counter()
    failures = _failures(app, credentials, calls)
    assert failures == [], "\n".join(sorted(set(failures)))
    # Every operation was really exercised, read and write alike.
    assert len(calls) >= 24, calls
