"""The JSON API's query parameters: shared value types, and the claims filter's, from its table.

`/api/claims` documents and validates one typed parameter per row of
`app/queries/filters.FILTERS`, then hands the validated values to the same parser the pages
use, so the reference, the validation and the parsing cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import inspect
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import Field

from app.queries.filters import (
    FILTERS,
    Choices,
    Day,
    Filter,
    Names,
    SearchText,
    Setting,
    TopicSlugs,
)

# PostgreSQL text cannot hold NUL, so no parameter may (the guard answers 400 otherwise).
Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=200)]

FilterQuery = dict[str, list[str]]


def _annotation(f: Filter) -> tuple[Any, Any]:
    """Return a filter's parameter type and default, for FastAPI to validate and document."""
    reader = f.reader
    query = Query(alias=f.param, description=f.help)
    if isinstance(reader, Choices):
        return Annotated[list[Literal[reader.allowed]], query], []  # type: ignore[valid-type,name-defined]
    if isinstance(reader, Names):
        return Annotated[list[Text], query], []
    if isinstance(reader, TopicSlugs):
        return Annotated[list[Slug], query], []
    if isinstance(reader, SearchText):
        query = Query(alias=f.param, description=f.help, max_length=reader.max_chars)
        return Annotated[Text | None, query], None
    if isinstance(reader, Day):
        return Annotated[dt.date | None, query], None
    if isinstance(reader, Setting):
        return Annotated[Literal[reader.allowed], query], reader.default  # type: ignore[valid-type,name-defined]
    raise TypeError(f"no API type for the reader of '{f.param}'")


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, dt.date):
        return [value.isoformat()]
    return [str(value)]


def filter_query(**values: Any) -> FilterQuery:
    """Return the validated claims filter parameters as the query string's lists of strings."""
    return {f.param: _strings(values.get(f.field)) for f in FILTERS if f.in_api}


def _signature() -> inspect.Signature:
    params = []
    for f in FILTERS:
        if f.in_api:
            annotation, default = _annotation(f)
            kind = inspect.Parameter.KEYWORD_ONLY
            params.append(inspect.Parameter(f.field, kind, default=default, annotation=annotation))
    return inspect.Signature(params, return_annotation=FilterQuery)


# FastAPI reads a dependency's parameters from its signature: this one is the table's.
filter_query.__signature__ = _signature()  # type: ignore[attr-defined]
