"""Typed settings read from the environment (and a `.env` file), never at import time."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

PLACEHOLDER_SECRETS = {"changeme", "change-me", "secret", "dev", "test", "xxx"}
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class Settings(BaseSettings):
    """Everything govclaims can be configured with; each field is documented in the README."""

    model_config = SettingsConfigDict(
        env_prefix="GOVCLAIMS_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    database_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("DATABASE_URL", "GOVCLAIMS_DATABASE_URL"),
        description="PostgreSQL URL (15 or newer). Unset: an embedded PostgreSQL in data_dir.",
    )
    data_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir("govclaims")),
        description="Where the embedded database, the generated secret key and uploads live.",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Key that signs session cookies and CSRF tokens; generated and kept in "
        "data_dir when unset.",
    )
    public: bool = Field(
        default=True, description="Let anonymous visitors read; false requires a login for all."
    )
    fetch_allow_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated host names the importer may fetch although they resolve "
        "to private or loopback addresses (tests, intranet feeds).",
    )
    fetch_timeout_s: float = Field(default=20.0, gt=0, description="Total time limit per fetch.")
    fetch_connect_timeout_s: float = Field(default=5.0, gt=0, description="Connect time limit.")
    fetch_max_bytes: int = Field(
        default=10 * 1024 * 1024, gt=0, description="Largest body the importer accepts."
    )
    fetch_max_redirects: int = Field(default=5, ge=0, description="Redirects followed at most.")
    upload_max_bytes: int = Field(
        default=50 * 1024 * 1024, gt=0, description="Largest file an editor may upload."
    )
    article_max_chars: int = Field(
        default=1_000_000,
        gt=0,
        description="Longest article text the importer stores, in characters; longer is refused.",
    )
    article_max_claims: int = Field(
        default=2_000, gt=0, description="Most claims kept from one article (the first ones)."
    )
    job_timeout_s: float = Field(
        default=120.0,
        gt=0,
        description="Hard time limit of every import job (page, feed poll, file), in seconds.",
    )
    worker_niceness: int = Field(
        default=10,
        ge=0,
        le=19,
        description="How much `govclaims worker` lowers its CPU priority (os.nice), so that "
        "readers are served first on a shared machine.",
    )
    inprocess_worker: bool = Field(
        default=False,
        description="Run an import worker inside each web process; `govclaims serve` sets "
        "it unless --no-worker.",
    )
    web_statement_timeout_s: float = Field(
        default=5.0,
        gt=0,
        description="Longest a web request's database statement may run before the visitor "
        "is asked to narrow the filter.",
    )
    session_max_age_s: int = Field(
        default=14 * 24 * 3600, gt=0, description="How long a login lasts, in seconds."
    )
    db_pool_size: int = Field(default=10, ge=1, description="Database connections per process.")
    log_level: str = Field(
        default="INFO", description="Logging level: DEBUG, INFO, WARNING, ERROR or CRITICAL."
    )
    spacy_model: str | None = Field(
        default=None,
        description="The spaCy English pipeline the extractor reads: a folder or an installed "
        "pipeline's name. Unset: the pinned en_core_web_sm 3.8.0 installed with the project.",
    )

    @field_validator("fetch_allow_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return [h.strip().lower() for h in value.split(",") if h.strip()]
        return value

    @field_validator("log_level")
    @classmethod
    def _check_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"log level must be one of {', '.join(LOG_LEVELS)}, not {value!r}")
        return level

    @field_validator("database_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value is None or value.strip() == "":
            return None
        return normalise_database_url(value)

    @field_validator("secret_key")
    @classmethod
    def _refuse_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        raw = value.get_secret_value()
        if raw.lower() in PLACEHOLDER_SECRETS or len(raw) < 16:
            raise ValueError("GOVCLAIMS_SECRET_KEY is a placeholder or shorter than 16 characters")
        return value

    def resolved_secret_key(self) -> str:
        """Return the configured key, or one generated once and kept in data_dir."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        path = self.data_dir / "secret_key"
        if path.exists():
            return path.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key)
        path.chmod(0o600)
        return key


def env_var(field: str) -> str:
    """Return the environment variable that sets a Settings field (DATABASE_URL, GOVCLAIMS_...)."""
    alias = Settings.model_fields[field].validation_alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return f"GOVCLAIMS_{field.upper()}"


def load_settings(**overrides: object) -> Settings:
    """Build settings from the environment, with explicit overrides winning."""
    return Settings(**overrides)  # type: ignore[arg-type]


def normalise_database_url(raw: str) -> str:
    """Return a SQLAlchemy URL for psycopg 3, or raise ValueError saying what is wrong."""
    try:
        url = make_url(raw.strip())
    except ArgumentError as exc:
        raise ValueError(f"DATABASE_URL is not a URL ({exc}); expected postgresql://...") from None
    except ValueError:  # make_url's int() of a non-numeric port
        raise ValueError("DATABASE_URL has a port that is not a number") from None
    if url.port is not None and not 0 < url.port < 65536:
        raise ValueError(f"DATABASE_URL has port {url.port}, outside 1-65535")
    if url.get_backend_name() not in {"postgresql", "postgres"}:
        raise ValueError(f"DATABASE_URL must be postgresql://..., not {url.drivername}://")
    if not url.database:
        raise ValueError("DATABASE_URL names no database (postgresql://user@host:port/DBNAME)")
    url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)
