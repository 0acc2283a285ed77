"""Liveness for load balancers and people: does the database answer?"""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from app.db import ping
from app.web.schemas import HealthOut

router = APIRouter()


@router.get(
    "/healthz",
    tags=["health"],
    summary="200 when the database answers, else 503",
    responses={
        200: {"model": HealthOut, "description": "The database answers."},
        503: {
            "model": HealthOut,
            "description": "The database does not answer; `reason` says why.",
        },
    },
)
def healthz(request: Request) -> JSONResponse:
    """Answer 200 when the database answers a query, 503 with the reason when not."""
    try:
        ping(request.app.state.engine)
    except OperationalError as exc:
        url = request.app.state.engine.url
        where = f" at {url.host}:{url.port or 5432}" if url.host else ""
        return _unavailable(f"cannot reach the database{where} ({_kind(exc)})")
    except SQLAlchemyError as exc:
        return _unavailable(f"the database refused the check query ({_kind(exc)})")
    return JSONResponse({"status": "ok"})


def _unavailable(reason: str) -> JSONResponse:
    # A fixed reason: the driver's message names socket paths, hosts and users.
    return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)


def _kind(exc: SQLAlchemyError) -> str:
    """Name what went wrong without any detail from the server's message."""
    orig = getattr(exc, "orig", None)
    code = getattr(orig, "sqlstate", None)
    if code:
        return f"SQLSTATE {code}"
    text_ = str(orig or exc).lower()
    if "no such file" in text_ or "connection refused" in text_:
        return "server not running"
    if "timeout" in text_ or "timed out" in text_:
        return "timed out"
    return type(orig or exc).__name__
