"""/import: editors paste text, upload files or queue a page for the importer."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from app.web.auth import Editor
from app.web.templating import render

router = APIRouter(prefix="/import", include_in_schema=False)

CHUNK = 1024 * 1024
# The job-queue app is built once per web app, on first use, with a pool of its own.
_JOB_APP_LOCK = threading.Lock()


def _importer(request: Request) -> Any:
    # Imported on use: the importer brings trafilatura, lxml and feedparser, which
    # would otherwise sit in every web worker's memory for a page editors rarely open.
    from app.importer.pipeline import Importer

    return Importer(request.app.state.settings, request.app.state.session_factory)


def _job_app(request: Request) -> Any:
    """Return this web app's job-queue app, opened once on a pool of two connections."""
    state = request.app.state
    with _JOB_APP_LOCK:
        if getattr(state, "job_app", None) is None:
            from app.importer import tasks

            url = state.engine.url.render_as_string(hide_password=False)
            state.job_app = tasks.make_app(url, min_size=1, max_size=2).open()
    return state.job_app


def _upload(request: Request, path: Path, name: str) -> Any:
    """Import an uploaded file with the job time limit, as the worker would."""
    from app.importer.failures import Deadline
    from app.importer.targets import TargetImporter, decide_file

    limit = request.app.state.settings.job_timeout_s
    runner = TargetImporter(_importer(request), deadline=Deadline(limit))
    return runner.run(decide_file(path, name=name))


def _page(request: Request, **context: Any) -> Response:
    status = 422 if context.get("error") else 200
    return render(request, "import.html", context, block="outcome", status_code=status)


@router.get("", response_class=HTMLResponse)
def import_form(request: Request, user: Editor) -> Response:
    """Offer the three ways in: paste, upload, fetch a page."""
    return render(request, "import.html", {})


@router.post("/text", response_class=HTMLResponse)
def import_pasted_text(
    request: Request,
    user: Editor,
    body: Annotated[str, Form(min_length=1, max_length=2_000_000)],
    title: Annotated[str, Form(max_length=300)] = "",
    url: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Extract and store pasted text now, and say what became of it."""
    if url and not url.startswith(("http://", "https://", "urn:")):
        return _page(request, error="The address must start with http://, https:// or urn:.")
    from app.importer.parse import ParseError

    try:
        outcome = _importer(request).import_text(body, url=url or None, title=title or None)
    except ParseError as exc:
        return _page(request, error=str(exc))
    return _page(request, outcome=outcome)


@router.post("/file", response_class=HTMLResponse)
async def import_uploaded_file(
    request: Request, user: Editor, file: Annotated[UploadFile, File()]
) -> Response:
    """Import an uploaded .txt, .html or claims-jsonl file; rejected lines are listed."""
    from app.importer.targets import UPLOAD_SUFFIXES, accepts_upload

    name = Path(file.filename or "upload").name
    if not accepts_upload(name):
        return _page(
            request, error=f"{name}: only {', '.join(UPLOAD_SUFFIXES)} files are imported."
        )
    limit = request.app.state.settings.upload_max_bytes
    with tempfile.TemporaryDirectory(prefix="govclaims-upload-") as folder:
        path = Path(folder) / name
        size = 0
        with path.open("wb") as out:
            while chunk := await file.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    return _page(request, error=f"{name} is larger than {limit:,} bytes.")
                out.write(chunk)
        summary = await run_in_threadpool(_upload, request, path, name)
    return _page(request, summary=summary, name=name)


@router.post("/url", response_class=HTMLResponse)
def import_page_url(
    request: Request, user: Editor, url: Annotated[str, Form(max_length=2000)]
) -> Response:
    """Queue a web page for the import worker (it fetches with every safety check)."""
    if not url.startswith(("http://", "https://")):
        return _page(request, error="Only http:// and https:// addresses can be fetched.")
    from app.importer.fetch import url_refusal

    problem = url_refusal(url, request.app.state.settings.fetch_allow_hosts)
    if problem:
        return _page(request, error=f"The importer would not fetch this address: {problem}.")

    job_id = _job_app(request).configure_task("govclaims:import_url").defer(url=url)
    return _page(request, queued=url, job_id=job_id)
