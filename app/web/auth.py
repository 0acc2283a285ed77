"""Who is asking: the current user from the signed session, and role checks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request

from app.models import Role, User

ROLE_RANK = {Role.viewer: 0, Role.editor: 1, Role.admin: 2}
SESSION_USER = "uid"
SESSION_FINGERPRINT = "pwf"


@dataclass(frozen=True)
class CurrentUser:
    """The logged-in user as the request sees it (no database object)."""

    id: int
    username: str
    role: Role

    def has_role(self, role: Role) -> bool:
        """Return whether this user's role is at least role."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]

    @property
    def can_edit(self) -> bool:
        return self.has_role(Role.editor)

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.admin)


class LoginRequired(Exception):
    """An anonymous visitor asked for a page that needs an account."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def password_fingerprint(password_hash: str) -> str:
    """Return a short digest of the hash, so a password change ends other sessions."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:16]


def session_user_id(session: dict[str, Any]) -> tuple[int, str] | None:
    """Return (user id, password fingerprint) stored in a session, if any."""
    uid, fingerprint = session.get(SESSION_USER), session.get(SESSION_FINGERPRINT)
    if isinstance(uid, int) and isinstance(fingerprint, str):
        return uid, fingerprint
    return None


def user_from_row(user: User | None, fingerprint: str) -> CurrentUser | None:
    """Return the session's user if it is still active and its password unchanged."""
    if user is None or not user.active or password_fingerprint(user.password_hash) != fingerprint:
        return None
    return CurrentUser(id=user.id, username=user.username, role=user.role)


def login_url(request: Request) -> str:
    """Return /login with a `next` that brings the visitor back here."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login?next=" + quote(target, safe="")


def get_current_user(request: Request) -> CurrentUser | None:
    """Return the logged-in user, or None for anonymous visitors."""
    return getattr(request.state, "user", None)


def require_role(role: Role) -> Any:
    """Build a dependency that lets through users with at least role."""

    def dependency(request: Request) -> CurrentUser:
        user = get_current_user(request)
        if user is None:
            is_page = request.method in {"GET", "HEAD"} and "HX-Request" not in request.headers
            if is_page and not request.url.path.startswith("/api/"):
                raise LoginRequired(login_url(request))
            raise HTTPException(
                401, "Log in to do this.", headers={"HX-Redirect": login_url(request)}
            )
        if not user.has_role(role):
            raise HTTPException(
                403, f"This needs the {role.value} role; you are {user.role.value}."
            )
        return user

    return Depends(dependency)


def safe_next(value: str | None) -> str:
    """Return value if it is a path on this site, else '/', so login cannot redirect away."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


MaybeUser = Annotated[CurrentUser | None, Depends(get_current_user)]
Editor = Annotated[CurrentUser, require_role(Role.editor)]
Admin = Annotated[CurrentUser, require_role(Role.admin)]
