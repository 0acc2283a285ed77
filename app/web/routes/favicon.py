"""/favicon.ico: browsers ask for it on every first visit; a 404 there is noise in every log."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from app.schema import PROJECT_ROOT

router = APIRouter(include_in_schema=False)


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    """Return the site icon, cacheable for a day."""
    return FileResponse(
        PROJECT_ROOT / "static" / "favicon.ico",
        media_type="image/x-icon",
        headers={"Cache-Control": "public, max-age=86400"},
    )
