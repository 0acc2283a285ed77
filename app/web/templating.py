"""Jinja2 environment: autoescaped templates, formatting filters, HTMX block rendering."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Request
from jinja2_fragments.fastapi import Jinja2Blocks
from markupsafe import Markup, escape
from starlette.responses import Response

from app.config import Settings
from app.schema import PROJECT_ROOT


def make_templates(settings: Settings) -> Jinja2Blocks:
    """Return the template renderer with govclaims' filters registered."""
    templates = Jinja2Blocks(directory=str(PROJECT_ROOT / "templates"))
    env = templates.env
    # Templates change only with a deploy; checking every include's mtime on every render
    # costs a stat() per include (over a hundred on the claims list).
    env.auto_reload = settings.log_level == "DEBUG"
    env.autoescape = True
    env.filters["isodate"] = isodate
    env.filters["shortdate"] = shortdate
    env.filters["number"] = number
    env.filters["percent"] = percent
    env.filters["highlight"] = highlight
    env.filters["provenance"] = provenance
    env.globals["settings"] = settings
    return templates


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def isodate(value: dt.datetime | None) -> str:
    """Format an exact UTC timestamp for machines and hover titles."""
    if value is None:
        return ""
    # Formatted by hand: strftime was the costliest call when rendering the claims list.
    v = value.astimezone(dt.UTC)
    return f"{v.year:04d}-{v.month:02d}-{v.day:02d}T{v.hour:02d}:{v.minute:02d}:{v.second:02d}Z"


def shortdate(value: dt.datetime | dt.date | None) -> str:
    """Format a date the way people read it: 26 Nov 2026."""
    if value is None:
        return "undated"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


_PROVENANCE = {
    "quote": "quoted",
    "reported": "reported speech",
    "first-party": "in its own publication",
    "narration": "the writer's own words",
}


def provenance(value: str | None) -> str:
    """Say in words where a claim's words come from ('' when unknown)."""
    return _PROVENANCE.get(value or "", "")


def number(value: int | float | None) -> str:
    """Format a count with thousands separators."""
    if value is None:
        return "0"
    return f"{value:,}"


def percent(part: int | float, whole: int | float) -> str:
    """Format part/whole as a whole percentage, or an en dash when whole is zero."""
    if not whole:
        return "–"
    return f"{round(100 * part / whole)}%"


def highlight(value: str | None) -> Markup:
    """Escape text, then turn search-match markers (\\x02 ... \\x03) into <mark> elements."""
    if not value:
        return Markup("")
    # Safe: the text is escaped first; only our own marker characters become tags.
    escaped = str(escape(value.replace("\x03\x02", "")))
    return Markup(escaped.replace("\x02", "<mark>").replace("\x03", "</mark>"))


def render(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
) -> Response:
    """Render a page, or only `block` of it when HTMX asks for a fragment."""
    templates: Jinja2Blocks = request.app.state.templates
    context = {"request": request, **context}
    is_htmx = request.headers.get("HX-Request") == "true"
    is_history_restore = request.headers.get("HX-History-Restore-Request") == "true"
    if block and is_htmx and not is_history_restore:
        response = templates.TemplateResponse(
            request, template, context, block_name=block, status_code=status_code
        )
    else:
        response = templates.TemplateResponse(request, template, context, status_code=status_code)
    response.headers["Vary"] = "HX-Request"
    return response
