"""The claims list's filters and facets, declared once each: one row per URL parameter.

A row says what the URL calls the filter, which `ClaimFilter` field holds it, how its values
are read, what SQL it adds, how a chip and the filter panel label it, how its facet is
counted, and how the API documents it. The parser and the compiler
(`claim_filter.parse_filter`, `claim_filter.where_clause`), the choice of counting path
(`claim_filter.uses_maintained_counts`), the filter panel and chips (`web/filterpanel.py`)
and the API's query parameters (`web/routes/api.py`) all read this table, so a new filter
is one row (and its field) plus its test; `tests/queries/test_filters.py` checks that every
row reaches each of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from app.vocabulary import (
    CLAIM_KINDS,
    DIM_ACTOR,
    DIM_KIND,
    DIM_PROVENANCE,
    DIM_REVIEW,
    DIM_STANCE,
    DIM_TOPIC,
    PROVENANCES,
    REVIEW_STATES,
    STANCES,
    pack_tag_index,
)

if TYPE_CHECKING:
    from app.queries.claim_filter import Resolved

MAX_QUERY_CHARS = 500
MAX_VALUES = 50
SORTS = ("newest", "oldest", "relevance")
VIEWS = ("cards", "table")


@dataclass
class ParseContext:
    """What reading values needs besides them: the known topics, and where problems go."""

    topic_slugs: frozenset[str]
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Choices:
    """Several values out of a fixed vocabulary; unknown ones are reported and dropped."""

    allowed: tuple[str, ...]
    default: tuple[str, ...] = ()

    def read(self, param: str, values: list[str], ctx: ParseContext) -> tuple[str, ...]:
        """Return the known values, noting the others."""
        for value in values:
            if value not in self.allowed:
                ctx.problems.append(
                    f"unknown {param} '{value[:60]}' (one of: {', '.join(self.allowed)})"
                )
        return tuple(v for v in values if v in self.allowed)


@dataclass(frozen=True)
class Names:
    """Several free names (actors); a name nobody has matches nothing."""

    default: tuple[str, ...] = ()

    def read(self, param: str, values: list[str], ctx: ParseContext) -> tuple[str, ...]:
        """Return the names as given."""
        return tuple(values)


@dataclass(frozen=True)
class TopicSlugs:
    """Several topic slugs; unknown ones are reported, and kept so they match nothing."""

    default: tuple[str, ...] = ()

    def read(self, param: str, values: list[str], ctx: ParseContext) -> tuple[str, ...]:
        """Return the slugs, noting those no topic has."""
        for slug in values:
            if slug not in ctx.topic_slugs:
                ctx.problems.append(f"unknown topic '{slug[:60]}'")
        return tuple(values)


@dataclass(frozen=True)
class SearchText:
    """Free text, cut to a length the search can answer in time."""

    max_chars: int = MAX_QUERY_CHARS
    default: str | None = None

    def read(self, param: str, values: list[str], ctx: ParseContext) -> str | None:
        """Return the words joined, cut to max_chars (noted)."""
        q = " ".join(values) or None
        if q and len(q) > self.max_chars:
            ctx.problems.append(f"the search text was cut to its first {self.max_chars} characters")
            q = q[: self.max_chars]
        return q


@dataclass(frozen=True)
class Day:
    """One day, YYYY-MM-DD (a timestamp's date part is taken)."""

    default: dt.date | None = None

    def read(self, param: str, values: list[str], ctx: ParseContext) -> dt.date | None:
        """Return the first value as a date, noting one that is not."""
        if not values:
            return None
        try:
            return dt.date.fromisoformat(values[0][:10])
        except ValueError:
            ctx.problems.append(f"'{values[0][:40]}' is not a date (use YYYY-MM-DD) in '{param}'")
            return None


@dataclass(frozen=True)
class Setting:
    """One of a few settings of the view (order, layout): no condition, but in the URL."""

    allowed: tuple[str, ...]
    default: str
    labels: tuple[str, ...] = ()  # what the page's control says for each allowed value

    def read(self, param: str, values: list[str], ctx: ParseContext) -> str:
        """Return the first value, or the default (noted) when it is not one allowed."""
        value = (values or [self.default])[0]
        if value not in self.allowed:
            ctx.problems.append(
                f"unknown {param} '{value[:40]}' (one of: {', '.join(self.allowed)})"
            )
            return self.default
        return value


Reader = Choices | Names | TopicSlugs | SearchText | Day | Setting


@dataclass
class Sql:
    """The conditions of a WHERE clause being compiled, with their bound values."""

    alias: str
    # See where_clause: how a tags condition is written depends on the rest of the filter.
    overlap: str
    conds: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def add(self, cond: str, **params: Any) -> None:
        """Add one condition with its values."""
        self.conds.append(cond)
        self.params.update(params)

    def tags_overlap(self, name: str, codes: list[int]) -> str:
        """Return 'the claim carries one of these tag codes', bound as name."""
        self.params[name] = codes
        return f"{self.alias}.tags" + self.overlap.format(name)


@dataclass(frozen=True)
class Facet:
    """How a filter shows in the panel and how its values are counted.

    dim is the facet_counts dimension that counts it (kept exact by triggers and recounted
    in one pass, `queries/facets.py`); None offers the values uncounted. kept is how many
    values the maintained count tables answer (0: any value means a recount)."""

    legend: str
    facets_field: str | None  # the `search.Facets` list holding its counted values
    dim: str | None
    kept: int = 0
    option_label: Callable[[str], str] = str
    # Fixed options for an uncounted facet, as (value, label).
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Filter:
    """One URL parameter of the claims list, everything about it in one place."""

    param: str  # the URL name
    field: str  # the ClaimFilter attribute
    reader: Reader
    chip: str  # what a chip of an active value says before the value
    help: str  # the API reference's description
    where: Callable[[Resolved, Sql], None] | None = None  # None: a view setting
    facet: Facet | None = None
    in_api: bool = True

    def pairs(self, value: Any) -> list[tuple[str, str]]:
        """Return a value as query-string pairs; the default is left out of URLs."""
        if value == self.reader.default or value is None:
            return []
        if isinstance(value, tuple):
            return [(self.param, v) for v in value]
        if isinstance(value, dt.date):
            return [(self.param, value.isoformat())]
        return [(self.param, str(value))]


def tag_codes(
    topic_ids: Sequence[int], stances: Sequence[int], confirmed: Sequence[int]
) -> list[int]:
    """Return every claims.tags code for those topics, stance indexes and review states."""
    return [pack_tag_index(t, s, bool(c)) for t in topic_ids for s in stances for c in confirmed]


_ALL_STANCES = range(len(STANCES))


def _scope_topics(r: Resolved) -> tuple[int, ...]:
    return r.topic_ids or tuple(r.topics)


def _where_topic(r: Resolved, sql: Sql) -> None:
    # A stance condition implies the topic's: its codes are all on the chosen topics.
    if r.topic_ids and not r.stance_idx:
        sql.add(sql.tags_overlap("topic_codes", tag_codes(r.topic_ids, _ALL_STANCES, (0, 1))))


def _where_stance(r: Resolved, sql: Sql) -> None:
    if r.stance_idx:
        codes = tag_codes(_scope_topics(r), r.stance_idx, (0, 1))
        sql.add(sql.tags_overlap("stance_codes", codes))


def _where_actor(r: Resolved, sql: Sql) -> None:
    if len(r.actor_ids) == 1:  # "= ANY" would keep the planner from walking the index in order
        sql.add(f"{sql.alias}.actor_id = :actor_id", actor_id=r.actor_ids[0])
    elif r.actor_ids:
        sql.add(f"{sql.alias}.actor_id = ANY(:actor_ids)", actor_ids=list(r.actor_ids))


def _where_kind(r: Resolved, sql: Sql) -> None:
    if r.flt.kinds:
        sql.add(f"{sql.alias}.kind = ANY(CAST(:kinds AS claim_kind[]))", kinds=list(r.flt.kinds))


def _where_review(r: Resolved, sql: Sql) -> None:
    # Retired claims are listed only when asked for, and then alone.
    retired_only = "not-a-claim" in r.flt.review
    sql.add(f"{sql.alias}.status = '{'not-a-claim' if retired_only else 'active'}'")
    ors = []
    if "suggested" in r.flt.review:
        codes = tag_codes(_scope_topics(r), _ALL_STANCES, (0,))
        ors.append(sql.tags_overlap("suggested_codes", codes))
    if "confirmed" in r.flt.review:
        codes = tag_codes(_scope_topics(r), _ALL_STANCES, (1,))
        ors.append(sql.tags_overlap("confirmed_codes", codes))
    if "untagged" in r.flt.review:
        ors.append(f"cardinality({sql.alias}.tags) = 0")
    if ors:
        sql.add("(" + " OR ".join(ors) + ")")


def _where_provenance(r: Resolved, sql: Sql) -> None:
    if r.flt.provenances:
        sql.add(
            f"{sql.alias}.provenance = ANY(CAST(:provenances AS text[]))",
            provenances=list(r.flt.provenances),
        )


def _where_q(r: Resolved, sql: Sql) -> None:
    if r.flt.q:
        sql.add(f"{sql.alias}.tsv @@ websearch_to_tsquery('english', :q)", q=r.flt.q)


def _where_from(r: Resolved, sql: Sql) -> None:
    if r.since is not None:
        sql.add(f"{sql.alias}.published_at >= :date_from", date_from=r.since)


def _where_to(r: Resolved, sql: Sql) -> None:
    if r.before is not None:
        sql.add(f"{sql.alias}.published_at < :date_to", date_to=r.before)


PROVENANCE_LABELS = {
    "quote": "Quoted (inside quotation marks)",
    "reported": "Reported speech",
    "first-party": "The speaker's own publication",
    "narration": "The writer's own words",
}
REVIEW_LABELS = {
    "suggested": "Has a machine suggestion",
    "confirmed": "Confirmed by an editor",
    "untagged": "No topic tag",
    "not-a-claim": "Marked not a claim",
}

# In URL order: params() writes them so, and the panel shows the facets so.
FILTERS: tuple[Filter, ...] = (
    Filter(
        "topic",
        "topics",
        TopicSlugs(),
        chip="topic",
        help="Topic slug; several = any of them.",
        where=_where_topic,
        facet=Facet("Topic", "topics", DIM_TOPIC, kept=1),
    ),
    Filter(
        "stance",
        "stances",
        Choices(STANCES),
        chip="stance",
        help="With topic: the stance on it; else any tag's.",
        where=_where_stance,
        facet=Facet("Stance", "stances", DIM_STANCE, kept=1, option_label=str.capitalize),
    ),
    Filter(
        "actor",
        "actors",
        Names(),
        chip="actor",
        help="Actor display name; several = any.",
        where=_where_actor,
        facet=Facet("Actor", "actors", DIM_ACTOR, kept=1),
    ),
    Filter(
        "kind",
        "kinds",
        Choices(CLAIM_KINDS),
        chip="kind",
        help="The kind of claim; several = any.",
        where=_where_kind,
        facet=Facet("Kind of claim", "kinds", DIM_KIND, option_label=str.capitalize),
    ),
    Filter(
        "status",
        "review",
        Choices(REVIEW_STATES),
        chip="Review",
        help="Review state; several = any of them.",
        where=_where_review,
        facet=Facet("Review", "review", DIM_REVIEW, option_label=lambda v: REVIEW_LABELS.get(v, v)),
    ),
    Filter(
        "provenance",
        "provenances",
        Choices(PROVENANCES),
        chip="Words",
        help="Where the words come from: quote (inside quotation marks), reported "
        "(reported speech), first-party (the speaker's own publication) or narration (the "
        "writer's own words); several = any.",
        where=_where_provenance,
        facet=Facet(
            "Where the words come from",
            "provenances",
            DIM_PROVENANCE,
            option_label=lambda v: PROVENANCE_LABELS.get(v, v),
        ),
    ),
    Filter(
        "q",
        "q",
        SearchText(),
        chip="Search",
        help="Full-text search (web search syntax, English stemming).",
        where=_where_q,
    ),
    Filter(
        "from", "date_from", Day(), chip="From", help="First day (YYYY-MM-DD).", where=_where_from
    ),
    Filter(
        "to", "date_to", Day(), chip="To", help="Last day, inclusive (YYYY-MM-DD).", where=_where_to
    ),
    Filter(
        "sort",
        "sort",
        Setting(SORTS, "newest", ("Newest first", "Oldest first", "Best match (with a search)")),
        chip="Order",
        help="The order of the claims.",
    ),
    Filter(
        "view",
        "view",
        Setting(VIEWS, "cards", ("cards", "table")),
        chip="Show as",
        help="Cards or a table (pages only).",
        in_api=False,
    ),
)
BY_PARAM = {f.param: f for f in FILTERS}
# The `search.Facets` lists the counted facets fill, in panel order.
COUNTED = tuple(f.facet.facets_field for f in FILTERS if f.facet and f.facet.facets_field)
