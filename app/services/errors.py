"""Errors the write services raise; the web layer maps them to status codes."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """A change was refused; `message` is for people."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(ServiceError):
    status_code = 404


class Invalid(ServiceError):
    status_code = 422


class Conflict(ServiceError):
    """Someone else changed the row since the editor loaded it."""

    status_code = 409

    def __init__(self, message: str, current: dict[str, Any]) -> None:
        super().__init__(message)
        self.current = current
