"""The govclaims command: help everywhere, migrate, and one-line errors instead of tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from app import schema
from app.cli import _register_commands, cli

ROOT = Path(__file__).resolve().parents[1]
GOVCLAIMS = [sys.executable, "-m", "app"]


def _run(*args: str, database_url: str | None = None, **env: str) -> subprocess.CompletedProcess:
    """Run `python -m app args` with a clean configuration; DATABASE_URL only when given."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GOVCLAIMS_")}
    environ.pop("DATABASE_URL", None)
    if database_url is not None:
        environ["DATABASE_URL"] = database_url
    environ.update(env)
    return subprocess.run(
        [*GOVCLAIMS, *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


def _command_paths(group: object, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield prefix
    # Typer vendors its own click, so ask for sub-commands rather than a click.Group type.
    if hasattr(group, "commands"):
        for name, command in sorted(group.commands.items()):
            yield from _command_paths(command, (*prefix, name))


def _all_command_paths() -> list[tuple[str, ...]]:
    _register_commands()
    return list(_command_paths(typer.main.get_command(cli)))


def _assert_one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("govclaims: ")
    return lines[0]


def test_the_console_script_answers_help():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "govclaims"), "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert "migrate" in result.stdout and "serve" in result.stdout


def test_python_dash_m_app_answers_help():
    result = _run("--help")
    assert result.returncode == 0
    assert "Usage" in result.stdout


def test_the_foundation_commands_are_registered():
    paths = _all_command_paths()
    assert ("migrate",) in paths and ("serve",) in paths


@pytest.mark.parametrize("path", _all_command_paths(), ids=lambda p: " ".join(p) or "govclaims")
def test_every_command_answers_help(path):
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="govclaims")
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    leaf = typer.main.get_command(cli)
    for name in path:
        leaf = leaf.commands[name]  # type: ignore[attr-defined]
    assert leaf.help, f"govclaims {' '.join(path)} has no help text"


def test_migrate_brings_an_empty_database_to_the_newest_schema(databases):
    url = databases.create()
    result = _run("migrate", database_url=url)
    again = _run("migrate", database_url=url)
    assert result.returncode == 0, result.stderr
    engine = create_engine(url)
    assert schema.current_revision(engine) == schema.head_revision(url)
    engine.dispose()
    databases.drop(url)
    # It says where the data lives and what it did, and nothing about a fresh database
    # already being "at the newest schema".
    lines = result.stdout.splitlines()
    revisions = len(list(ScriptDirectory.from_config(schema.alembic_config(url)).walk_revisions()))
    assert lines[0].startswith("database: PostgreSQL server ")
    assert lines[1] == f"migrations: applied {revisions}, the schema is now the newest"
    assert again.stdout.splitlines()[1].startswith("migrations: none to apply")


def test_migrate_is_idempotent(committing_db_url):
    first = _run("migrate", database_url=committing_db_url)
    second = _run("migrate", database_url=committing_db_url)
    assert (first.returncode, second.returncode) == (0, 0), second.stderr
    engine = create_engine(committing_db_url)
    with engine.connect() as conn:
        assert conn.scalar(text("SELECT count(*) FROM topics")) == 14
    engine.dispose()


def test_an_unreachable_database_is_named_by_host_and_port():
    line = _assert_one_line_error(_run("migrate", database_url="postgresql://u@127.0.0.1:1/x"))
    assert "cannot reach the database" in line
    assert "127.0.0.1:1" in line


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("mysql://x", "must be postgresql://"),
        ("not a url", "is not a URL"),
        ("postgresql://u@localhost:5432", "names no database"),
        ("postgresql://u@localhost:notaport/x", "port that is not a number"),
    ],
)
def test_a_malformed_database_url_says_what_is_wrong(url, says):
    line = _assert_one_line_error(_run("migrate", database_url=url))
    assert "DATABASE_URL" in line
    assert says in line


@pytest.mark.parametrize("command", [["migrate"], ["serve", "--port", "1"]])
def test_a_database_newer_than_the_code_is_refused(committing_db_url, command):
    engine = create_engine(committing_db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'fffffuture'"))
    engine.dispose()
    line = _assert_one_line_error(_run(*command, database_url=committing_db_url))
    assert "fffffuture" in line
    assert "newer than this code" in line
