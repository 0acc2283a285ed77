"""Editorial statistics: decisions per editor, agreement per topic."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from app.agreement import Label, topic_agreement
from app.queries import catalogue, history
from app.web.auth import Editor
from app.web.deps import DbSession
from app.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/stats", response_class=HTMLResponse)
def stats_page(request: Request, session: DbSession, user: Editor) -> Response:
    """Show who decided how much, and how far editors agree on each topic."""
    decisions = history.list_latest_decisions(session)
    labels = [Label(d.topic_id, d.tag_id, d.user_id, d.label) for d in decisions]
    names = {t.id: t for t in catalogue.list_all_topics(session)}
    context = {
        "editors": history.count_decisions_by_user(session),
        "agreement": topic_agreement(labels),
        "topics": names,
        "decided_tags": len({d.tag_id for d in decisions}),
    }
    return render(request, "stats.html", context)
