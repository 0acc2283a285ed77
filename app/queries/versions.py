"""The data version: a count of writes to everything the public pages show (migration 0009)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session


def get_data_version(session: Session) -> int:
    """Return the current data version; it moves on with every committed write."""
    return int(session.execute(text("SELECT version FROM data_version WHERE id = 1")).scalar_one())
