"""/imports: the import log editors read, every failed import with a retry button."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import Response

from app.queries import import_failures as q
from app.web.auth import Editor
from app.web.deps import DbSession
from app.web.templating import render

router = APIRouter(prefix="/imports", include_in_schema=False)

FailureId = Annotated[int, Path(ge=1, le=2**63 - 1)]


@router.get("", response_class=HTMLResponse)
def imports_page(request: Request, session: DbSession, user: Editor) -> Response:
    """List the failed imports, most recent first."""
    failures = q.list_import_failures(session)
    return render(request, "imports.html", {"failures": failures})


@router.post("/{failure_id}/retry", response_class=HTMLResponse)
def import_retry(
    request: Request, session: DbSession, user: Editor, failure_id: FailureId
) -> Response:
    """Queue the failed address again, as its first attempt."""
    failure = q.get_import_failure(session, failure_id)
    if failure is None:
        raise HTTPException(404, f"There is no failed import {failure_id}.")
    from app.importer import tasks

    engine_url = request.app.state.engine.url.render_as_string(hide_password=False)
    job_app = tasks.make_app(engine_url)
    with job_app.open():
        job_app.configure_task("govclaims:import_url").defer(
            url=failure.url, source_id=failure.source_id
        )
    q.mark_retry_queued(session, failure_id, now=dt.datetime.now(dt.UTC))
    session.commit()
    return RedirectResponse("/imports", status_code=303)
