"""The overview: totals, latest claims, every topic's stance mix, changes, importer state."""

from __future__ import annotations

import datetime as dt
import time

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session
from starlette.responses import Response

from app.queries import claims as claim_queries
from app.queries import overview
from app.queries import topics as topic_queries
from app.web.charts import stance_segments
from app.web.deps import DbSession
from app.web.guards import refuse_nul_bytes
from app.web.templating import render

router = APIRouter(dependencies=[Depends(refuse_nul_bytes)])
CHANGE_DAYS = 90
# The stance-change scan is the overview's one costly query (tens of ms on a million
# claims); a few seconds' staleness on the front page is worth not repeating it per visit.
CHANGES_TTL_S = 30.0


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
        "change_days": CHANGE_DAYS,
        "importer": overview.get_importer_state(session) if is_editor else None,
    }
    return render(request, "home.html", context)


def recent_changes(request: Request, session: Session) -> list[overview.StanceChange]:
    """Return the recent stance changes, cached per app for CHANGES_TTL_S seconds."""
    cached = getattr(request.app.state, "stance_changes", None)
    now = time.monotonic()
    if cached is not None and cached[0] > now:
        return cached[1]  # type: ignore[no-any-return]
    changes = overview.list_stance_changes(session, now=dt.datetime.now(dt.UTC), days=CHANGE_DAYS)
    request.app.state.stance_changes = (now + CHANGES_TTL_S, changes)
    return changes
