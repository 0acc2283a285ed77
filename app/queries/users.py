"""Users: accounts that can log in, and their roles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.models import Role, User


def get_user(session: Session, user_id: int) -> User | None:
    """Return one user by id, or None."""
    return session.get(User, user_id)


def get_user_by_username(session: Session, username: str) -> User | None:
    """Return the user with this username, compared case-insensitively."""
    stmt = select(User).where(func.lower(User.username) == username.strip().lower())
    return session.scalars(stmt).first()


def list_users(session: Session) -> list[User]:
    """Return every user, by username."""
    return list(session.scalars(select(User).order_by(func.lower(User.username))))


def create_user(session: Session, *, username: str, password_hash: str, role: Role) -> User:
    """Insert a user; the unique index refuses a duplicate username."""
    user = User(username=username.strip(), password_hash=password_hash, role=role, active=True)
    session.add(user)
    session.flush()
    return user


def mark_logged_in(session: Session, user_id: int, *, at: dt.datetime) -> None:
    """Record the time of a successful login."""
    session.execute(update(User).where(User.id == user_id).values(last_login_at=at))


def list_usernames(session: Session, user_ids: Iterable[int | None]) -> dict[int, str]:
    """Return {user id: username} for the given ids."""
    wanted = {i for i in user_ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.username).where(User.id.in_(wanted)))
    return {uid: name for uid, name in rows}
