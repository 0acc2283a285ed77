"""claims-jsonl/1 export: PostgreSQL builds each article's line, streamed by a server cursor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

# One JSON object per article, keys in the spec's order. Timestamps are UTC with a Z,
# microseconds only when there are any, so import gives back the same instants.
_ISO = (
    "CASE WHEN {c} IS NULL THEN NULL "
    "WHEN extract(microseconds FROM {c})::bigint % 1000000 = 0 "
    "THEN to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
    "ELSE to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') END"
)

_LINE_SQL = """
SELECT json_build_object(
    'format', 'claims-jsonl/1', 'url', a.url, 'title', a.title, 'outlet', a.outlet,
    'authors', to_json(a.authors),
    'published_at', {pub}, 'language', a.language, 'text', a.text,
    'claims', coalesce(cl.claims, '[]'::json),
    'other_urls', to_json(a.other_urls), 'fetched_at', {fetched}
)::text AS line
FROM articles a
LEFT JOIN LATERAL (
    SELECT json_agg(json_build_object(
        'text', c.text, 'start', c.start_pos, 'end', c.end_pos, 'actor', ac.name,
        'actor_kind', ac.kind, 'kind', c.kind, 'provenance', c.provenance, 'status', c.status,
        'topics', coalesce((
            SELECT json_agg(json_strip_nulls(json_build_object(
                'topic', tp.slug, 'stance', t.stance, 'status', t.status, 'note', t.note))
                ORDER BY t.topic_id)
              FROM stance_tags t JOIN topics tp ON tp.id = t.topic_id
             WHERE t.claim_id = c.id), '[]'::json)
    ) ORDER BY c.id) AS claims
      FROM claims c LEFT JOIN actors ac ON ac.id = c.actor_id
     WHERE c.article_id = a.id {claim_filter}
) cl ON true
WHERE {article_filter}
ORDER BY a.id
"""


def _claim_filter(
    *,
    topic_ids: Sequence[int],
    stances: Sequence[str],
    actor_ids: Sequence[int] | None,
    since: dt.datetime | None,
) -> tuple[str, dict[str, Any]]:
    parts: list[str] = []
    params: dict[str, Any] = {}
    if topic_ids or stances:
        tag = ["t2.claim_id = c.id", "t2.status <> 'rejected'"]
        if topic_ids:
            tag.append("t2.topic_id = ANY(:topic_ids)")
            params["topic_ids"] = list(topic_ids)
        if stances:
            tag.append("t2.stance::text = ANY(:stances)")
            params["stances"] = list(stances)
        parts.append(f"EXISTS (SELECT 1 FROM stance_tags t2 WHERE {' AND '.join(tag)})")
    if actor_ids is not None:
        parts.append("c.actor_id = ANY(:actor_ids)")
        params["actor_ids"] = list(actor_ids)
    if since is not None:
        parts.append("c.published_at >= :since")
        params["since"] = since
    return "".join(f" AND {p}" for p in parts), params


def _sql(claim_filter: str, article_filter: str) -> str:
    return _LINE_SQL.format(
        pub=_ISO.format(c="a.published_at"),
        fetched=_ISO.format(c="a.fetched_at"),
        claim_filter=claim_filter,
        article_filter=article_filter,
    )


def resolve_actor_ids(session: Session, names: Sequence[str]) -> list[int]:
    """Return ids of actors named (by name, slug or alias, any case) in names."""
    rows = session.execute(
        text(
            "SELECT id FROM actors WHERE lower(name) = ANY(:n) OR slug = ANY(:n) "
            "UNION SELECT actor_id FROM actor_aliases WHERE lower(alias) = ANY(:n)"
        ),
        {"n": [n.lower() for n in names]},
    )
    return [r[0] for r in rows]


def resolve_topic_ids(session: Session, slugs: Sequence[str]) -> list[int]:
    """Return ids of the topics with these slugs."""
    rows = session.execute(text("SELECT id FROM topics WHERE slug = ANY(:s)"), {"s": list(slugs)})
    return [r[0] for r in rows]


def iter_claims_jsonl(
    session: Session,
    *,
    topics: Sequence[str] = (),
    actors: Sequence[str] = (),
    stances: Sequence[str] = (),
    since: dt.datetime | None = None,
    batch: int = 500,
) -> Iterator[str]:
    """Yield one claims-jsonl/1 line (no newline) per article, oldest article first.

    Without filters every article is written, with all its claims: a full backup.
    With filters only matching claims are written, and only articles that have one.
    Unknown topic slugs or actor names match nothing.
    """
    filtered = bool(topics or actors or stances or since)
    topic_ids = resolve_topic_ids(session, topics) if topics else []
    if topics and not topic_ids:
        return
    actor_ids = resolve_actor_ids(session, actors) if actors else None
    claim_filter, params = _claim_filter(
        topic_ids=topic_ids, stances=stances, actor_ids=actor_ids, since=since
    )
    article_filter = "cl.claims IS NOT NULL" if filtered else "true"
    result = session.execute(
        text(_sql(claim_filter, article_filter)),
        params,
        execution_options={"yield_per": batch},
    )
    for (line,) in result:
        yield line


def list_article_lines(session: Session, article_ids: Sequence[int]) -> dict[int, str]:
    """Return the claims-jsonl/1 line of each article in article_ids, by id."""
    if not article_ids:
        return {}
    sql = _sql("", "a.id = ANY(:ids)").replace(
        "SELECT json_build_object", "SELECT a.id, json_build_object", 1
    )
    rows = session.execute(text(sql), {"ids": list(article_ids)})
    return {aid: line for aid, line in rows}
