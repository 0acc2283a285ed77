"""Test databases: real PostgreSQL only.

With GOVCLAIMS_TEST_DATABASE_URL set (CI does) the tests use that server; otherwise
an embedded PostgreSQL starts in a temporary folder. Once per session the schema is
migrated into a template database; most tests run in a transaction rolled back
afterwards, and tests that must commit get their own clone of the template.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from app import schema
from app.config import Settings, normalise_database_url
from app.db import start_embedded
from app.main import create_app

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TEST_SECRET = "test-secret-key-" + "x" * 32


def needs_shared(*parts: str) -> pytest.MarkDecorator:
    """Skip a test whose material lives in ../shared when a clone has no ../shared beside it."""
    where = "/".join(("../shared", *parts))
    return pytest.mark.skipif(
        not SHARED.joinpath(*parts).exists(),
        reason=f"needs {where}: the project's shared material, not part of a public clone",
    )


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With GOVCLAIMS_TESTS_NO_SKIP=1 (CI sets it) a skipped test fails the run."""
    if os.environ.get("GOVCLAIMS_TESTS_NO_SKIP") != "1" or exitstatus != 0:
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter:
            reporter.write_line(
                f"GOVCLAIMS_TESTS_NO_SKIP=1: {len(skipped)} tests skipped, which fails the run",
                red=True,
            )


def _with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def embedded_data_dir() -> Path:
    """A fresh folder for an embedded server, removed once that server has stopped."""
    # Not under pytest's tmp root: run as root, pgserver starts PostgreSQL as the user
    # "pgserver" and opens the folders above pgdata to it, but every new pytest session
    # chmods /tmp/pytest-of-root back to 0700, which crashes servers of sessions still running.
    path = Path(tempfile.mkdtemp(prefix="govclaims-test-pg-"))
    # atexit runs last-registered first: this runs after pgserver's own stop at exit.
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@pytest.fixture(scope="session")
def server_url() -> str:
    """URL of a database on the server under test, used to create and drop others."""
    configured = os.environ.get("GOVCLAIMS_TEST_DATABASE_URL")
    if configured:
        return normalise_database_url(configured)
    return start_embedded(embedded_data_dir())


class Databases:
    """Creates and drops the databases of one test session."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.admin: Engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
        self.prefix = f"gct_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.created: list[str] = []

    def create(self, *, template: str | None = None) -> str:
        name = f"{self.prefix}_{len(self.created)}"
        clause = f" TEMPLATE {template}" if template else ""
        with self.admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name}{clause}"))
        self.created.append(name)
        return _with_database(self.server_url, name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        with self.admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))

    def drop_all(self) -> None:
        for name in self.created:
            with self.admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        self.admin.dispose()


@pytest.fixture(scope="session")
def databases(server_url: str) -> Iterator[Databases]:
    dbs = Databases(server_url)
    yield dbs
    dbs.drop_all()


@pytest.fixture(scope="session")
def template_db(databases: Databases) -> str:
    """Name of a migrated database that others are cloned from (nobody connects to it)."""
    url = databases.create()
    engine = create_engine(url)
    schema.upgrade(engine)
    engine.dispose()
    return str(make_url(url).database)


@pytest.fixture(scope="session")
def database_url(databases: Databases, template_db: str) -> str:
    """URL of the migrated database shared by rolled-back tests."""
    return databases.create(template=template_db)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    eng = create_engine(database_url, pool_size=5)
    yield eng
    eng.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    with engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    """Sessions bound to the test's transaction; their commits become savepoints."""
    return sessionmaker(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )


@pytest.fixture
def db(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    session = session_factory()
    yield session
    session.close()


@pytest.fixture
def committing_db_url(databases: Databases, template_db: str) -> Iterator[str]:
    """A migrated database of the test's own, for code that really commits."""
    url = databases.create(template=template_db)
    yield url
    databases.drop(url)


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=tmp_path / "data",
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
        fetch_allow_hosts=["127.0.0.1", "localhost"],
    )


@pytest.fixture
def app(settings: Settings, engine: Engine, session_factory: sessionmaker[Session]):  # type: ignore[no-untyped-def]
    return create_app(settings, engine=engine, session_factory=session_factory)


@pytest.fixture
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app) as test_client:
        yield test_client
