"""Turn query results into the API's response models."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.models import Actor, Claim, Topic
from app.queries.actors import TopicStanceRow
from app.queries.history import HistoryRow
from app.queries.overview import ImporterState, Totals
from app.queries.search import ClaimRow, SearchResult
from app.queries.stance_views import ChangeRow
from app.queries.topics import ActorGroups, MonthStances, StanceMix, TopicSummary
from app.web.schemas import (
    ActorDetailOut,
    ActorOnTopic,
    ActorTopicOut,
    ApiIndexOut,
    ArticleRef,
    ClaimDetailOut,
    ClaimOut,
    ClaimPage,
    EndpointOut,
    EventOut,
    FacetsOut,
    FacetValueOut,
    ImporterOut,
    LatestStanceOut,
    MonthOut,
    OverviewOut,
    StanceChangeOut,
    StanceFigure,
    TagDetailOut,
    TagOut,
    TopicDetailOut,
    TopicOut,
)


def claim(row: ClaimRow | ClaimRow) -> ClaimOut:
    """Return a list row as the API shows it."""
    return ClaimOut(
        id=row.id,
        text=row.text,
        actor=row.actor,
        actor_slug=row.actor_slug,
        kind=row.kind,
        provenance=row.provenance,
        status=row.status,
        published_at=row.published_at,
        article=ArticleRef(
            id=row.article_id, title=row.article_title, outlet=row.outlet, url=row.article_url
        ),
        tags=[TagOut(**vars(t)) for t in row.tags],
    )


def claim_page(result: SearchResult) -> ClaimPage:
    """Return a search result page."""
    f = result.facets
    return ClaimPage(
        total=result.total,
        page=result.page,
        per_page=result.per_page,
        pages=result.pages,
        rows=[claim(r) for r in result.rows],
        facets=FacetsOut(
            **{
                name: [FacetValueOut(**vars(v)) for v in getattr(f, name)]
                for name in FacetsOut.model_fields
            }
        ),
    )


def claim_detail(
    c: Claim, deciders: dict[int, str], history: Sequence[HistoryRow], related: Sequence[ClaimRow]
) -> ClaimDetailOut:
    """Return one claim with its tags' evidence and decisions."""
    tags = [
        TagDetailOut(
            topic=t.topic.slug,
            topic_name=t.topic.name,
            stance=t.stance.value,
            status=t.status.value,
            evidence=t.evidence,
            confidence=t.confidence,
            decided_by=deciders.get(t.decided_by) if t.decided_by else None,
            decided_at=t.decided_at,
            note=t.note,
            disputed=t.disputed,
        )
        for t in c.stance_tags
    ]
    events = [
        EventOut(
            at=e.at,
            user=e.username,
            object_type=e.object_type,
            action=e.action,
            before=e.before,
            after=e.after,
        )
        for e in history
    ]
    a = c.article
    return ClaimDetailOut(
        id=c.id,
        text=c.text,
        start=c.start_pos,
        end=c.end_pos,
        actor=c.actor.name if c.actor else None,
        actor_slug=c.actor.slug if c.actor else None,
        kind=c.kind.value if c.kind else None,
        provenance=c.provenance,
        status=c.status.value,
        extractor_version=c.extractor_version,
        published_at=c.published_at,
        article=ArticleRef(id=a.id, title=a.title, outlet=a.outlet, url=a.url),
        tags=tags,
        history=events,
        related=[claim(r) for r in related],
    )


def figures(mix: StanceMix) -> list[StanceFigure]:
    """Return claims and confirmed claims per stance."""
    return [StanceFigure(stance=s, claims=n, confirmed=c) for s, n, c in mix.items()]


def topic(t: Topic, mix: StanceMix) -> TopicOut:
    """Return a topic with its stance figures."""
    return TopicOut(
        slug=t.slug,
        name=t.name,
        proposition=t.proposition,
        description=t.description,
        retired=t.retired,
        claims=mix.total,
        confirmed=mix.confirmed_total,
        stances=figures(mix),
    )


def topic_detail(
    t: Topic,
    mix: StanceMix,
    months: Sequence[MonthStances],
    groups: ActorGroups,
    latest: Sequence[ClaimRow],
) -> TopicDetailOut:
    """Return a topic with months, actors and latest claims."""
    return TopicDetailOut(
        **topic(t, mix).model_dump(),
        months=[
            MonthOut(
                month=f"{m.month:%Y-%m}",
                supports=m.counts[0],
                opposes=m.counts[1],
                mixed=m.counts[2],
                neutral=m.counts[3],
            )
            for m in months
        ],
        actors=[
            ActorOnTopic(name=r.name, slug=r.slug, stance=r.stance, stances=figures(r.mix))
            for rows in groups.groups.values()
            for r in rows
        ],
        latest=[claim(r) for r in latest],
    )


def actor_detail(
    a: Actor, total: int, rows: Sequence[TopicStanceRow], latest: Sequence[ClaimRow]
) -> ActorDetailOut:
    """Return an actor with its stance per topic."""
    topics = [
        ActorTopicOut(
            topic=r.topic_slug,
            topic_name=r.topic_name,
            claims=r.mix.total,
            confirmed=r.mix.confirmed_total,
            stances=figures(r.mix),
            latest=LatestStanceOut(**vars(r.latest)) if r.latest else None,
        )
        for r in rows
    ]
    return ActorDetailOut(
        name=a.name,
        slug=a.slug,
        kind=a.kind.value,
        claims=total,
        aliases=[x.alias for x in a.aliases],
        topics=topics,
        latest=[claim(r) for r in latest],
    )


def overview(
    totals: Totals,
    summaries: Sequence[TopicSummary],
    changes: Sequence[ChangeRow],
    importer: ImporterState,
) -> OverviewOut:
    """Return the overview figures."""
    return OverviewOut(
        **vars(totals),
        topics=[topic(s.topic, s.mix) for s in summaries],
        changes=[
            StanceChangeOut(
                actor=c.actor.name,
                actor_slug=c.actor.slug,
                topic=c.topic.slug,
                before=c.change.before.stance,
                after=c.change.after.stance,
                before_claim_id=c.change.before.claim_ids[0],
                after_claim_id=c.change.after.claim_ids[0],
                before_date=c.change.before.day,
                after_date=c.change.after.day,
                confirmed=c.change.confirmed,
            )
            for c in changes
        ],
        importer=ImporterOut(
            sources=importer.sources,
            enabled=importer.enabled,
            last_polled_at=importer.last_polled_at,
            last_success_at=importer.last_success_at,
            last_article_at=importer.last_article_at,
            failing=[s.title or s.url or str(s.id) for s in importer.failing],
        ),
    )


def api_index(openapi: dict[str, Any]) -> ApiIndexOut:
    """List the API's read operations from the app's own OpenAPI document."""
    endpoints = [
        EndpointOut(method=method.upper(), path=path, summary=op.get("summary", ""))
        for path, operations in openapi.get("paths", {}).items()
        if path.startswith("/api/")
        for method, op in operations.items()
    ]
    return ApiIndexOut(docs="/api/docs", openapi="/openapi.json", endpoints=endpoints)
