"""What commands share: settings, the database, a session factory."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
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

    def migrate(self) -> int:
        """Bring the schema to head (refusing a database newer than the code).

        Return how many migrations were applied.
        """
        schema.refuse_newer_schema(self.engine)
        pending = schema.pending_revisions(self.engine)
        if pending:
            schema.upgrade(self.engine)
        return pending

    def describe_database(self) -> str:
        """Say in words where the data lives, without a password."""
        if self.settings.database_url:
            url = make_url(self.settings.database_url)
            return f"PostgreSQL server {url.host or 'localhost'}:{url.port or 5432}/{url.database}"
        return f"embedded PostgreSQL in {self.settings.data_dir / 'pgdata'}"

    def export_url(self) -> None:
        """Hand the resolved URL to child processes so they join the same database."""
        os.environ["DATABASE_URL"] = self.url


def command_context() -> CommandContext:
    """Build the context from the environment."""
    return CommandContext(load_settings())
