"""`govclaims users`: accounts from the command line."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from app.models import AnnotationEvent, Role, User
from app.passwords import verify_password


def _govclaims(url: str, tmp_path, *args: str, stdin: str = ""):  # type: ignore[no-untyped-def]
    env = {**os.environ, "DATABASE_URL": url, "GOVCLAIMS_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_it_adds_changes_disables_and_lists_users(committing_db_url, tmp_path) -> None:
    added = _govclaims(
        committing_db_url,
        tmp_path,
        "users",
        "add",
        "Mira",
        "--role",
        "editor",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    assert added.returncode == 0, added.stderr
    passwd = _govclaims(
        committing_db_url,
        tmp_path,
        "users",
        "passwd",
        "mira",
        "--password-stdin",
        stdin="another long password\n",
    )
    assert passwd.returncode == 0, passwd.stderr
    assert _govclaims(committing_db_url, tmp_path, "users", "disable", "mira").returncode == 0
    listed = _govclaims(committing_db_url, tmp_path, "users", "list")
    assert "Mira\teditor\tdisabled" in listed.stdout
    engine = create_engine(committing_db_url)
    with Session(engine) as session:
        user = session.scalars(select(User)).one()
        events = session.scalars(select(AnnotationEvent.action)).all()
    engine.dispose()
    assert user.role == Role.editor and not user.active
    assert verify_password(user.password_hash, "another long password")
    assert user.password_hash.startswith("$argon2id$")
    assert events == ["create", "update", "update"]


def test_it_refuses_a_short_password_and_a_duplicate_name(committing_db_url, tmp_path) -> None:
    short = _govclaims(
        committing_db_url, tmp_path, "users", "add", "kim", "--password-stdin", stdin="short\n"
    )
    assert short.returncode == 1 and "at least" in short.stderr
    ok = _govclaims(
        committing_db_url,
        tmp_path,
        "users",
        "add",
        "kim",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    assert ok.returncode == 0
    again = _govclaims(
        committing_db_url,
        tmp_path,
        "users",
        "add",
        "KIM",
        "--password-stdin",
        stdin="a long enough password\n",
    )
    assert again.returncode == 1 and "already a user" in again.stderr
