"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import os
import pkgutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app import __doc__ as app_doc
from app.config import Settings
from app.db import make_engine, make_session_factory, resolve_database_url
from app.schema import PROJECT_ROOT
from app.web import errors, openapi, routes
from app.web.page_cache import PageCache, PageCacheMiddleware
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
        lifespan=_inprocess_worker,
        title="govclaims",
        description=app_doc or "",
        version="0.1.0",
        # FastAPI's own docs page loads Swagger from a CDN with an inline script, which
        # the content security policy refuses; /docs serves the vendored copy instead.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        generate_unique_id_function=openapi.operation_id,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = session_factory or make_session_factory(engine)
    app.state.templates = make_templates(settings)
    app.mount("/static", StaticFiles(directory=PROJECT_ROOT / "static"), name="static")
    errors.install(app)
    # Added before the security middleware, so it runs inside it: it needs the session
    # and the logged-in user those put on the request.
    app.state.page_cache = PageCache()
    app.add_middleware(PageCacheMiddleware, cache=app.state.page_cache)
    _install_security(app, settings)
    for router in _discover_routers():
        app.include_router(router)
    openapi.install(app)
    return app


@asynccontextmanager
async def _inprocess_worker(app: FastAPI) -> AsyncIterator[None]:
    """Run an import worker beside the web app when `govclaims serve` asked for one."""
    if os.environ.get("GOVCLAIMS_INPROCESS_WORKER") != "1":
        yield
        return
    from app.importer import worker

    url = app.state.engine.url.render_as_string(hide_password=False)
    job = asyncio.create_task(worker.run_reconnecting(url, install_signal_handlers=False))
    try:
        yield
    finally:
        job.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await job


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
