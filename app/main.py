"""The FastAPI application factory."""

from __future__ import annotations

import importlib
import logging
import pkgutil

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app import __doc__ as app_doc
from app.config import Settings
from app.db import make_engine, make_session_factory, resolve_database_url
from app.schema import PROJECT_ROOT
from app.web import errors, routes
from app.web.templating import make_templates

log = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    *,
    engine: Engine | None = None,
    session_factory: sessionmaker[Session] | None = None,
) -> FastAPI:
    """Build the web app for settings; tests may hand in their own engine or sessions."""
    if engine is None:
        engine = make_engine(resolve_database_url(settings), pool_size=settings.db_pool_size)
    app = FastAPI(
        title="govclaims",
        description=app_doc or "",
        version="0.1.0",
        docs_url="/docs",
        openapi_url="/openapi.json",
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = session_factory or make_session_factory(engine)
    app.state.templates = make_templates(settings)
    app.mount("/static", StaticFiles(directory=PROJECT_ROOT / "static"), name="static")
    errors.install(app)
    _install_security(app, settings)
    for router in _discover_routers():
        app.include_router(router)
    return app


def _discover_routers() -> list:  # type: ignore[type-arg]
    """Import every module under app.web.routes that defines `router`, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(routes.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{routes.__name__}.{info.name}")
        if hasattr(module, "router"):
            found.append(module.router)
    return found


def _install_security(app: FastAPI, settings: Settings) -> None:
    """Add session, CSRF and access middleware when the security module is present."""
    try:
        security = importlib.import_module("app.web.security")
    except ModuleNotFoundError:
        return
    security.install(app, settings)
