"""Sessions, CSRF protection, the public-read switch, security headers, login throttling."""

from __future__ import annotations

import hmac
import secrets
import tempfile
from collections.abc import Callable
from typing import IO, Any

from fastapi import FastAPI, Request
from jinja2 import pass_context
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import Settings
from app.queries import users
from app.web.auth import (
    SESSION_FINGERPRINT,
    SESSION_USER,
    CurrentUser,
    LoginRequired,
    login_url,
    session_user_id,
    user_from_row,
)
from app.web.bodylimit import BodyLimitMiddleware
from app.web.throttle import LoginThrottle

SESSION_COOKIE = "govclaims_session"
CSRF_SESSION_KEY = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Reachable without an account even when the instance is private.
OPEN_PREFIXES = ("/login", "/healthz", "/static/", "/favicon.ico")
SPOOL_BYTES = 1024 * 1024
REPLAY_CHUNK = 256 * 1024
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def install(app: FastAPI, settings: Settings) -> None:
    """Add the security middleware (outermost last) and the template helpers."""
    app.state.login_throttle = LoginThrottle()
    # Innermost first: the CSRF check reads a body only after BodyLimitMiddleware has
    # limited it, and that needs the user AccessMiddleware loads (uploads are editors').
    upload_max = settings.upload_max_bytes + 64 * 1024
    app.add_middleware(CsrfMiddleware, max_body=upload_max)
    app.add_middleware(BodyLimitMiddleware, upload_max=upload_max)
    app.add_middleware(AccessMiddleware, public=settings.public)
    app.add_middleware(
        SchemeAwareSessionMiddleware,
        secret_key=settings.resolved_secret_key(),
        max_age=settings.session_max_age_s,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_exception_handler(LoginRequired, _redirect_to_login)  # type: ignore[arg-type]
    app.state.templates.env.globals["csrf_token"] = _template_csrf_token


def csrf_token(session: dict[str, Any]) -> str:
    """Return the session's CSRF token, creating it on first use."""
    token = session.get(CSRF_SESSION_KEY)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        session[CSRF_SESSION_KEY] = token
    return token


def start_login_session(request: Request, user_id: int, fingerprint: str) -> None:
    """Replace the session (so a planted one cannot be reused) with a logged-in one."""
    request.session.clear()
    request.session[SESSION_USER] = user_id
    request.session[SESSION_FINGERPRINT] = fingerprint
    csrf_token(request.session)


@pass_context
def _template_csrf_token(context: Any) -> str:
    return csrf_token(context["request"].session)


async def _redirect_to_login(request: Request, exc: LoginRequired) -> Response:
    return RedirectResponse(exc.next_url, status_code=303)


class SchemeAwareSessionMiddleware:
    """Signed session cookie (HttpOnly, SameSite=Lax) marked Secure on https requests."""

    def __init__(self, app: ASGIApp, *, secret_key: str, max_age: int) -> None:
        common: dict[str, Any] = {
            "secret_key": secret_key,
            "session_cookie": SESSION_COOKIE,
            "max_age": max_age,
            "same_site": "lax",
        }
        self.plain = SessionMiddleware(app, https_only=False, **common)
        self.secure = SessionMiddleware(app, https_only=True, **common)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # uvicorn sets the scheme from X-Forwarded-Proto when the proxy is trusted.
        chosen = self.secure if scope.get("scheme") in {"https", "wss"} else self.plain
        await chosen(scope, receive, send)


class SecurityHeadersMiddleware:
    """Add headers that stop sniffing, framing, referrer leaks and foreign scripts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Content-Security-Policy", CSP)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class CsrfMiddleware:
    """Refuse state-changing requests whose token does not match the session's.

    The synchronizer-token pattern: the token lives in the signed session; forms
    send it as `csrf_token`, HTMX and scripts in the `X-CSRF-Token` header.
    """

    def __init__(self, app: ASGIApp, *, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        expected = request.session.get(CSRF_SESSION_KEY)
        sent = request.headers.get(CSRF_HEADER)
        if sent is None and _is_form(request):
            # Spooled: an editor's 50 MB upload goes to disk, not into this process's memory.
            with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as body:
                if not await _read_body(receive, body, self.max_body):
                    await PlainTextResponse("Request body too large.", 413)(scope, receive, send)
                    return
                if not _token_ok(expected, await _form_token(scope, body)):
                    await _csrf_failure(request)(scope, receive, send)
                    return
                await self.app(scope, _replay(body, receive), send)
            return
        if not _token_ok(expected, sent):
            await _csrf_failure(request)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _token_ok(expected: object, sent: str | None) -> bool:
    return isinstance(expected, str) and bool(sent) and hmac.compare_digest(expected, sent or "")


def _is_form(request: Request) -> bool:
    content_type = request.headers.get("content-type", "").lower()
    return content_type.startswith(FORM_TYPES)


async def _read_body(receive: Receive, out: IO[bytes], limit: int) -> bool:
    """Copy the body into out; False when it passes limit."""
    size, more = 0, True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return False
        out.write(chunk)
        more = message.get("more_body", False)
    return True


async def _form_token(scope: Scope, body: IO[bytes]) -> str | None:
    """Parse the spooled form (urlencoded or multipart) and return its csrf_token."""
    try:
        form = await Request(scope, _replay(body, _no_more)).form()
    except Exception:  # a malformed body has no token; the app never sees it
        return None
    value = form.get(CSRF_FIELD)
    await form.close()
    return value if isinstance(value, str) else None


def _replay(body: IO[bytes], receive: Receive) -> Receive:
    """Play the spooled body back from its start, a chunk at a time."""
    body.seek(0)
    done = False

    async def replay() -> Message:
        nonlocal done
        if done:
            return await receive()
        chunk = body.read(REPLAY_CHUNK)
        more = len(chunk) == REPLAY_CHUNK
        done = not more
        return {"type": "http.request", "body": chunk, "more_body": more}

    return replay


async def _no_more() -> Message:
    return {"type": "http.disconnect"}


def _csrf_failure(request: Request) -> Response:
    message = "The form's security token is missing or out of date; reload the page and try again."
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message, "status": 403}, status_code=403)
    return PlainTextResponse(message, status_code=403)


class AccessMiddleware:
    """Attach the logged-in user to the request; keep a private instance private."""

    def __init__(self, app: ASGIApp, *, public: bool) -> None:
        self.app = app
        self.public = public

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        user = await _load_user(request)
        scope.setdefault("state", {})["user"] = user
        path = scope["path"]
        if user is None and not self.public and not path.startswith(OPEN_PREFIXES):
            await _anonymous_refusal(request)(scope, receive, send)
            return
        await self.app(scope, receive, send)


async def _load_user(request: Request) -> CurrentUser | None:
    stored = session_user_id(request.session)
    if stored is None:
        return None
    factory: Callable[[], Any] = request.app.state.session_factory

    def load() -> CurrentUser | None:
        with factory() as db:
            return user_from_row(users.get_user(db, stored[0]), stored[1])

    user = await run_in_threadpool(load)
    if user is None:  # disabled, deleted or password changed: end this session
        request.session.pop(SESSION_USER, None)
        request.session.pop(SESSION_FINGERPRINT, None)
    return user


def _anonymous_refusal(request: Request) -> Response:
    if request.url.path.startswith("/api/") or request.method not in SAFE_METHODS:
        body = {"error": "This govclaims instance needs a login.", "status": 401}
        return JSONResponse(body, status_code=401)
    return RedirectResponse(login_url(request), status_code=303)
