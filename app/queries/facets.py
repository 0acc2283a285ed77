"""Exact facet counts for the claims list: read from facet_counts, or counted from scratch.

facet_counts (kept exact by triggers, see migration 0002) answers the broad
filters users start with: everything, one topic, one topic with one stance.
Narrower filters (an actor, a search, dates, several topics) match few enough
claims that one grouped pass over the matching set is cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.queries.claim_filter import Resolved, where_clause
from app.vocabulary import CLAIM_KINDS

TOP_ACTORS = 10


@dataclass(frozen=True)
class RawFacets:
    """Counts by id, before labels: total, topic id, stance index, actor id, kind, review."""

    total: int
    topics: dict[int, int]
    stances: dict[int, int]
    actors: list[tuple[int, str, int]]  # (id, name, count), top ones by count then name
    kinds: dict[str, int]
    review: dict[str, int]


def maintained_facets(session: Session, r: Resolved) -> RawFacets:
    """Read the counts of a kept scope (topic, stance, actor: each optional) from the tables."""
    topic = r.topic_ids[0] if r.topic_ids else 0
    stance = r.stance_idx[0] + 1 if r.stance_idx else 0
    actor = r.actor_ids[0] if r.actor_ids else 0
    rows = _scope_rows(session, actor, topic, stance)
    if topic == 0:
        total = rows.get(("n", 0), 0)
        by_stance, review = (
            _dim(rows, "s"),
            {
                "suggested": rows.get(("r", 0), 0),
                "confirmed": rows.get(("r", 1), 0),
                "untagged": rows.get(("r", 2), 0),
            },
        )
    else:
        # Topic scopes keep no total or review rows: each claim in them has exactly one
        # tag on the topic, so both follow from the topic scope's stance and confirmed counts.
        topic_rows = rows if stance == 0 else _scope_rows(session, actor, topic, 0)
        by_stance, confirmed = _dim(topic_rows, "s"), _dim(topic_rows, "c")
        if stance:
            by_stance = {stance - 1: by_stance.get(stance - 1, 0)}
            confirmed = {stance - 1: confirmed.get(stance - 1, 0)}
        total = sum(by_stance.values())
        review = {
            "suggested": total - sum(confirmed.values()),
            "confirmed": sum(confirmed.values()),
            "untagged": 0,
        }
    return RawFacets(
        total=total,
        topics=_dim(rows, "t"),
        stances={k: v for k, v in by_stance.items() if v},
        actors=_actor_total(session, actor, total)
        if actor
        else _top_actors(session, topic, stance),
        kinds=_kinds(_dim(rows, "k")),
        review=review,
    )


def _scope_rows(
    session: Session, actor: int, topic: int, stance: int
) -> dict[tuple[str, int], int]:
    if actor:
        sql = (
            "SELECT dim, key, n FROM actor_facet_counts WHERE scope_actor = :a"
            " AND scope_topic = :t AND scope_stance = :s AND n <> 0"
        )
    else:
        sql = (
            "SELECT dim, key, n FROM facet_counts WHERE scope_topic = :t AND scope_stance = :s"
            " AND dim IN ('n', 't', 's', 'c', 'k', 'r') AND n <> 0"
        )
    rows = session.execute(text(sql), {"a": actor, "t": topic, "s": stance})
    return {(row.dim, row.key): row.n for row in rows}


def _actor_total(session: Session, actor: int, total: int) -> list[tuple[int, str, int]]:
    name = session.scalar(text("SELECT name FROM actors WHERE id = :a"), {"a": actor})
    return [(actor, name, total)] if total and name is not None else []


def _top_actors(session: Session, topic: int, stance: int) -> list[tuple[int, str, int]]:
    """Return the actors with the most claims in a scope, ties broken by name."""
    rows = session.execute(
        text(
            "SELECT a.id, a.name, f.n FROM facet_counts f JOIN actors a ON a.id = f.key"
            " WHERE f.scope_topic = :t AND f.scope_stance = :s AND f.dim = 'a' AND f.n > 0"
            " ORDER BY f.n DESC, a.name LIMIT :limit"
        ),
        {"t": topic, "s": stance, "limit": TOP_ACTORS},
    )
    return [(row.id, row.name, row.n) for row in rows]


def _dim(rows: dict[tuple[str, int], int], dim: str) -> dict[int, int]:
    return {key: n for (d, key), n in rows.items() if d == dim and n}


def _kinds(by_index: dict[int, int]) -> dict[str, int]:
    return {CLAIM_KINDS[i]: n for i, n in by_index.items() if 0 <= i < len(CLAIM_KINDS)}


# One pass over the matching claims: every facet as (dim, key, n) rows.
_RECOUNT = """
WITH m AS MATERIALIZED (
    SELECT c.id, c.actor_id, c.kind, c.tags, c.published_at FROM claims c WHERE {where}
), scoped AS (   -- the tags that count for stance and review: those on the filtered topics
    SELECT m.id, x FROM m, unnest(m.tags) x
     WHERE cardinality(CAST(:scope_topics AS smallint[])) = 0
        OR (x >> 3) = ANY(CAST(:scope_topics AS smallint[]))
)
SELECT 'n' AS dim, 0::bigint AS key, count(*) AS n, NULL::text AS name FROM m
UNION ALL
SELECT 't', x >> 3, count(*), NULL FROM m, unnest(m.tags) x GROUP BY 2
UNION ALL
SELECT 's', s, count(*), NULL
  FROM (SELECT DISTINCT id, x & 3 AS s FROM scoped) d GROUP BY 2
UNION ALL
SELECT 'r', r, count(*), NULL
  FROM (SELECT DISTINCT id, (x >> 2) & 1 AS r FROM scoped) d GROUP BY 2
UNION ALL
SELECT 'r', 2, count(*), NULL FROM m WHERE cardinality(m.tags) = 0
UNION ALL
-- enum_range reads the catalogue: once a kind here, not once a claim (2/3 of a search's time)
SELECT 'k', array_position(enum_range(NULL::claim_kind), kind) - 1, n, NULL
  FROM (SELECT kind, count(*) AS n FROM m WHERE kind IS NOT NULL GROUP BY 1) k
UNION ALL
(SELECT 'a', f.actor_id, f.n, a.name
   FROM (SELECT actor_id, count(*) AS n FROM m WHERE actor_id IS NOT NULL GROUP BY 1) f
   JOIN actors a ON a.id = f.actor_id
  ORDER BY f.n DESC, a.name LIMIT :top_actors)
{page}"""

# The page's ids from the same matching set, so the filter is evaluated once: key is
# the claim id, n its position on the page.
_PAGE_BRANCH = """UNION ALL
SELECT 'p', p.id, p.ord, NULL
  FROM unnest(ARRAY(SELECT m.id FROM m ORDER BY {order} LIMIT :limit OFFSET :offset))
       WITH ORDINALITY AS p(id, ord)
"""


def recount_facets(session: Session, r: Resolved) -> RawFacets:
    """Count every facet over the claims matching r, in one statement."""
    return recount_facets_and_page(session, r)[0]


def recount_facets_and_page(
    session: Session, r: Resolved, *, order: str | None = None, limit: int = 0, offset: int = 0
) -> tuple[RawFacets, list[int]]:
    """Count every facet over the claims matching r and, given an order over m, a page's ids."""
    where, params = where_clause(r)
    params = {
        **params,
        "scope_topics": list(r.topic_ids),
        "top_actors": TOP_ACTORS,
        "limit": limit,
        "offset": offset,
    }
    page = _PAGE_BRANCH.format(order=order) if order else ""
    rows = session.execute(text(_RECOUNT.format(where=where, page=page)), params).all()
    by: dict[str, dict[int, int]] = {}
    actors: list[tuple[int, str, int]] = []
    ids: list[tuple[int, int]] = []
    for row in rows:
        if row.dim == "p":
            ids.append((row.n, row.key))
        elif row.dim == "a":
            actors.append((row.key, row.name, row.n))
        else:
            by.setdefault(row.dim, {})[row.key] = row.n
    review = by.get("r", {})
    facets = RawFacets(
        total=by.get("n", {}).get(0, 0),
        topics=by.get("t", {}),
        stances=by.get("s", {}),
        actors=sorted(actors, key=lambda a: (-a[2], a[1])),
        kinds=_kinds(by.get("k", {})),
        review={
            "suggested": review.get(0, 0),
            "confirmed": review.get(1, 0),
            "untagged": review.get(2, 0),
        },
    )
    return facets, [claim_id for _, claim_id in sorted(ids)]
