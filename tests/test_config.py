"""Settings: bad values are refused clearly, the secret key persists, and all are documented."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.config import Settings, env_var

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No govclaims variable set and a working directory without a .env file."""
    for name in list(os.environ):
        if name.startswith("GOVCLAIMS_") or name == "DATABASE_URL":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _error(**values: object) -> str:
    with pytest.raises(ValidationError) as caught:
        Settings(**values)  # type: ignore[arg-type]
    return str(caught.value)


@pytest.mark.parametrize("secret", ["changeme", "secret", "CHANGEME", "short-key"])
def test_it_refuses_a_placeholder_or_short_secret_key(clean_env, secret):
    assert "GOVCLAIMS_SECRET_KEY is a placeholder or shorter than 16" in _error(secret_key=secret)


@pytest.mark.parametrize(
    "field",
    ["fetch_timeout_s", "fetch_connect_timeout_s", "fetch_max_bytes", "upload_max_bytes",
     "session_max_age_s", "db_pool_size", "fetch_max_redirects"],
)  # fmt: skip
def test_it_refuses_negative_limits(clean_env, field):
    message = _error(**{field: -1})
    assert field in message
    assert "greater than" in message


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("mysql://u@h/db", "must be postgresql://"),
        ("not a url", "is not a URL"),
        ("postgresql://u@h:5432", "names no database"),
        ("postgresql://u@h:99999/db", "outside 1-65535"),
    ],
)
def test_it_refuses_a_malformed_database_url(clean_env, url, says):
    assert says in _error(database_url=url)


def test_it_refuses_an_unknown_log_level(clean_env):
    assert "log level must be one of" in _error(log_level="verbose")


def test_it_accepts_postgres_urls_and_uses_psycopg_3(clean_env):
    settings = Settings(database_url="postgres://u:p@db.example:5433/claims")
    assert settings.database_url == "postgresql+psycopg://u:p@db.example:5433/claims"


def test_an_empty_database_url_means_the_embedded_database(clean_env, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "")
    assert Settings().database_url is None


def test_a_generated_secret_key_is_kept_in_the_data_dir_and_reused(clean_env):
    first = Settings(data_dir=clean_env / "data").resolved_secret_key()
    second = Settings(data_dir=clean_env / "data").resolved_secret_key()
    assert first == second
    assert len(first) >= 32
    key_file = clean_env / "data" / "secret_key"
    assert key_file.read_text() == first
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_a_given_secret_key_wins_over_the_generated_one(clean_env):
    Settings(data_dir=clean_env / "data").resolved_secret_key()
    given = "a-real-secret-key-of-enough-length"
    settings = Settings(data_dir=clean_env / "data", secret_key=given)  # type: ignore[arg-type]
    assert settings.resolved_secret_key() == given


def test_it_reads_a_dot_env_file(clean_env):
    (clean_env / ".env").write_text(
        "DATABASE_URL=postgresql://envfile@127.0.0.1:5432/fromenv\n"
        "GOVCLAIMS_PUBLIC=false\n"
        "GOVCLAIMS_DB_POOL_SIZE=3\n"
    )
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://envfile@127.0.0.1:5432/fromenv"
    assert settings.public is False
    assert settings.db_pool_size == 3


def test_the_environment_wins_over_the_dot_env_file(clean_env, monkeypatch):
    (clean_env / ".env").write_text("GOVCLAIMS_DB_POOL_SIZE=3\n")
    monkeypatch.setenv("GOVCLAIMS_DB_POOL_SIZE", "7")
    assert Settings().db_pool_size == 7


def test_fetch_allow_hosts_is_a_comma_separated_list(clean_env, monkeypatch):
    monkeypatch.setenv("GOVCLAIMS_FETCH_ALLOW_HOSTS", " intranet.example, Feeds.Example.org ,,")
    assert Settings().fetch_allow_hosts == ["intranet.example", "feeds.example.org"]


def test_every_setting_has_a_description():
    undocumented = [name for name, f in Settings.model_fields.items() if not f.description]
    assert undocumented == []


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    missing = [env_var(name) for name in Settings.model_fields if env_var(name) not in readme]
    assert missing == []


def test_a_bad_setting_stops_the_command_with_one_line_naming_the_variable(clean_env):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["GOVCLAIMS_FETCH_TIMEOUT_S"] = "-5"
    result = subprocess.run(
        [sys.executable, "-m", "app", "migrate"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "govclaims: invalid configuration: GOVCLAIMS_FETCH_TIMEOUT_S: "
        "Input should be greater than 0"
    ]


def test_the_importers_claims_cap_defaults_to_the_extractors_own_bound() -> None:
    from app.config import Settings
    from app.extract import MAX_CLAIMS

    assert Settings.model_fields["article_max_claims"].default == MAX_CLAIMS


def test_loading_settings_and_the_web_app_leaves_the_extractor_unloaded() -> None:
    # The web processes never extract: the extractor and its language libraries would
    # cost each of them tens of megabytes.
    probe = (
        "import sys; from app.config import load_settings; load_settings(); import app.main; "
        "print('app.extract.pipeline' in sys.modules, 'nltk' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_the_extract_command_loads_the_language_pipeline_the_setting_names(tmp_path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Jane Doe, a researcher, said that AI labs must publish safety cases.\n")
    env = {**os.environ, "GOVCLAIMS_SPACY_MODEL": str(tmp_path / "no-such-pipeline")}
    done = subprocess.run(
        [sys.executable, "-m", "app", "extract", str(text)], capture_output=True, text=True, env=env
    )
    assert done.returncode != 0
    assert "no-such-pipeline" in done.stdout + done.stderr
