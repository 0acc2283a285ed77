"""Request body limits applied while reading, before any parsing or CSRF check.

Ordinary requests (forms, JSON) are refused above a small limit; only the upload
paths accept more, and only from a logged-in editor, so an anonymous client cannot
make the server hold megabytes before it is told no.
"""

from __future__ import annotations

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.web.auth import CurrentUser

SMALL_BODY_BYTES = 1024 * 1024
UPLOAD_PATHS = frozenset({"/import/file", "/import/text"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class BodyTooLarge(Exception):
    """The body passed its limit while it was being read."""


class BodyLimitMiddleware:
    """Refuse bodies over their path's limit with 413, by Content-Length or while streaming.

    Must sit inside the middleware that puts the user in scope["state"].
    """

    def __init__(self, app: ASGIApp, *, upload_max: int, small_max: int = SMALL_BODY_BYTES):
        self.app = app
        self.upload_max = upload_max
        self.small_max = small_max

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        limit = self.small_max
        if scope["path"] in UPLOAD_PATHS:
            user: CurrentUser | None = scope.get("state", {}).get("user")
            if user is None:  # as require_role answers an anonymous write
                await _refuse(scope, receive, send, 401, "Log in to do this.")
                return
            if not user.can_edit:
                await _refuse(scope, receive, send, 403, "Uploads need the editor role.")
                return
            limit = self.upload_max
        if _declared_length(scope) > limit:
            await _too_large(scope, receive, send, limit)
            return
        started = False

        async def counting_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, _counting(receive, limit), counting_send)
        except BodyTooLarge:
            if not started:
                await _too_large(scope, receive, send, limit)


def _declared_length(scope: Scope) -> int:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            return int(value) if value.isdigit() else 0
    return 0


def _counting(receive: Receive, limit: int) -> Receive:
    size = 0

    async def counted() -> Message:
        nonlocal size
        message = await receive()
        if message["type"] == "http.request":
            size += len(message.get("body", b""))
            if size > limit:
                raise BodyTooLarge
        return message

    return counted


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    await _refuse(scope, receive, send, 413, f"Request body too large (limit {limit:,} bytes).")


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    response = PlainTextResponse(message, status_code=status, headers={"Connection": "close"})
    await response(scope, receive, send)
