"""Exports of a filtered claims view: claims-jsonl/1 lines, one per article, streamed."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.queries.claim_filter import ClaimFilter, resolve, where_clause

_ISO = "to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"

# Matching claims grouped under their article; an article appears once, with only the
# claims the filter matched, so the export is exactly the view the user was looking at.
_LINES = """
WITH m AS (SELECT c.id, c.article_id FROM claims c WHERE {where})
SELECT json_build_object(
    'format', 'claims-jsonl/1', 'url', a.url, 'title', a.title, 'outlet', a.outlet,
    'authors', to_json(a.authors),
    'published_at', {published}, 'language', a.language, 'text', a.text,
    'claims', json_agg(json_build_object(
        'text', c.text, 'start', c.start_pos, 'end', c.end_pos, 'actor', ac.name,
        'kind', c.kind, 'provenance', c.provenance,
        'topics', coalesce((
            SELECT json_agg(json_strip_nulls(json_build_object(
                'topic', tp.slug, 'stance', t.stance, 'status', t.status, 'note', t.note))
                ORDER BY t.topic_id)
              FROM stance_tags t JOIN topics tp ON tp.id = t.topic_id
             WHERE t.claim_id = c.id), '[]'::json)
    ) ORDER BY c.start_pos, c.id)
)::text
  FROM m JOIN claims c ON c.id = m.id JOIN articles a ON a.id = m.article_id
  LEFT JOIN actors ac ON ac.id = c.actor_id
 GROUP BY a.id
 ORDER BY max(c.published_at) DESC, a.id
"""


def iter_view_jsonl(session: Session, flt: ClaimFilter, *, batch: int = 500) -> Iterator[str]:
    """Yield claims-jsonl/1 lines for the claims matching flt, newest articles first."""
    where, params = where_clause(resolve(session, flt))
    sql = _LINES.format(where=where, published=_ISO.format(c="a.published_at"))
    result = session.execute(
        text(sql).execution_options(stream_results=True, yield_per=batch), params
    )
    for (line,) in result:
        yield line
