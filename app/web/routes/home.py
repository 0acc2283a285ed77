"""The front page."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.queries import articles
from app.web.deps import DbSession
from app.web.templating import render

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, session: DbSession) -> HTMLResponse:
    """Show the newest articles."""
    latest = articles.list_articles(session, limit=20)
    return render(request, "home.html", {"articles": latest})  # type: ignore[return-value]
