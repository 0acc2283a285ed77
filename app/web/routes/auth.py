"""Logging in and out."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from app.passwords import hash_password, needs_rehash, verify_password
from app.queries import users
from app.services.text import clean_line
from app.web.auth import MaybeUser, password_fingerprint, safe_next
from app.web.deps import DbSession
from app.web.security import start_login_session
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, user: MaybeUser, next: str = "/") -> Response:
    """Show the login form (or send a logged-in user on)."""
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    target = safe_next(next)
    context = {"next": target, "error": None, "reason": _reason(target)}
    return render(request, "login.html", context)


@router.post("/login", response_class=HTMLResponse)
async def login_submit(
    request: Request,
    session: DbSession,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Check the password; slow down and then refuse repeated failures."""
    username = clean_line(username)
    throttle = request.app.state.login_throttle
    address = request.client.host if request.client else "unknown"
    now = dt.datetime.now(dt.UTC)
    verdict = await run_in_threadpool(throttle.check, session, username, address, now=now)
    context = {"next": safe_next(next), "username": username, "reason": None}
    if verdict.refuse:
        error = f"Too many failed logins from here. Try again in {_wait(verdict.retry_after_s)}."
        response = render(request, "login.html", {**context, "error": error}, status_code=429)
        response.headers["Retry-After"] = str(verdict.retry_after_s)
        return response
    user = users.get_user_by_username(session, username) if username else None
    ok = await run_in_threadpool(verify_password, user.password_hash if user else None, password)
    if user is None or not ok or not user.active:
        await run_in_threadpool(_failed, throttle, session, username, address, now)
        error = "Wrong username or password, or the account is disabled."
        return render(request, "login.html", {**context, "error": error}, status_code=401)
    throttle.record_success(session, username, address)
    if needs_rehash(user.password_hash):
        user.password_hash = await run_in_threadpool(hash_password, password)
    users.mark_logged_in(session, user.id, at=dt.datetime.now(dt.UTC))
    session.commit()
    start_login_session(request, user.id, password_fingerprint(user.password_hash))
    return RedirectResponse(safe_next(next), status_code=303)


def _failed(throttle: Any, session: Session, username: str, address: str, now: dt.datetime) -> None:
    throttle.record_failure(session, username, address, now=now)
    session.commit()


def _wait(seconds: int) -> str:
    return f"{seconds} seconds" if seconds < 120 else f"about {round(seconds / 60)} minutes"


@router.post("/logout")
def logout(request: Request) -> Response:
    """End the session."""
    request.session.clear()
    return RedirectResponse("/", status_code=303)


# Why a page sent the visitor here, by the path they asked for.
_REASONS = (
    ("/review", "The review queue is for editors: log in with an editor account to continue."),
    ("/import", "Importing articles is for editors: log in with an editor account to continue."),
    ("/admin", "Administration is for administrators: log in with an admin account to continue."),
    ("/stats", "Editors' statistics are for editors: log in with an editor account to continue."),
)


def _reason(target: str) -> str | None:
    """Say why the visitor was sent to log in, or None when they came by themselves."""
    if target == "/":
        return None
    for prefix, reason in _REASONS:
        if target.startswith(prefix):
            return reason
    return f"The page {target[:200]} needs you to log in first."
