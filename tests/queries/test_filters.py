"""The filter table reaches every place a filter shows: parser, URL, SQL, panel, chips, API.

Each test runs over every row of FILTERS, so a new row is checked everywhere as soon as it
has a sample value below (a row without one fails the first test).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from app.queries.claim_filter import ClaimFilter, parse_filter, resolve, where_clause
from app.queries.filters import COUNTED, FILTERS, Choices, Filter, Setting
from app.queries.search import Facets, search_claims
from app.vocabulary import FACET_DIMS
from app.web import filterpanel
from app.web.schemas import FacetsOut
from tests.factories import make_actor, make_article, make_claim

MIGRATION_0002 = (
    Path(__file__).parents[2]
    / "migrations/versions/20261128_0002_maintain_tag_codes_and_facet_counts.py"
)
MIGRATION_0010 = (
    Path(__file__).parents[2] / "migrations/versions/20261130_0010_provenance_facet_counts.py"
)

# One value each row is tried with (not its default).
SAMPLES = {
    "topic": "pause-mechanism",
    "stance": "opposes",
    "actor": "Anthropic",
    "kind": "prediction",
    "status": "confirmed",
    "provenance": "quote",
    "q": "pause",
    "from": "2025-06-01",
    "to": "2025-06-01",
    "sort": "oldest",
    "view": "table",
}
ROWS = [pytest.param(f, id=f.param) for f in FILTERS]


@pytest.fixture
def claims(db):  # type: ignore[no-untyped-def]
    actor = make_actor(db, name="Anthropic", slug="anthropic")
    for day in (dt.datetime(2025, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)):
        article = make_article(db, published_at=day, text="Anthropic wants a pause on AI.")
        make_claim(db, article=article, actor_id=actor.id, tags=[("pause-mechanism", "opposes")])
    return db


def test_every_row_has_a_sample_and_rows_and_filter_fields_match_one_to_one():
    assert {f.param for f in FILTERS} == set(SAMPLES)
    assert [f.field for f in FILTERS] == [x.name for x in dataclasses.fields(ClaimFilter)]


@pytest.mark.parametrize("row", ROWS)
def test_every_row_is_parsed_from_the_url_and_written_back_to_it(db, row: Filter):
    flt, problems = parse_filter(db, {row.param: [SAMPLES[row.param]], "q": ["pause"]})
    assert problems == []
    assert getattr(flt, row.field) != getattr(ClaimFilter(), row.field)
    assert (row.param, SAMPLES[row.param]) in flt.params()
    assert parse_filter(db, {k: [v] for k, v in flt.params()})[0] == flt


@pytest.mark.parametrize("row", [r for r in ROWS if isinstance(r.values[0].reader, Choices)])
def test_every_vocabulary_row_reports_an_unknown_value(db, row: Filter):
    flt, problems = parse_filter(db, {row.param: ["no-such-value"]})
    assert problems == [
        f"unknown {row.param} 'no-such-value' (one of: {', '.join(row.reader.allowed)})"  # type: ignore[union-attr]
    ]
    assert getattr(flt, row.field) == ()


@pytest.mark.parametrize("row", ROWS)
def test_every_filter_row_adds_a_condition_and_a_setting_row_none(claims, row: Filter):
    flt, _ = parse_filter(claims, {row.param: [SAMPLES[row.param]]})
    plain = where_clause(resolve(claims, ClaimFilter()))
    compiled = where_clause(resolve(claims, flt))
    if row.where is None:
        assert compiled == plain
    else:
        assert compiled[0] != plain[0]


@pytest.mark.parametrize("row", ROWS)
def test_every_filter_row_gives_a_removable_chip_with_its_label(db, row: Filter):
    flt, _ = parse_filter(db, {row.param: [SAMPLES[row.param]]})
    chips = filterpanel.active_chips(flt, {})
    if row.where is None:
        assert chips == []
    else:
        assert [c.label for c in chips] == [f"{row.chip}: {SAMPLES[row.param]}"]
        assert chips[0].href == "/claims"


def test_the_panel_shows_a_fieldset_per_facet_row_in_table_order(claims):
    flt = ClaimFilter(provenances=("quote",))
    groups = filterpanel.facet_groups(flt, search_claims(claims, flt).facets)
    rows = [f for f in FILTERS if f.facet is not None]
    assert [(g.param, g.legend) for g in groups] == [(f.param, f.facet.legend) for f in rows]  # type: ignore[union-attr]
    provenance = next(g for g in groups if g.param == "provenance")
    assert [o.value for o in provenance.options if o.selected] == ["quote"]


def _documented_dims() -> list[str]:
    """The dimensions the migrations that maintain facet_counts document (0002, 0010)."""
    return [
        dim
        for migration in (MIGRATION_0002, MIGRATION_0010)
        for dim in re.findall(r"^  ([a-z])  ", migration.read_text(), re.MULTILINE)
    ]


def test_every_facet_dimension_is_one_the_migrations_document():
    assert sorted(FACET_DIMS) == sorted(_documented_dims())


@pytest.mark.parametrize("row", [r for r in ROWS if r.values[0].facet is not None])
def test_every_counted_facet_names_a_dimension_the_triggers_maintain(row: Filter):
    assert row.facet is not None
    if row.facet.dim is None:
        assert row.facet.facets_field is None and row.facet.options
        return
    assert row.facet.dim in _documented_dims()


def test_the_counted_facets_are_the_ones_search_and_the_api_return():
    assert tuple(x.name for x in dataclasses.fields(Facets)) == COUNTED
    assert tuple(FacetsOut.model_fields) == COUNTED


@pytest.mark.parametrize("row", ROWS)
def test_every_api_row_is_a_documented_parameter_of_api_claims(client, row: Filter):
    operation = client.get("/openapi.json").json()["paths"]["/api/claims"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    if not row.in_api:
        assert row.param not in params
        return
    assert params[row.param]["description"] == row.help
    if isinstance(row.reader, Choices | Setting):
        schema = params[row.param]["schema"]
        assert str(sorted(row.reader.allowed)) in str(sorted(_enum(schema)))


def _enum(schema: dict) -> list[str]:  # type: ignore[type-arg]
    if "enum" in schema:
        return list(schema["enum"])
    for key in ("items", "anyOf", "allOf"):
        inner = schema.get(key)
        for part in inner if isinstance(inner, list) else [inner] if inner else []:
            found = _enum(part)
            if found:
                return found
    return []


@pytest.mark.parametrize("row", [r for r in ROWS if r.values[0].in_api])
def test_every_api_row_filters_the_api_as_it_filters_the_page(client, claims, row: Filter):
    query = {row.param: SAMPLES[row.param], "q": "pause"}
    flt, _ = parse_filter(claims, {k: [v] for k, v in query.items()})
    expected = search_claims(claims, flt).total
    assert client.get("/api/claims", params=query).json()["total"] == expected
