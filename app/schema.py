"""Apply and inspect Alembic migrations, the only source of the schema."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from app.db import DatabaseError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def alembic_config(url: str) -> Config:
    """Return an Alembic config that migrates the database at url."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["url"] = url
    return config


def head_revision(url: str) -> str:
    """Return the newest revision the code knows."""
    head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """Return the revision the database is at, or None for an empty database."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def refuse_newer_schema(engine: Engine) -> None:
    """Raise DatabaseError when the database was migrated by newer code than this."""
    url = engine.url.render_as_string(hide_password=False)
    current = current_revision(engine)
    if current is None:
        return
    script = ScriptDirectory.from_config(alembic_config(url))
    try:
        script.get_revision(current)
    except Exception:
        raise DatabaseError(
            f"the database schema is at revision {current}, newer than this code knows "
            f"(head {head_revision(url)}); upgrade govclaims before starting it"
        ) from None


def pending_revisions(engine: Engine) -> int:
    """Return how many migrations the database lacks to reach the newest schema."""
    url = engine.url.render_as_string(hide_password=False)
    script = ScriptDirectory.from_config(alembic_config(url))
    return len(list(script.iterate_revisions("heads", current_revision(engine))))


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to revision (head by default)."""
    refuse_newer_schema(engine)
    url = engine.url.render_as_string(hide_password=False)
    command.upgrade(alembic_config(url), revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Migrate the database down to revision (base by default)."""
    url = engine.url.render_as_string(hide_password=False)
    command.downgrade(alembic_config(url), revision)
