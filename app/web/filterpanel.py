"""The claims filter panel: facet values as form options, active filters as removable chips."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from app.queries.search import ClaimFilter, Facets, FacetValue

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


@dataclass(frozen=True)
class Option:
    """One checkbox of a facet: the URL parameter, its value, label and count."""

    param: str
    value: str
    label: str
    count: int | None  # None: not counted (a filter without a maintained facet)
    selected: bool
    input_id: str


@dataclass(frozen=True)
class FacetGroup:
    """A fieldset of options under a legend."""

    param: str
    legend: str
    options: list[Option]


@dataclass(frozen=True)
class Chip:
    """An active filter and the URL without it."""

    label: str
    href: str


def query_string(pairs: Sequence[tuple[str, str]]) -> str:
    """Encode pairs as a query string ('' when there are none)."""
    return urlencode(list(pairs))


def claims_url(flt: ClaimFilter, *, page: int = 1, path: str = "/claims") -> str:
    """Return the URL of a filter's view (and page)."""
    pairs = flt.params() + ([("page", str(page))] if page > 1 else [])
    return f"{path}?{query_string(pairs)}" if pairs else path


def facet_groups(
    facets: Facets,
    actor_options: list[FacetValue] | None = None,
    *,
    provenances: Sequence[str] = (),
) -> list[FacetGroup]:
    """Return the panel's fieldsets; actor_options replaces the top actors when searched;
    provenances are the selected values of the uncounted provenance filter."""
    return [
        _group("topic", "Topic", facets.topics),
        _group("stance", "Stance", facets.stances, label=str.capitalize),
        _group("actor", "Actor", actor_options if actor_options is not None else facets.actors),
        _group("kind", "Kind of claim", facets.kinds, label=str.capitalize),
        _group("status", "Review", facets.review, label=lambda v: REVIEW_LABELS.get(v, v)),
        provenance_group(provenances),
    ]


def provenance_group(selected: Sequence[str]) -> FacetGroup:
    """Where the words come from: a filter whose values are not counted (no maintained
    counts exist for it yet, and counting a million claims per request is too slow)."""
    options = [
        Option("provenance", v, label, None, v in selected, f"f-provenance-{v}")
        for v, label in PROVENANCE_LABELS.items()
    ]
    return FacetGroup("provenance", "Where the words come from", options)


def actor_group(values: list[FacetValue]) -> FacetGroup:
    """Return the actor fieldset alone (the actor search box swaps it)."""
    return _group("actor", "Actor", values)


def active_chips(flt: ClaimFilter, topic_names: dict[str, str]) -> list[Chip]:
    """Return one removable chip per active filter value."""
    pairs = flt.params()
    chips = []
    for i, (name, value) in enumerate(pairs):
        if name in ("sort", "view"):
            continue
        shown = topic_names.get(value, value) if name == "topic" else value
        rest = pairs[:i] + pairs[i + 1 :]
        label = f"{_PARAM_LABELS.get(name, name)}: {shown}"
        chips.append(Chip(label, "/claims?" + query_string(rest) if rest else "/claims"))
    return chips


_PARAM_LABELS = {
    "q": "Search",
    "from": "From",
    "to": "To",
    "status": "Review",
    "provenance": "Words",
}


def _group(param: str, legend: str, values: list[FacetValue], *, label=None) -> FacetGroup:  # type: ignore[no-untyped-def]
    options = [
        Option(
            param,
            v.value,
            label(v.label) if label else v.label,
            v.count,
            v.selected,
            f"f-{param}-{_slug(v.value)}",
        )
        for v in values
    ]
    return FacetGroup(param, legend, options)


def _slug(value: str) -> str:
    """Return a value usable in an element id (stable, so focus survives HTMX swaps)."""
    readable = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:40]
    return f"{readable}-{zlib.crc32(value.encode()):08x}"
