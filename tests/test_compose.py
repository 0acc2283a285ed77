"""docker-compose.yml and the Dockerfile are wired right (no Docker engine here: static checks)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SPEC = Path(__file__).parent / "data" / "compose-spec.json"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1] if " " in line else "")
        for line in lines
        if line and not line.startswith("#")
    ]


def _exec_form(instruction: str, dockerfile: list[tuple[str, str]]) -> list[str]:
    values = [value for name, value in dockerfile if name == instruction]
    assert values, f"the Dockerfile has no {instruction}"
    return json.loads(values[-1])  # exec form: a JSON list, so signals reach the process


def test_the_compose_file_follows_the_compose_specification(compose):
    schema = json.loads(SPEC.read_text())
    jsonschema.Draft201909Validator(schema).validate(compose)


def test_the_schema_check_would_catch_a_misspelt_key(compose):
    schema = json.loads(SPEC.read_text())
    broken = {**compose, "services": {**compose["services"], "web": {"dependson": ["db"]}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft201909Validator(schema).validate(broken)


def test_it_runs_a_database_a_web_app_and_a_worker(compose):
    assert set(compose["services"]) == {"db", "web", "worker"}
    assert compose["services"]["db"]["image"] == "postgres:18"
    assert compose["services"]["web"]["build"] == "."
    assert compose["services"]["worker"]["build"] == "."


def test_the_database_keeps_its_data_in_a_named_volume(compose):
    mounts = compose["services"]["db"]["volumes"]
    named = [m.split(":")[0] for m in mounts if m.startswith("pgdata:")]
    assert named == ["pgdata"]
    assert "pgdata" in compose["volumes"]


def test_the_database_reports_health_with_pg_isready(compose):
    check = compose["services"]["db"]["healthcheck"]
    assert "pg_isready" in " ".join(check["test"])
    assert check["retries"] >= 3


@pytest.mark.parametrize("service", ["web", "worker"])
def test_app_services_wait_for_a_healthy_database(compose, service):
    assert compose["services"][service]["depends_on"]["db"] == {"condition": "service_healthy"}


@pytest.mark.parametrize("service", ["web", "worker"])
def test_app_services_reach_the_database_through_database_url(compose, service):
    env = compose["services"][service]["environment"]
    url = env["DATABASE_URL"]
    assert url.startswith("postgresql://govclaims:")
    assert url.endswith("@db:5432/govclaims")
    db_env = compose["services"]["db"]["environment"]
    assert db_env["POSTGRES_USER"] == "govclaims" and db_env["POSTGRES_DB"] == "govclaims"


@pytest.mark.parametrize("service", ["web", "worker"])
def test_secrets_are_required_from_the_environment_not_written_down(compose, service):
    env = compose["services"][service]["environment"]
    assert re.fullmatch(r"\$\{GOVCLAIMS_SECRET_KEY:\?[^}]+\}", env["GOVCLAIMS_SECRET_KEY"])
    assert "${POSTGRES_PASSWORD:?" in env["DATABASE_URL"]
    assert compose["services"]["db"]["environment"]["POSTGRES_PASSWORD"].startswith(
        "${POSTGRES_PASSWORD:?"
    )


def test_web_serves_on_all_interfaces_without_an_inprocess_worker(compose):
    web = compose["services"]["web"]
    assert web["command"][0] == "serve"
    args = web["command"]
    assert args[args.index("--host") + 1] == "0.0.0.0"
    assert "--no-worker" in args
    assert any(str(port).endswith(":8000") for port in web["ports"])


def test_web_reports_health_through_healthz(compose):
    check = compose["services"]["web"]["healthcheck"]
    assert "http://127.0.0.1:8000/healthz" in " ".join(check["test"])


def test_the_worker_runs_the_govclaims_worker_command(compose):
    assert compose["services"]["worker"]["command"] == ["worker"]


def test_the_image_runs_the_govclaims_command_as_a_non_root_user():
    dockerfile = _dockerfile_instructions()
    assert dockerfile[0][0] == "FROM" and re.match(r"python:3\.1[1-9]", dockerfile[0][1])
    assert _exec_form("ENTRYPOINT", dockerfile) == ["govclaims"]
    assert _exec_form("CMD", dockerfile)[0] == "serve"
    users = [value for name, value in dockerfile if name == "USER"]
    assert users and users[-1] not in {"root", "0"}


def test_the_image_bakes_in_no_secret():
    dockerfile = _dockerfile_instructions()
    env_words = " ".join(value for name, value in dockerfile if name in {"ENV", "ARG"})
    assert "SECRET" not in env_words.upper()
    assert "DATABASE_URL" not in env_words
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".env" in ignored and ".git" in ignored


def test_the_image_contains_what_the_app_reads_at_run_time():
    copied = " ".join(value for name, value in _dockerfile_instructions() if name == "COPY")
    for needed in ("pyproject.toml", "alembic.ini", "migrations", "templates", "static", "app"):
        assert needed in shlex.split(copied)
