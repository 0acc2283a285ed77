"""Response models of /api/stances and /api/changes, and their conversion from query rows."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.queries.stance_views import ChangeRow, StanceCell
from app.queries.stances import Combined
from app.vocabulary import STANCES


class StanceCountsOut(BaseModel):
    supports: int
    opposes: int
    mixed: int
    neutral: int


class ArticleStanceOut(BaseModel):
    stance: str = Field(description="supports, opposes, mixed or neutral (toward the proposition).")
    confirmed: bool = Field(description="True when it rests on editors' decisions only.")
    split: bool = Field(description="True when supporting and opposing claims met (a tie).")
    date: dt.date = Field(description="The (UTC) date of the articles behind it.")
    claim_ids: list[int] = Field(description="The claims it rests on.")
    article_ids: list[int]


class StanceOut(BaseModel):
    actor: str
    actor_slug: str
    actor_kind: str
    topic: str = Field(description="Topic slug.")
    topic_name: str
    proposition: str = Field(description="What 'supports' agrees with.")
    stance: str = Field(description="The current stance (see /help/stances for the rules).")
    confirmed: bool = Field(description="True when it rests on an editor's decision.")
    split: bool
    date: dt.date = Field(description="Date of the claims behind it.")
    claim_ids: list[int] = Field(description="The claims behind the current stance.")
    claims: StanceCountsOut = Field(description="All the actor's claims on the topic, by stance.")
    confirmed_claims: StanceCountsOut = Field(description="Those confirmed by an editor.")


class ChangeOut(BaseModel):
    actor: str
    actor_slug: str
    topic: str = Field(description="Topic slug.")
    topic_name: str
    before: ArticleStanceOut = Field(description="The stance at the earlier date.")
    after: ArticleStanceOut = Field(description="The stance at the next date it differs from.")
    confirmed: bool = Field(description="False when either side rests on machine suggestions.")


def counts_out(counts: tuple[int, ...]) -> StanceCountsOut:
    """Return per-stance counts as an object."""
    return StanceCountsOut(**dict(zip(STANCES, counts, strict=True)))


def combined_out(c: Combined) -> ArticleStanceOut:
    """Return an article- or date-level stance."""
    return ArticleStanceOut(
        stance=c.stance,
        confirmed=c.confirmed,
        split=c.split,
        date=c.day,
        claim_ids=list(c.claim_ids),
        article_ids=list(c.article_ids),
    )


def stance_out(cell: StanceCell) -> StanceOut:
    """Return one actor's current stance on one topic."""
    now = cell.stance.current
    return StanceOut(
        actor=cell.actor.name,
        actor_slug=cell.actor.slug,
        actor_kind=cell.actor.kind,
        topic=cell.topic.slug,
        topic_name=cell.topic.name,
        proposition=cell.topic.proposition,
        stance=now.stance,
        confirmed=now.confirmed,
        split=now.split,
        date=now.day,
        claim_ids=list(now.claim_ids),
        claims=counts_out(cell.stance.counts),
        confirmed_claims=counts_out(cell.stance.confirmed_counts),
    )


def change_out(row: ChangeRow) -> ChangeOut:
    """Return one change of stance."""
    return ChangeOut(
        actor=row.actor.name,
        actor_slug=row.actor.slug,
        topic=row.topic.slug,
        topic_name=row.topic.name,
        before=combined_out(row.change.before),
        after=combined_out(row.change.after),
        confirmed=row.change.confirmed,
    )
