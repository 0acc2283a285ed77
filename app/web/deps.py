"""FastAPI dependencies shared by the route modules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

from app.config import Settings


def get_session(request: Request) -> Iterator[Session]:
    """Yield a database session for one request; writers commit it themselves."""
    session: Session = request.app.state.session_factory()
    timeout_ms = int(request.app.state.settings.web_statement_timeout_s * 1000)

    # Every transaction of the request, including those after a commit: a filter that
    # would scan for minutes is cancelled and the visitor asked to narrow it.
    @event.listens_for(session, "after_begin")
    def _limit(_session: Session, _tx: object, connection: Connection) -> None:
        connection.exec_driver_sql(f"SET LOCAL statement_timeout = {timeout_ms}")

    try:
        yield session
    finally:
        session.close()


def get_settings(request: Request) -> Settings:
    """Return the settings the app was built with."""
    return request.app.state.settings  # type: ignore[no-any-return]


DbSession = Annotated[Session, Depends(get_session)]
AppSettings = Annotated[Settings, Depends(get_settings)]
