"""The overview: totals, recent stance changes and the importer's state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.models import Actor, Article, Source
from app.queries.tagcodes import STANCES


@dataclass(frozen=True)
class Totals:
    """Headline figures from the maintained counts."""

    claims: int
    articles: int
    actors: int
    suggested: int  # claims with at least one suggested tag
    confirmed: int  # claims with at least one confirmed tag
    untagged: int


@dataclass(frozen=True)
class StanceChange:
    """An actor's stance on a topic that differs from its previous claim on it."""

    actor: str
    actor_slug: str
    topic: str
    topic_name: str
    before: str
    after: str
    before_claim_id: int
    after_claim_id: int
    at: dt.datetime
    confirmed: bool  # both claims' tags confirmed by an editor


@dataclass(frozen=True)
class ImporterState:
    """What the importer's sources say about the last runs."""

    sources: int
    enabled: int
    last_polled_at: dt.datetime | None
    last_success_at: dt.datetime | None
    last_article_at: dt.datetime | None  # when the newest article was stored, by any path
    failing: list[Source]


def get_totals(session: Session) -> Totals:
    """Return claims (maintained counts), articles and actors."""
    rows: dict[str, int] = dict(
        session.execute(
            text(
                "SELECT dim || key, n FROM facet_counts WHERE scope_topic = 0 AND scope_stance = 0"
                " AND dim IN ('n', 'r')"
            )
        ).all()
    )
    articles = session.scalar(select(func.count()).select_from(Article)) or 0
    actors = session.scalar(select(func.count()).select_from(Actor)) or 0
    return Totals(
        claims=rows.get("n0", 0),
        articles=articles,
        actors=actors,
        suggested=rows.get("r0", 0),
        confirmed=rows.get("r1", 0),
        untagged=rows.get("r2", 0),
    )


# Stance changes are sought among the newest tagged claims only, so the query stays
# bounded however large the archive grows.
_CHANGES = text("""
WITH recent AS (
    SELECT c.id, c.actor_id, c.published_at, c.tags FROM claims c
     WHERE c.status = 'active' AND c.actor_id IS NOT NULL AND c.tags <> '{}'
       AND c.published_at >= :since
     ORDER BY c.published_at DESC, c.id LIMIT :window
), tagged AS (
    SELECT r.id, r.actor_id, r.published_at, x >> 3 AS topic, x & 3 AS stance,
           (x & 4) = 4 AS confirmed
      FROM recent r, unnest(r.tags) x
), ordered AS (
    SELECT *, lag(stance) OVER w AS prev_stance, lag(id) OVER w AS prev_id,
           lag(confirmed) OVER w AS prev_confirmed,
           row_number() OVER (PARTITION BY actor_id, topic
                              ORDER BY published_at DESC, id DESC) AS rn
      FROM tagged WINDOW w AS (PARTITION BY actor_id, topic ORDER BY published_at, id)
)
SELECT a.name, a.slug, t.slug, t.name, o.prev_stance, o.stance, o.prev_id, o.id,
       o.published_at, o.confirmed AND o.prev_confirmed
  FROM ordered o JOIN actors a ON a.id = o.actor_id JOIN topics t ON t.id = o.topic
 WHERE o.rn = 1 AND o.prev_stance IS NOT NULL AND o.prev_stance <> o.stance
 ORDER BY o.published_at DESC, o.id LIMIT :limit
""")


def list_stance_changes(
    session: Session, *, now: dt.datetime, days: int = 90, window: int = 20000, limit: int = 10
) -> list[StanceChange]:
    """Return actors whose latest stance on a topic differs from their previous claim on it."""
    params = {"since": now - dt.timedelta(days=days), "window": window, "limit": limit}
    rows = session.execute(_CHANGES, params).all()
    return [
        StanceChange(
            r[0], r[1], r[2], r[3], STANCES[r[4]], STANCES[r[5]], r[6], r[7], r[8], bool(r[9])
        )
        for r in rows
    ]


def get_importer_state(session: Session) -> ImporterState:
    """Return source counts, the last poll and success, and the sources now failing."""
    sources, enabled, polled, success = session.execute(
        select(
            func.count(),
            func.count().filter(Source.enabled),
            func.max(Source.last_polled_at),
            func.max(Source.last_success_at),
        )
    ).one()
    failing = list(
        session.scalars(
            select(Source)
            .where(Source.consecutive_failures > 0)
            .order_by(Source.consecutive_failures.desc(), Source.id)
            .limit(10)
        )
    )
    # The newest id is the latest stored article, found through the primary key.
    last_article = session.scalar(select(Article.fetched_at).order_by(Article.id.desc()).limit(1))
    return ImporterState(sources, enabled, polled, success, last_article, failing)
