"""The overview: totals, latest claims, every topic's stance mix, changes, importer state."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.queries import claims as claim_queries
from app.queries import overview
from app.queries import topics as topic_queries
from app.queries.stance_views import ChangeRow
from app.web.charts import stance_segments
from app.web.deps import DbSession
from app.web.guards import refuse_nul_bytes
from app.web.research_views import newest_changes
from app.web.templating import render

router = APIRouter(dependencies=[Depends(refuse_nul_bytes)])
HOME_CHANGES = 10


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, session: DbSession) -> Response:
    """Show the overview of everything tracked."""
    summaries = topic_queries.list_topic_summaries(session)
    user = getattr(request.state, "user", None)
    # Readers see what is tracked; the importer's health is for the people who run it.
    is_editor = bool(user and user.can_edit)
    context = {
        "totals": overview.get_totals(session),
        "latest": claim_queries.list_latest_claims(session, limit=10),
        "summaries": summaries,
        "bars": {s.topic.slug: stance_segments(s.mix.counts) for s in summaries},
        "changes": recent_changes(request, session),
        "importer": overview.get_importer_state(session) if is_editor else None,
    }
    return render(request, "home.html", context)


def recent_changes(request: Request, session: Session) -> list[ChangeRow]:
    """Return the newest changes of stance (kept until the data changes)."""
    return newest_changes(request, session)[:HOME_CHANGES]
