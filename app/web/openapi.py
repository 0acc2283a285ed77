"""The OpenAPI document: read endpoints first, named for people, true to the responses.

FastAPI's generated document lists routes in the order they were added, names form bodies
after URLs (`Body_actor_add_alias_admin_actors__actor_id__aliases_post`) and documents only
the success and validation answers. This completes it once, from the routes themselves:
tags in reading order with descriptions, summaries from the handlers' docstrings, form
bodies named `<Handler>Form`, and every error answer the app gives (JSON under /api/, an
HTML page or plain text elsewhere), so that the document describes what clients receive.
"""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

# Reading order in the reference: what researchers use first, operators' tools last.
TAGS = [
    {"name": "index", "description": "Where to start: the endpoints and documents."},
    {"name": "claims", "description": "Claims with their stances, filtered like /claims."},
    {"name": "topics", "description": "Topics, their propositions and who takes which side."},
    {"name": "actors", "description": "Who speaks: claim counts and stances per topic."},
    {
        "name": "stances",
        "description": "Each actor's current stance per topic and its changes of stance, by "
        "the one definition every page and feed uses (see /help/stances).",
    },
    {"name": "overview", "description": "The front page's figures as JSON."},
    {"name": "health", "description": "For monitors: whether the database answers."},
    {
        "name": "editing",
        "description": "Editors' decisions (HTML form posts used by the pages; they need a "
        "session cookie and its CSRF token, and answer with the updated HTML fragment).",
    },
    {
        "name": "admin",
        "description": "Administrators' forms for topics, actors, sources and accounts "
        "(HTML form posts, as for editing).",
    },
]
_ORDER = {tag["name"]: n for n, tag in enumerate(TAGS)}
DESCRIPTION = (
    "Claims about AI governance: who said what, which stance each actor takes on each "
    "topic's proposition (supports, opposes, mixed, neutral), and whether an editor "
    "confirmed it or it is still a machine suggestion. The read endpoints need no account "
    "unless the instance is private, take the same filters as the /claims page, and answer "
    "JSON; errors are JSON too (`Error`). Start at `GET /api/`."
)

ERROR_JSON = {
    "title": "Error",
    "type": "object",
    "description": "Every error answer of the JSON API.",
    "required": ["error", "status"],
    "properties": {
        "error": {"type": "string", "description": "What went wrong, for people."},
        "detail": {"type": "string", "description": "Which parameters were refused, and why."},
        "status": {"type": "integer", "description": "The HTTP status code again."},
    },
}
_HTML = {"text/html": {"schema": {"type": "string"}}}
_TEXT = {"text/plain": {"schema": {"type": "string"}}}
_JSON_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
# Answers any operation can give besides its own: a NUL byte in the URL (400), no login on
# a private instance (401), a missing CSRF token or role (403), an unknown id (404), refused
# parameters (422), a database past the statement timeout or down (503). Login throttles
# (429) only answer /login, which is not in the document.
_JSON_ERRORS = {
    "400": "The URL holds a NUL character.",
    "401": "This instance needs a login.",
    "403": "The CSRF token is missing or stale.",
    "404": "No such object.",
    "422": "A parameter was refused; `detail` says which and why.",
    "503": "The request matched too much to answer in time (narrow the filter), or the "
    "database is not answering (try again after `Retry-After` seconds).",
}
_FORM_ERRORS = {
    "303": "Sent on to the page (a plain form post, or the login page).",
    "400": "The URL holds a NUL character.",
    "401": "This instance needs a login.",
    "403": "Not allowed: log in with the right role, or reload the page for a fresh CSRF token.",
    "404": "No such object.",
    "409": "Someone changed it since the form was loaded; the fragment shows the current state.",
    "422": "A field was refused; the fragment says which and why.",
    "503": _JSON_ERRORS["503"],
}
# A body is counted only when the method sends one (GET, HEAD, ... are not read); the
# refusal is plain text, sent by the middleware before any page could be rendered.
_TOO_LARGE = {"description": "The request body is too large.", "content": _TEXT}
_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait, when the database is not answering.",
        "schema": {"type": "integer"},
    }
}


def install(app: FastAPI) -> None:
    """Make app.openapi build (once) the completed document."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def build(app: FastAPI) -> dict[str, Any]:
    """Return the OpenAPI document of app's routes, completed and ordered."""
    doc = get_openapi(
        title=app.title,
        version=app.version,
        description=DESCRIPTION,
        routes=app.routes,
        tags=TAGS,
    )
    doc["paths"] = dict(sorted(doc["paths"].items(), key=_reading_order))
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_JSON
    for name in ("HTTPValidationError", "ValidationError"):
        schemas.pop(name, None)
    _rename_form_bodies(doc)
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            _complete(path, operation)
            if method != "get":
                operation["responses"]["413"] = _TOO_LARGE
    return doc


def _reading_order(item: tuple[str, dict[str, Any]]) -> int:
    """Rank a path by its first operation's tag (stable, so routes keep their order within)."""
    first: dict[str, Any] = next(iter(item[1].values()), {})
    tags = first.get("tags") or ["~"]
    return _ORDER.get(tags[0], len(_ORDER))


def _complete(path: str, operation: dict[str, Any]) -> None:
    """Give an operation its summary and every answer it can give."""
    description = operation.get("description", "")
    if description and operation.get("summary", "").lower() == _titled(operation["operationId"]):
        operation["summary"] = description.split("\n")[0].rstrip(".")
    responses = operation.setdefault("responses", {})
    if path.startswith("/api/") or path == "/healthz":
        for code, text in _JSON_ERRORS.items():
            # An operation's own answer for a code (/healthz's 503) stays as it says.
            if code not in responses or code == "422":
                responses[code] = {"description": text, "content": _JSON_ERROR}
                if code == "503":
                    responses[code]["headers"] = _RETRY_AFTER
        return
    ok = responses.setdefault("200", {"description": "The updated fragment."})
    ok["content"] = _HTML
    for code, text in _FORM_ERRORS.items():
        # CSRF refusals are plain text (they are decided before any page is rendered).
        content = {**_HTML, **_TEXT} if code == "403" else _HTML
        responses[code] = {"description": text, "content": content}
        if code == "303":
            responses[code] = {"description": text}
    responses["401"]["content"] = _JSON_ERROR
    responses["503"]["headers"] = _RETRY_AFTER


def _rename_form_bodies(doc: dict[str, Any]) -> None:
    """Name each form body after its handler (`Body_tag_decide` becomes `TagDecideForm`)."""
    schemas = doc["components"]["schemas"]
    renames = {
        old: "".join(part.capitalize() for part in old[len("Body_") :].split("_")) + "Form"
        for old in list(schemas)
        if old.startswith("Body_")
    }
    for old, new in renames.items():
        schemas[new] = {**schemas.pop(old), "title": new}
    text = re.sub(
        r"#/components/schemas/(Body_\w+)",
        lambda m: "#/components/schemas/" + renames.get(m.group(1), m.group(1)),
        json.dumps(doc["paths"]),
    )
    doc["paths"] = json.loads(text)


def _titled(operation_id: str) -> str:
    return operation_id.replace("_", " ").lower()


def operation_id(route: APIRoute) -> str:
    """Name an operation after its handler (`api_claims`), not its URL."""
    return route.name
