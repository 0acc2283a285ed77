"""Response models of the JSON API (they document /docs and /openapi.json)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from app.vocabulary import CLAIM_KINDS, PROVENANCES, STANCES


def one_of(values: tuple[str, ...]) -> str:
    """Return 'a, b or c': a vocabulary as the reference spells it."""
    return ", ".join(values[:-1]) + " or " + values[-1]


class TagOut(BaseModel):
    topic: str = Field(description="Topic slug.")
    topic_name: str
    stance: str = Field(description=f"{one_of(STANCES)} (toward the proposition).")
    status: str = Field(description="suggested (by the machine) or confirmed (by an editor).")


class ArticleRef(BaseModel):
    id: int
    title: str
    outlet: str | None
    url: str


class ClaimOut(BaseModel):
    id: int
    text: str
    actor: str | None = Field(description="The actor's display name; null when unattributed.")
    actor_slug: str | None
    kind: str | None = Field(description=f"{one_of(CLAIM_KINDS)}.")
    provenance: str | None = Field(
        default=None,
        description="Where the words come from: quote (inside quotation marks, attributed), "
        "reported (reported speech), first-party (the speaker's own publication) or "
        "narration (the writer's own words).",
    )
    status: str = Field(description="active, or not-a-claim when an editor retired it.")
    published_at: dt.datetime
    article: ArticleRef
    tags: list[TagOut]


class FacetValueOut(BaseModel):
    value: str = Field(description="The value to pass back as a filter parameter.")
    label: str
    count: int = Field(description="Matching claims with this value, over the whole result.")
    selected: bool


class FacetsOut(BaseModel):
    topics: list[FacetValueOut]
    stances: list[FacetValueOut]
    actors: list[FacetValueOut] = Field(description="The 10 actors with most matches, + selected.")
    kinds: list[FacetValueOut]
    review: list[FacetValueOut]
    provenances: list[FacetValueOut] = Field(
        description="quote, reported, first-party, narration: where the claims' words come from."
    )


class ClaimPage(BaseModel):
    total: int = Field(description="Exact number of matching claims.")
    page: int
    per_page: int
    pages: int
    rows: list[ClaimOut]
    facets: FacetsOut


class TagDetailOut(TagOut):
    evidence: str | None
    confidence: float | None
    decided_by: str | None = Field(description="The editor who decided, if any.")
    decided_at: dt.datetime | None
    note: str | None
    disputed: bool


class EventOut(BaseModel):
    at: dt.datetime
    user: str | None
    object_type: str
    action: str
    before: dict[str, object] | None
    after: dict[str, object] | None


class ClaimDetailOut(BaseModel):
    id: int
    text: str
    start: int = Field(description="Start of the quote in the article text (code points).")
    end: int
    actor: str | None
    actor_slug: str | None
    kind: str | None
    provenance: str | None = Field(default=None, description=f"{one_of(PROVENANCES)}.")
    status: str
    extractor_version: str | None
    published_at: dt.datetime
    article: ArticleRef
    tags: list[TagDetailOut] = Field(description="Every tag, rejected ones included.")
    history: list[EventOut]
    related: list[ClaimOut] = Field(description="Claims by the same actor on the same topics.")


class StanceFigure(BaseModel):
    stance: str
    claims: int
    confirmed: int = Field(description="How many of these claims an editor has confirmed.")


class TopicOut(BaseModel):
    slug: str
    name: str
    proposition: str = Field(description="What 'supports' means for this topic.")
    description: str
    retired: bool
    claims: int = Field(description="Active claims tagged with the topic.")
    confirmed: int
    stances: list[StanceFigure]


class MonthOut(BaseModel):
    month: str = Field(description="YYYY-MM")
    supports: int
    opposes: int
    mixed: int
    neutral: int


class ActorOnTopic(BaseModel):
    name: str
    slug: str
    stance: str = Field(description="Its current stance (the rules: /help/stances).")
    stances: list[StanceFigure]


class TopicDetailOut(TopicOut):
    months: list[MonthOut]
    actors: list[ActorOnTopic]
    latest: list[ClaimOut]


class ActorOut(BaseModel):
    name: str
    slug: str
    kind: str
    claims: int


class LatestStanceOut(BaseModel):
    stance: str
    status: str
    claim_id: int
    published_at: dt.datetime


class ActorTopicOut(BaseModel):
    topic: str
    topic_name: str
    latest: LatestStanceOut | None = Field(description="Its current stance (see /help/stances).")
    claims: int
    confirmed: int
    stances: list[StanceFigure]


class ActorDetailOut(ActorOut):
    aliases: list[str]
    topics: list[ActorTopicOut]
    latest: list[ClaimOut]


class StanceChangeOut(BaseModel):
    actor: str
    actor_slug: str
    topic: str
    before: str
    after: str
    before_claim_id: int
    after_claim_id: int
    before_date: dt.date
    after_date: dt.date = Field(description="When the later stance was taken (UTC date).")
    confirmed: bool = Field(description="False when either side rests on machine suggestions.")


class ImporterOut(BaseModel):
    sources: int
    enabled: int
    last_polled_at: dt.datetime | None
    last_success_at: dt.datetime | None
    last_article_at: dt.datetime | None = Field(description="When the newest article was stored.")
    failing: list[str] = Field(description="Titles or URLs of sources now failing.")


class OverviewOut(BaseModel):
    claims: int
    articles: int
    actors: int
    suggested: int = Field(description="Claims with at least one suggested tag.")
    confirmed: int = Field(description="Claims with at least one confirmed tag.")
    untagged: int
    topics: list[TopicOut]
    changes: list[StanceChangeOut]
    importer: ImporterOut


class EndpointOut(BaseModel):
    """One operation of the JSON API."""

    method: str = Field(description="HTTP method, e.g. GET.")
    path: str = Field(description="Path template; {braces} are path parameters.")
    summary: str = Field(description="What it returns, in a few words.")


class ApiIndexOut(BaseModel):
    """Where to start: the read endpoints, the interactive reference and the schema."""

    docs: str = Field(description="The interactive reference (Swagger UI).")
    openapi: str = Field(description="The OpenAPI document.")
    endpoints: list[EndpointOut]


class HealthOut(BaseModel):
    """Whether the database answers."""

    status: Literal["ok", "unavailable"]
    reason: str | None = Field(
        default=None,
        description="When unavailable: why, without the server's message (e.g. 'cannot reach "
        "the database at db:5432 (server not running)').",
    )
