"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import contextlib
import logging
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
from app.web import errors, openapi, security
from app.web.page_cache import PageCache, PageCacheMiddleware
from app.web.routes import (
    actors,
    admin,
    annotate,
    api,
    articles,
    auth,
    claims,
    favicon,
    health,
    home,
    importing,
    imports,
    research,
    review,
    stats,
    topics,
)
from app.web.templating import make_templates

log = logging.getLogger(__name__)

# Every router the app mounts, in the order FastAPI matches them; a module whose router is
# missing here is not served (tests/test_app.py checks none is forgotten).
ROUTERS = (
    actors.router,
    admin.router,
    annotate.router,
    api.router,
    articles.router,
    auth.router,
    claims.router,
    api.docs_router,
    favicon.router,
    health.router,
    home.router,
    importing.router,
    imports.router,
    research.router,
    review.router,
    stats.router,
    topics.router,
)


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
    security.install(app, settings)
    for router in ROUTERS:
        app.include_router(router)
    openapi.install(app)
    return app


@asynccontextmanager
async def _inprocess_worker(app: FastAPI) -> AsyncIterator[None]:
    """Run an import worker beside the web app when `govclaims serve` asked for one."""
    if not app.state.settings.inprocess_worker:
        yield
        return
    from app.importer import worker

    url = app.state.engine.url.render_as_string(hide_password=False)
    job = asyncio.create_task(worker.run_reconnecting(app.state.settings, url))
    try:
        yield
    finally:
        job.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await job
