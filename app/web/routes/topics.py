"""Topic pages: every topic's stance mix, and one topic's actors, chart and latest claims."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse
from starlette.responses import Response

from app.queries import claims as claim_queries
from app.queries import topics as topic_queries
from app.vocabulary import STANCES
from app.web.charts import stance_segments
from app.web.deps import DbSession
from app.web.guards import refuse_nul_bytes
from app.web.research_views import topic_view
from app.web.templating import render
from app.web.timeline import actor_mix, mix_sentence

router = APIRouter(dependencies=[Depends(refuse_nul_bytes)])


@router.get("/topics", response_class=HTMLResponse, include_in_schema=False)
def topics_index(request: Request, session: DbSession) -> Response:
    """List every topic with its proposition and stance mix."""
    summaries = topic_queries.list_topic_summaries(session)
    bars = {s.topic.slug: stance_segments(s.mix.counts) for s in summaries}
    return render(request, "topics.html", {"summaries": summaries, "bars": bars})


@router.get("/topics/{slug}", response_class=HTMLResponse, include_in_schema=False)
def topic_page(request: Request, session: DbSession, slug: str) -> Response:
    """Show a topic's proposition, who stands where and since when, changes and latest claims."""
    topic = topic_queries.get_topic(session, slug)
    if topic is None:
        raise HTTPException(404, f"There is no topic '{slug[:80]}'. See /topics for the list.")
    mix = topic_queries.get_stance_mix(session, topic.id)
    view = topic_view(request, session, topic)
    actors = actor_mix(view.rows)
    context = {
        "topic": topic,
        "mix": mix,
        "bar": stance_segments(mix.counts),
        "actors": actors,
        "actor_bar": stance_segments([actors.counts[s] for s in STANCES]),
        "sentence": mix_sentence(actors),
        "rows": view.rows,
        "timeline": view.timeline,
        "changes": view.changes,
        "latest": claim_queries.list_latest_claims(session, topic_id=topic.id, limit=20),
    }
    return render(request, "topic.html", context)
