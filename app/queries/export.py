"""claims-jsonl/1 writer: PostgreSQL builds each article's line, streamed by a server cursor.

The one writer of the format: `govclaims export` (a full backup, or a filtered export),
`/claims.jsonl` (the view a reader is looking at) and the bulk importer's comparison with
what is stored all take their lines from here, so they carry the same fields. A filtered
export selects claims with `claim_filter.where_clause`, the compiler of the web's filters,
so the same filter gives the same claims on the web and the command line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.queries.claim_filter import ClaimFilter, resolve, where_clause

# Timestamps are UTC with a Z, microseconds only when there are any, so import gives back
# the same instants.
_ISO = (
    "CASE WHEN {c} IS NULL THEN NULL "
    "WHEN extract(microseconds FROM {c})::bigint % 1000000 = 0 "
    "THEN to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
    "ELSE to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') END"
)

# One claim (c, with its actor ac), and one article (a) with its claims (cl.claims); keys in
# the spec's order, then this project's additions (see app/importer/interchange.py).
_CLAIM = """json_build_object(
    'text', c.text, 'start', c.start_pos, 'end', c.end_pos, 'actor', ac.name,
    'actor_kind', ac.kind, 'kind', c.kind, 'provenance', c.provenance, 'status', c.status,
    'topics', coalesce((
        SELECT json_agg(json_strip_nulls(json_build_object(
            'topic', tp.slug, 'stance', t.stance, 'status', t.status, 'note', t.note))
            ORDER BY t.topic_id)
          FROM stance_tags t JOIN topics tp ON tp.id = t.topic_id
         WHERE t.claim_id = c.id), '[]'::json))"""

_ARTICLE = f"""json_build_object(
    'format', 'claims-jsonl/1', 'url', a.url, 'title', a.title, 'outlet', a.outlet,
    'authors', to_json(a.authors),
    'published_at', {_ISO.format(c="a.published_at")}, 'language', a.language, 'text', a.text,
    'claims', coalesce(cl.claims, '[]'::json),
    'other_urls', to_json(a.other_urls), 'fetched_at', {_ISO.format(c="a.fetched_at")}
)::text"""

# Every article with all its claims (a backup), or the articles given by id.
_WHOLE_ARTICLES = f"""
SELECT a.id, {_ARTICLE}
  FROM articles a
  LEFT JOIN LATERAL (
      SELECT json_agg({_CLAIM} ORDER BY c.id) AS claims
        FROM claims c LEFT JOIN actors ac ON ac.id = c.actor_id
       WHERE c.article_id = a.id
  ) cl ON true
 WHERE cardinality(CAST(:ids AS bigint[])) = 0 OR a.id = ANY(CAST(:ids AS bigint[]))
 ORDER BY a.id
"""

# The claims a filter matches, under their articles; an article appears once, with only the
# matching claims. {where} is where_clause's condition, {order} one of _ORDERS.
_MATCHING = """
WITH m AS (SELECT c.id FROM claims c WHERE {where}),
cl AS (
    SELECT c.article_id, max(c.published_at) AS newest,
           json_agg({claim} ORDER BY c.id) AS claims
      FROM m JOIN claims c ON c.id = m.id LEFT JOIN actors ac ON ac.id = c.actor_id
     GROUP BY c.article_id
)
SELECT a.id, {article}
  FROM cl JOIN articles a ON a.id = cl.article_id
 ORDER BY {order}
"""
_ORDERS = {"newest": "cl.newest DESC, a.id", "id": "a.id"}


def iter_claims_jsonl(
    session: Session,
    flt: ClaimFilter | None = None,
    *,
    newest_first: bool = False,
    batch: int = 500,
) -> Iterator[str]:
    """Yield one claims-jsonl/1 line (no newline) per article.

    Without a filter every article is written with all its claims, in the order they were
    stored: a full backup. With one, the claims it matches (as on /claims) under their
    articles, newest articles first if asked, else in the order they were stored.
    """
    params: dict[str, Any]
    if flt is None:
        statement, params = _WHOLE_ARTICLES, {"ids": []}
    else:
        where, params = where_clause(resolve(session, flt))
        order = _ORDERS["newest" if newest_first else "id"]
        statement = _MATCHING.format(where=where, claim=_CLAIM, article=_ARTICLE, order=order)
    result = session.execute(text(statement), params, execution_options={"yield_per": batch})
    for _, line in result:
        yield line


def list_article_lines(session: Session, article_ids: Sequence[int]) -> dict[int, str]:
    """Return the claims-jsonl/1 line of each article in article_ids, by id."""
    if not article_ids:
        return {}
    rows = session.execute(text(_WHOLE_ARTICLES), {"ids": list(article_ids)})
    return {aid: line for aid, line in rows}


def export_filter(
    session: Session,
    *,
    topics: Sequence[str] = (),
    actors: Sequence[str] = (),
    stances: Sequence[str] = (),
    since: dt.date | None = None,
) -> ClaimFilter:
    """Return the web's filter for the export command's options.

    Actors may be given by name, slug or alias in any case, as on the command line people
    type them; each becomes the actor's name, which is what the web's filter takes.
    """
    return ClaimFilter(
        topics=tuple(topics),
        actors=tuple(_actor_names(session, actors)),
        stances=tuple(stances),
        date_from=since,
    )


def _actor_names(session: Session, given: Sequence[str]) -> list[str]:
    names: list[str] = []
    for one in given:
        found = session.execute(text(_ACTOR_NAMES), {"n": one.lower()}).scalars().all()
        # An unknown actor stays as given, so the filter matches nothing rather than all.
        names += found or [one]
    return names


_ACTOR_NAMES = """
SELECT name FROM actors WHERE lower(name) = :n OR slug = :n
UNION
SELECT a.name FROM actor_aliases al JOIN actors a ON a.id = al.actor_id WHERE lower(al.alias) = :n
"""
