"""What commands share: settings, the database, a session factory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app import schema
from app.config import Settings, load_settings
from app.db import check_connection, make_engine, make_session_factory, resolve_database_url


@dataclass
class CommandContext:
    """Lazily opens the database so that commands which need none start fast."""

    settings: Settings

    @cached_property
    def url(self) -> str:
        return resolve_database_url(self.settings)

    @cached_property
    def engine(self) -> Engine:
        engine = make_engine(self.url, pool_size=self.settings.db_pool_size)
        check_connection(engine)
        return engine

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return make_session_factory(self.engine)

    def migrate(self) -> None:
        """Bring the schema to head (refusing a database newer than the code)."""
        schema.upgrade(self.engine)

    def export_url(self) -> None:
        """Hand the resolved URL to child processes so they join the same database."""
        os.environ["DATABASE_URL"] = self.url


def command_context() -> CommandContext:
    """Build the context from the environment."""
    return CommandContext(load_settings())
