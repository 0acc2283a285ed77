"""Bytes + URL -> article or feed entries: pure functions, no network, no database.

Web pages are read by app/pagetext.py (trafilatura: main text and metadata), as
`govclaims extract` reads them. Feeds go through feedparser, but only after any DTD is
stripped and entity declarations are refused: feedparser's lenient fallback parser expands
entities the strict parser refused, so a 100 KB "quadratic blow-up" feed would otherwise
take gigabytes.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass

import feedparser
import feedparser.encodings
from lxml import etree

from app.importer.canonical import resolve_canonical
from app.pagetext import (
    DOCTYPE,
    ENTITY_DECLARATION,
    RefusedHtml,
    html_to_text,
    read_page,
    split_authors,
)

TEXT_TYPES = frozenset({"text/plain", "text/markdown"})
_CANONICAL = re.compile(rb"""<link\b[^>]*\brel\s*=\s*["']?canonical["']?[^>]*>""", re.IGNORECASE)
_HREF = re.compile(rb"""\bhref\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


class ParseError(ValueError):
    """Content that cannot become an article; the message says why."""


@dataclass(frozen=True)
class PageContent:
    """An article's text and metadata, as read from one document."""

    url: str
    canonical_url: str
    title: str
    text: str
    outlet: str | None = None
    published_at: dt.datetime | None = None
    language: str = "en"
    authors: tuple[str, ...] = ()  # the byline, in order


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: where the article is, and what the feed says about it."""

    link: str | None
    guid: str | None
    title: str | None
    published_at: dt.datetime | None
    text: str
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedFeed:
    """A feed's title and entries."""

    title: str | None
    entries: tuple[FeedEntry, ...]
    warning: str | None = None


def _canonical_link(body: bytes) -> str | None:
    head = body[:200_000]
    for tag in _CANONICAL.finditer(head):
        href = _HREF.search(tag.group(0))
        if href:
            return href.group(1).decode("utf-8", "ignore")
    return None


def parse_page(body: bytes, *, url: str, charset: str | None = None) -> PageContent:
    """Extract an HTML page's main text, title, date, outlet and canonical address."""
    try:
        page = read_page(body, url=url, charset=charset)
    except RefusedHtml as exc:
        raise ParseError(str(exc)) from exc
    if not page.text:
        raise ParseError("no article text found on the page")
    return PageContent(
        url=url,
        canonical_url=resolve_canonical(url, _canonical_link(body)),
        title=page.title or _fallback_title(page.text),
        text=page.text,
        outlet=page.outlet,
        published_at=page.published_at,
        language=page.language,
        authors=page.authors,
    )


def parse_text(text: str, *, url: str, title: str | None = None) -> PageContent:
    """Make an article of plain text: the title is the given one or the first line."""
    clean = text.replace("\x00", "").replace("\r\n", "\n").strip()
    if not clean:
        raise ParseError("the text is empty")
    return PageContent(
        url=url, canonical_url=url, title=title or _fallback_title(clean), text=clean
    )


def _fallback_title(text: str) -> str:
    first = text.strip().split("\n", 1)[0].strip()
    return first[:117] + "..." if len(first) > 120 else first or "(untitled)"


def _declares_entities(document: bytes) -> bool:
    """Say whether a UTF-8 XML document's internal DTD declares any entity."""
    parser = etree.XMLParser(
        resolve_entities=False, load_dtd=False, no_network=True, recover=True, huge_tree=False
    )
    try:
        root = etree.fromstring(document, parser)
    except etree.LxmlError:
        root = None
    if root is not None:
        dtd = root.getroottree().docinfo.internalDTD
        if dtd is not None and any(True for _ in dtd.iterentities()):
            return True
    # A document too broken for lxml is still read by feedparser's loose parser, so look
    # at its decoded text as well.
    return bool(ENTITY_DECLARATION.search(document[:2_000_000].decode("utf-8", errors="ignore")))


def parse_feed(
    body: bytes, *, url: str, content_type: str | None = None, charset: str | None = None
) -> ParsedFeed:
    """Parse an RSS/Atom/RDF feed, refusing entity declarations before feedparser sees them."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type + (f"; charset={charset}" if charset else "")
    # Decide on the document feedparser will read, decoded the way feedparser decodes it
    # (EBCDIC, UTF-16 and UTF-32 included), not on a byte pattern an encoding can hide.
    document = feedparser.encodings.convert_to_utf8(headers, body, {})
    if _declares_entities(document):
        raise ParseError(
            "the feed declares XML entities (<!ENTITY>); refused as a possible "
            "entity-expansion or external-entity attack"
        )
    # bytes, never str: feedparser treats a str as a URL or file name to open.
    parsed = feedparser.parse(
        DOCTYPE.sub(b"", document, count=1),
        # Now UTF-8, whatever the server declared; the media type still tells JSON from XML.
        response_headers={
            **headers,
            "content-type": f"{content_type or 'application/xml'}; charset=utf-8",
        },
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    problem = parsed.get("bozo_exception")
    if not parsed.entries and not parsed.get("version"):
        reason = f": {problem}" if problem else ""
        raise ParseError(f"not a feed (no RSS, Atom or RDF structure found){reason}")
    entries = tuple(_entry(e) for e in parsed.entries)
    return ParsedFeed(
        parsed.feed.get("title"),
        entries,
        f"{type(problem).__name__}: {problem}" if problem else None,
    )


def _utc(when: time.struct_time) -> dt.datetime | None:
    """Turn feedparser's UTC struct_time into a datetime, or None when it is out of range."""
    try:
        return dt.datetime(
            when.tm_year,
            when.tm_mon,
            when.tm_mday,
            when.tm_hour,
            when.tm_min,
            min(when.tm_sec, 59),
            tzinfo=dt.UTC,
        )
    except (ValueError, OverflowError):
        return None


def _entry(raw: feedparser.FeedParserDict) -> FeedEntry:
    content = raw.get("content") or []
    html = content[0].get("value", "") if content else raw.get("summary", "")
    when = raw.get("published_parsed") or raw.get("updated_parsed")
    published = _utc(when) if when else None
    link = raw.get("link")
    if link and not link.lower().startswith(("http://", "https://")):
        link = None
    authors = tuple(
        a["name"].strip() for a in raw.get("authors") or () if isinstance(a, dict) and a.get("name")
    ) or split_authors(raw.get("author"))
    return FeedEntry(
        link, raw.get("id"), raw.get("title"), published, html_to_text(html or ""), authors
    )
