"""Text out of HTML, one way: a page's main text and metadata, and a fragment's visible text.

Both `govclaims import page.html` (through app/importer/parse.py) and `govclaims extract
page.html` (app/extract/command.py) read a page here, so the same file gives the extractor
the same text, title, outlet and byline either way. Pure: bytes in, text out; reading
files or the network is the callers' business.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree

# An entity declaration in the decoded text; a DOCTYPE with its internal subset, which
# trafilatura's parser must never see (billion laughs, external entities).
ENTITY_DECLARATION = re.compile(r"<!\s*ENTITY", re.IGNORECASE)
DOCTYPE = re.compile(rb"<!DOCTYPE(?:[^\[>]|\[[^\]]*\])*>", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)


class RefusedHtml(ValueError):
    """A page that must not be read; the message says why."""


@dataclass(frozen=True)
class PageText:
    """A page's main text and what its metadata says; empty text when none was found."""

    text: str
    title: str | None = None
    outlet: str | None = None
    published_at: dt.datetime | None = None
    language: str = "en"
    authors: tuple[str, ...] = ()  # the byline, in order


def sniff_charset(body: bytes, declared: str | None) -> str:
    """Return a usable charset: the header's, a BOM's, a meta tag's, else UTF-8."""
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if body.startswith(bom):
            return name
    for candidate in (declared, _meta_charset(body)):
        if candidate:
            try:
                return codecs.lookup(candidate).name
            except LookupError:
                continue
    return "utf-8"


def _meta_charset(body: bytes) -> str | None:
    found = _META_CHARSET.search(body[:20_000])
    return found.group(1).decode("ascii", "ignore") if found else None


def decode(body: bytes, declared: str | None) -> str:
    """Decode body as text; undecodable bytes become U+FFFD, NULs are dropped."""
    return body.decode(sniff_charset(body, declared), errors="replace").replace("\x00", "")


def read_page(body: bytes, *, url: str | None = None, charset: str | None = None) -> PageText:
    """Return an HTML page's main text (tables included), title, outlet, date and byline."""
    html = decode(DOCTYPE.sub(b"", body, count=1), charset)
    if ENTITY_DECLARATION.search(decode(body[:100_000], charset)):  # decoded: no encoding hides one
        raise RefusedHtml("the page declares XML entities (<!ENTITY>); refused")
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    if doc is None:
        return PageText(text="")
    return PageText(
        text=(getattr(doc, "text", None) or "").strip(),
        title=(getattr(doc, "title", None) or "").strip() or None,
        outlet=getattr(doc, "sitename", None) or None,
        published_at=_date(getattr(doc, "date", None)),
        language=getattr(doc, "language", None) or "en",
        authors=split_authors(getattr(doc, "author", None)),
    )


def _date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def split_authors(byline: str | None) -> tuple[str, ...]:
    """Split a byline as page metadata gives it ("A; B", "A, B and C") into names."""
    if not byline:
        return ()
    names = re.split(r"\s*(?:;|,\s*and\b|,|&|\band\b)\s*", byline.strip())
    return tuple(dict.fromkeys(n.strip() for n in names if n.strip() and len(n) <= 100))[:10]


def html_to_text(fragment: str) -> str:
    """Return the visible text of an HTML fragment (a feed entry's summary)."""
    if "<" not in fragment:
        return fragment.strip()
    try:
        return lxml.html.fromstring(fragment).text_content().strip()
    except (ValueError, etree.ParserError):
        return re.sub(r"<[^>]+>", " ", fragment).strip()
