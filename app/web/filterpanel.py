"""The claims filter panel: facet values as form options, active filters as removable chips."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from app.queries.filters import BY_PARAM, FILTERS, Filter, Setting
from app.queries.search import ClaimFilter, Facets, FacetValue


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
    flt: ClaimFilter, facets: Facets, actor_options: list[FacetValue] | None = None
) -> list[FacetGroup]:
    """Return the panel's fieldsets, one per filter with a facet, in the table's order;
    actor_options replaces the top actors when the actor box searched."""
    groups = []
    for f in FILTERS:
        if f.facet is None:
            continue
        if f.param == "actor" and actor_options is not None:
            groups.append(_group(f, actor_options))
        elif f.facet.facets_field is not None:
            groups.append(_group(f, getattr(facets, f.facet.facets_field)))
        else:
            groups.append(_uncounted_group(f, getattr(flt, f.field)))
    return groups


def setting_options(param: str) -> list[tuple[str, str]]:
    """Return a view setting's (value, label) pairs, for its control on the page."""
    reader = BY_PARAM[param].reader
    assert isinstance(reader, Setting)
    return list(zip(reader.allowed, reader.labels, strict=True))


def actor_group(values: list[FacetValue]) -> FacetGroup:
    """Return the actor fieldset alone (the actor search box swaps it)."""
    return _group(BY_PARAM["actor"], values)


def active_chips(flt: ClaimFilter, topic_names: dict[str, str]) -> list[Chip]:
    """Return one removable chip per active filter value (view settings have none)."""
    pairs = flt.params()
    chips = []
    for i, (name, value) in enumerate(pairs):
        if BY_PARAM[name].where is None:
            continue
        shown = topic_names.get(value, value) if name == "topic" else value
        rest = pairs[:i] + pairs[i + 1 :]
        label = f"{BY_PARAM[name].chip}: {shown}"
        chips.append(Chip(label, "/claims?" + query_string(rest) if rest else "/claims"))
    return chips


def _group(f: Filter, values: list[FacetValue]) -> FacetGroup:
    assert f.facet is not None
    options = [
        Option(
            f.param,
            v.value,
            f.facet.option_label(v.label),
            v.count,
            v.selected,
            f"f-{f.param}-{_slug(v.value)}",
        )
        for v in values
    ]
    return FacetGroup(f.param, f.facet.legend, options)


def _uncounted_group(f: Filter, selected: tuple[str, ...]) -> FacetGroup:
    # Ids without the checksum suffix: these options are fixed, so they are stable as they are.
    assert f.facet is not None
    options = [
        Option(f.param, value, label, None, value in selected, f"f-{f.param}-{value}")
        for value, label in f.facet.options
    ]
    return FacetGroup(f.param, f.facet.legend, options)


def _slug(value: str) -> str:
    """Return a value usable in an element id (stable, so focus survives HTMX swaps)."""
    readable = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")[:40]
    return f"{readable}-{zlib.crc32(value.encode()):08x}"
