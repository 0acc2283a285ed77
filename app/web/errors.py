"""Errors: JSON under /api/, an HTML page everywhere else."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from psycopg.errors import QueryCanceled
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

log = logging.getLogger(__name__)
NARROW = (
    "This request matches too much to answer in time. Narrow the filter: choose a topic or "
    "an actor, or a shorter date range."
)


def _first_line(exc: OperationalError) -> str:
    lines = str(exc.orig or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path in {"/healthz"}


def _render_error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    from app.web.templating import render

    return render(request, "error.html", {"status": status, "message": message}, status_code=status)


def install(app: FastAPI) -> None:
    """Register the error handlers on app."""

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = _render_error(request, exc.status_code, str(exc.detail))
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'][1:]) or e['loc'][0]}: {e['msg']}"
            for e in exc.errors()
        )
        if _wants_json(request):
            return JSONResponse(
                {"error": "invalid request", "detail": problems, "status": 422}, status_code=422
            )
        return _render_error(request, 422, f"Invalid request: {problems}")

    @app.exception_handler(OperationalError)
    async def database_error(request: Request, exc: OperationalError) -> Response:
        if isinstance(exc.orig, QueryCanceled):
            log.warning("statement timeout on %s?%s", request.url.path, request.url.query)
            return _render_error(request, 503, NARROW)
        log.warning("database unavailable on %s: %s", request.url.path, _first_line(exc))
        response = _render_error(request, 503, "The database is not answering; try again soon.")
        response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s", request.url.path)
        return _render_error(request, 500, "Something went wrong on our side; it has been logged.")
