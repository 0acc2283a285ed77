"""Password hashing with Argon2id (argon2-cffi's recommended parameters)."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 10
MAX_LENGTH = 1024

_hasher = PasswordHasher()


class WeakPasswordError(ValueError):
    """The password is too short or too long to accept."""


def check_password_strength(password: str) -> None:
    """Refuse passwords that are too short to resist guessing or absurdly long."""
    if len(password) < MIN_LENGTH:
        raise WeakPasswordError(f"A password needs at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise WeakPasswordError(f"A password may have at most {MAX_LENGTH} characters.")


def hash_password(password: str) -> str:
    """Return an Argon2id hash of password, after checking its strength."""
    check_password_strength(password)
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Return whether password matches; unknown users are checked against a dummy hash."""
    # Verifying against a dummy keeps "no such user" as slow as "wrong password".
    target = password_hash or _dummy_hash()
    try:
        matched = _hasher.verify(target, password[:MAX_LENGTH])
    except (VerificationError, InvalidHashError):
        return False
    return matched and password_hash is not None


def needs_rehash(password_hash: str) -> bool:
    """Return whether the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


@cache
def _dummy_hash() -> str:
    return _hasher.hash("govclaims-dummy-password")
