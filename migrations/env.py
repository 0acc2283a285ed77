"""Alembic environment: the URL comes from the caller, or from govclaims' settings."""

from alembic import context
from sqlalchemy import create_engine

from app.models import Base

target_metadata = Base.metadata


def _url() -> str:
    url = context.config.attributes.get("url") or context.config.get_main_option("sqlalchemy.url")
    if url:
        return str(url)
    from app.config import load_settings
    from app.db import resolve_database_url

    return resolve_database_url(load_settings())


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(_url())
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
    engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        include_schemas=False,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def _include_name(name, type_, parent_names):  # type: ignore[no-untyped-def]
    # procrastinate's tables come from its own schema file, not from our models.
    if type_ == "table" and name is not None and name.startswith("procrastinate"):
        return False
    return True


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `govclaims migrate`")
run_migrations_online()
