"""The overview: totals and the importer's state (changes of stance: queries/stances.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app.models import Actor, Article, Source
from app.vocabulary import DIM_REVIEW, DIM_TOTAL


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
                f" AND dim IN ('{DIM_TOTAL}', '{DIM_REVIEW}')"
            )
        ).all()
    )
    articles = session.scalar(select(func.count()).select_from(Article)) or 0
    actors = session.scalar(select(func.count()).select_from(Actor)) or 0
    return Totals(
        claims=rows.get(f"{DIM_TOTAL}0", 0),
        articles=articles,
        actors=actors,
        suggested=rows.get(f"{DIM_REVIEW}0", 0),
        confirmed=rows.get(f"{DIM_REVIEW}1", 0),
        untagged=rows.get(f"{DIM_REVIEW}2", 0),
    )


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
