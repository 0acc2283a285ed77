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
from app.vocabulary import (
    CLAIM_KINDS,
    CONFIRMED_BIT,
    DIM_ACTOR,
    DIM_CONFIRMED,
    DIM_KIND,
    DIM_PROVENANCE,
    DIM_REVIEW,
    DIM_STANCE,
    DIM_TOPIC,
    DIM_TOTAL,
    PROVENANCES,
    STANCE_MASK,
    TOPIC_STRIDE,
)

TOP_ACTORS = 10
# The keys of the review dimension, in order (migration 0002).
REVIEW_KEYS = ("suggested", "confirmed", "untagged")


@dataclass(frozen=True)
class RawFacets:
    """Counts by id, before labels: total, topic id, stance index, actor id, kind, review."""

    total: int
    topics: dict[int, int]
    stances: dict[int, int]
    actors: list[tuple[int, str, int]]  # (id, name, count), top ones by count then name
    kinds: dict[str, int]
    review: dict[str, int]
    provenances: dict[str, int]


def maintained_facets(session: Session, r: Resolved) -> RawFacets:
    """Read the counts of a kept scope (topic, stance, actor: each optional) from the tables."""
    topic = r.topic_ids[0] if r.topic_ids else 0
    stance = r.stance_idx[0] + 1 if r.stance_idx else 0
    actor = r.actor_ids[0] if r.actor_ids else 0
    rows = _scope_rows(session, actor, topic, stance)
    if topic == 0:
        total = rows.get((DIM_TOTAL, 0), 0)
        by_stance, review = _dim(rows, DIM_STANCE), _review(_dim(rows, DIM_REVIEW))
    else:
        # Topic scopes keep no total or review rows: each claim in them has exactly one
        # tag on the topic, so both follow from the topic scope's stance and confirmed counts.
        topic_rows = rows if stance == 0 else _scope_rows(session, actor, topic, 0)
        by_stance, confirmed = _dim(topic_rows, DIM_STANCE), _dim(topic_rows, DIM_CONFIRMED)
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
        topics=_dim(rows, DIM_TOPIC),
        stances={k: v for k, v in by_stance.items() if v},
        actors=_actor_total(session, actor, total)
        if actor
        else _top_actors(session, topic, stance),
        kinds=_kinds(_dim(rows, DIM_KIND)),
        review=review,
        provenances=_provenances(_dim(rows, DIM_PROVENANCE)),
    )


# What the claims list reads of a scope; the actor and month dimensions are read apart.
_SCOPE_DIMS = [
    DIM_TOTAL,
    DIM_TOPIC,
    DIM_STANCE,
    DIM_CONFIRMED,
    DIM_KIND,
    DIM_REVIEW,
    DIM_PROVENANCE,
]


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
            " AND dim = ANY(:dims) AND n <> 0"
        )
    rows = session.execute(text(sql), {"a": actor, "t": topic, "s": stance, "dims": _SCOPE_DIMS})
    return {(row.dim, row.key): row.n for row in rows}


def _actor_total(session: Session, actor: int, total: int) -> list[tuple[int, str, int]]:
    name = session.scalar(text("SELECT name FROM actors WHERE id = :a"), {"a": actor})
    return [(actor, name, total)] if total and name is not None else []


def _top_actors(session: Session, topic: int, stance: int) -> list[tuple[int, str, int]]:
    """Return the actors with the most claims in a scope, ties broken by name."""
    rows = session.execute(
        text(
            "SELECT a.id, a.name, f.n FROM facet_counts f JOIN actors a ON a.id = f.key"
            " WHERE f.scope_topic = :t AND f.scope_stance = :s AND f.dim = :dim AND f.n > 0"
            " ORDER BY f.n DESC, a.name LIMIT :limit"
        ),
        {"t": topic, "s": stance, "dim": DIM_ACTOR, "limit": TOP_ACTORS},
    )
    return [(row.id, row.name, row.n) for row in rows]


def _dim(rows: dict[tuple[str, int], int], dim: str) -> dict[int, int]:
    return {key: n for (d, key), n in rows.items() if d == dim and n}


def _review(by_key: dict[int, int]) -> dict[str, int]:
    """Name the review dimension's keys (0 suggested, 1 confirmed, 2 untagged)."""
    return {name: by_key.get(key, 0) for key, name in enumerate(REVIEW_KEYS)}


def _kinds(by_index: dict[int, int]) -> dict[str, int]:
    return {CLAIM_KINDS[i]: n for i, n in by_index.items() if 0 <= i < len(CLAIM_KINDS)}


def _provenances(by_index: dict[int, int]) -> dict[str, int]:
    return {PROVENANCES[i]: n for i, n in by_index.items() if 0 <= i < len(PROVENANCES)}


# One pass over the matching claims: every facet as (dim, key, n) rows, named as in
# facet_counts; tags are read by the layout in app/vocabulary.py.
_RECOUNT = f"""
WITH m AS MATERIALIZED (
    SELECT c.id, c.actor_id, c.kind, c.tags, c.published_at, c.provenance
      FROM claims c WHERE {{where}}
), scoped AS (   -- the tags that count for stance and review: those on the filtered topics
    SELECT m.id, x FROM m, unnest(m.tags) x
     WHERE cardinality(CAST(:scope_topics AS smallint[])) = 0
        OR x / {TOPIC_STRIDE} = ANY(CAST(:scope_topics AS smallint[]))
)
SELECT '{DIM_TOTAL}' AS dim, 0::bigint AS key, count(*) AS n, NULL::text AS name FROM m
UNION ALL
SELECT '{DIM_TOPIC}', x / {TOPIC_STRIDE}, count(*), NULL FROM m, unnest(m.tags) x GROUP BY 2
UNION ALL
SELECT '{DIM_STANCE}', s, count(*), NULL
  FROM (SELECT DISTINCT id, x & {STANCE_MASK} AS s FROM scoped) d GROUP BY 2
UNION ALL
SELECT '{DIM_REVIEW}', r, count(*), NULL
  FROM (SELECT DISTINCT id, (x & {CONFIRMED_BIT}) / {CONFIRMED_BIT} AS r FROM scoped) d GROUP BY 2
UNION ALL
SELECT '{DIM_REVIEW}', 2, count(*), NULL FROM m WHERE cardinality(m.tags) = 0
UNION ALL
-- enum_range reads the catalogue: once a kind here, not once a claim (2/3 of a search's time)
SELECT '{DIM_KIND}', array_position(enum_range(NULL::claim_kind), kind) - 1, n, NULL
  FROM (SELECT kind, count(*) AS n FROM m WHERE kind IS NOT NULL GROUP BY 1) k
UNION ALL
SELECT '{DIM_PROVENANCE}', gc_provenance_index(provenance), n, NULL
  FROM (SELECT provenance, count(*) AS n FROM m WHERE provenance IS NOT NULL GROUP BY 1) p
UNION ALL
(SELECT '{DIM_ACTOR}', f.actor_id, f.n, a.name
   FROM (SELECT actor_id, count(*) AS n FROM m WHERE actor_id IS NOT NULL GROUP BY 1) f
   JOIN actors a ON a.id = f.actor_id
  ORDER BY f.n DESC, a.name LIMIT :top_actors)
{{page}}"""

_PAGE = "page"  # not a dimension: the rows that carry the page's claim ids
# The page's ids from the same matching set, so the filter is evaluated once: key is
# the claim id, n its position on the page.
_PAGE_BRANCH = f"""UNION ALL
SELECT '{_PAGE}', p.id, p.ord, NULL
  FROM unnest(ARRAY(SELECT m.id FROM m ORDER BY {{order}} LIMIT :limit OFFSET :offset))
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
        if row.dim == _PAGE:
            ids.append((row.n, row.key))
        elif row.dim == DIM_ACTOR:
            actors.append((row.key, row.name, row.n))
        else:
            by.setdefault(row.dim, {})[row.key] = row.n
    facets = RawFacets(
        total=by.get(DIM_TOTAL, {}).get(0, 0),
        topics=by.get(DIM_TOPIC, {}),
        stances=by.get(DIM_STANCE, {}),
        actors=sorted(actors, key=lambda a: (-a[2], a[1])),
        kinds=_kinds(by.get(DIM_KIND, {})),
        review=_review(by.get(DIM_REVIEW, {})),
        provenances=_provenances(by.get(DIM_PROVENANCE, {})),
    )
    return facets, [claim_id for _, claim_id in sorted(ids)]
