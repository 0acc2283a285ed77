"""claims-jsonl/1: read and validate lines into records (queries/export.py writes them).

Pure functions over dataclasses (no database); see ../shared/spec/interchange.md. Besides
the spec's fields, export writes `other_urls` (the other addresses of the same text),
`fetched_at`, claims[].`actor_kind` and claims[].`status` (`not-a-claim` when an editor
said so), and import accepts them, so a round trip loses nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from app.vocabulary import ACTOR_KINDS, CLAIM_KINDS, PROVENANCES, STANCES, TAG_STATUSES

FORMAT = "claims-jsonl/1"
MAX_LINE_CHARS = 20_000_000


class RecordError(ValueError):
    """A line that breaks the format; the message says which rule."""


@dataclass(frozen=True)
class TagRecord:
    """One (topic, stance) tag of a claim, with the editor's decision."""

    topic: str
    stance: str
    status: str = "suggested"
    note: str | None = None


@dataclass(frozen=True)
class ClaimRecord:
    """One claim: a span of the article's text, who made it, and its tags."""

    text: str
    start: int | None
    end: int | None
    actor: str | None
    kind: str | None
    topics: tuple[TagRecord, ...] = ()
    status: str = "active"
    actor_kind: str | None = None
    provenance: str | None = None


@dataclass(frozen=True)
class ArticleRecord:
    """One line of the file: an article and its claims."""

    url: str
    title: str
    text: str
    outlet: str | None = None
    published_at: dt.datetime | None = None
    language: str = "en"
    claims: tuple[ClaimRecord, ...] = ()
    other_urls: tuple[str, ...] = field(default=())
    fetched_at: dt.datetime | None = None
    authors: tuple[str, ...] = ()


def _str(obj: dict[str, Any], key: str, *, required: bool, where: str = "") -> str | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise RecordError(f"{where}{key} is missing")
        return None
    if not isinstance(value, str):
        raise RecordError(f"{where}{key} must be a string")
    if "\x00" in value:
        raise RecordError(f"{where}{key} contains a NUL character")
    return value


def _timestamp(obj: dict[str, Any], key: str) -> dt.datetime | None:
    raw = _str(obj, key, required=False)
    if raw is None or raw == "":
        return None
    try:
        value = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise RecordError(f"{key} is not an RFC 3339 timestamp: {raw[:40]!r}") from None
    if value.tzinfo is None:
        raise RecordError(f"{key} has no UTC offset: {raw[:40]!r}")
    return value


# \s is what str.isspace() calls white space; one regex search instead of a Python call per
# character was a quarter of the bulk importer's parsing time.
_SPACE = re.compile(r"\s")


def _url(obj: dict[str, Any]) -> str:
    url = _str(obj, "url", required=True) or ""
    lowered = url.lower()
    if not (lowered.startswith(("http://", "https://")) and len(url) > 8) and not (
        lowered.startswith("urn:") and len(url) > 4
    ):
        raise RecordError(f"url must be an absolute http(s) URL or a urn: ({url[:60]!r})")
    if _SPACE.search(url):
        raise RecordError("url contains white space")
    return url


def _tag(raw: Any, where: str, known_topics: frozenset[str] | None) -> TagRecord:
    if not isinstance(raw, dict):
        raise RecordError(f"{where} must be an object")
    topic = _str(raw, "topic", required=True, where=f"{where}.") or ""
    if known_topics is not None and topic not in known_topics:
        raise RecordError(f"{where}.topic {topic!r} is not a known topic slug")
    stance = _str(raw, "stance", required=True, where=f"{where}.")
    if stance not in STANCES:
        raise RecordError(f"{where}.stance must be one of {', '.join(STANCES)}")
    status = _str(raw, "status", required=False, where=f"{where}.") or "suggested"
    if status not in TAG_STATUSES:
        raise RecordError(f"{where}.status must be one of {', '.join(TAG_STATUSES)}")
    return TagRecord(topic, stance, status, _str(raw, "note", required=False, where=f"{where}."))


def _span(raw: dict[str, Any], text: str, article_text: str, where: str) -> tuple[int, int] | None:
    start, end = raw.get("start"), raw.get("end")
    if start is None and end is None:
        return None
    if type(start) is not int or type(end) is not int:
        raise RecordError(f"{where}.start and .end must both be integers")
    if not 0 <= start < end <= len(article_text):
        raise RecordError(f"{where} span {start}..{end} is outside the text")
    if article_text[start:end] != text:
        raise RecordError(f"{where}.text is not text[{start}:{end}]")
    return start, end


def _claim(
    raw: Any, where: str, article_text: str, known_topics: frozenset[str] | None
) -> ClaimRecord:
    if not isinstance(raw, dict):
        raise RecordError(f"{where} must be an object")
    text = _str(raw, "text", required=True, where=f"{where}.") or ""
    if not text.strip():
        raise RecordError(f"{where}.text is empty")
    span = _span(raw, text, article_text, where)
    kind = _str(raw, "kind", required=False, where=f"{where}.")
    if kind is not None and kind not in CLAIM_KINDS:
        raise RecordError(f"{where}.kind must be one of {', '.join(CLAIM_KINDS)}")
    topics = raw.get("topics")
    if not isinstance(topics, list):
        raise RecordError(f"{where}.topics is missing (use [] for none)")
    tags = tuple(_tag(t, f"{where}.topics[{i}]", known_topics) for i, t in enumerate(topics))
    if len({t.topic for t in tags}) != len(tags):
        raise RecordError(f"{where} tags one topic twice")
    status = _str(raw, "status", required=False, where=f"{where}.") or "active"
    if status not in ("active", "not-a-claim"):
        raise RecordError(f"{where}.status must be active or not-a-claim")
    actor = _str(raw, "actor", required=False, where=f"{where}.")
    actor = (actor.strip() or None) if actor is not None else None
    actor_kind = _str(raw, "actor_kind", required=False, where=f"{where}.")
    if actor_kind is not None and actor_kind not in ACTOR_KINDS:
        raise RecordError(f"{where}.actor_kind must be one of {', '.join(ACTOR_KINDS)}")
    provenance = _str(raw, "provenance", required=False, where=f"{where}.")
    if provenance is not None and provenance not in PROVENANCES:
        raise RecordError(f"{where}.provenance must be one of {', '.join(PROVENANCES)}")
    start, end = span if span else (None, None)
    return ClaimRecord(text, start, end, actor, kind, tags, status, actor_kind, provenance)


def parse_record(obj: Any, *, known_topics: frozenset[str] | None = None) -> ArticleRecord:
    """Validate one decoded line and return its record, or raise RecordError."""
    if not isinstance(obj, dict):
        raise RecordError("a line must be a JSON object")
    if obj.get("format") != FORMAT:
        raise RecordError(f"format must be {FORMAT!r}")
    url = _url(obj)
    title = _str(obj, "title", required=True) or ""
    if not title.strip():
        raise RecordError("title is empty")
    text = _str(obj, "text", required=True) or ""
    claims = obj.get("claims")
    if not isinstance(claims, list):
        raise RecordError("claims is missing (use [] for none)")
    others = obj.get("other_urls") or []
    if not isinstance(others, list) or not all(isinstance(u, str) for u in others):
        raise RecordError("other_urls must be a list of strings")
    authors = obj.get("authors") or []
    if not isinstance(authors, list) or not all(isinstance(a, str) and a.strip() for a in authors):
        raise RecordError("authors must be a list of names")
    return ArticleRecord(
        url=url,
        title=title,
        text=text,
        outlet=_str(obj, "outlet", required=False),
        published_at=_timestamp(obj, "published_at"),
        language=_str(obj, "language", required=False) or "en",
        claims=tuple(_claim(c, f"claims[{i}]", text, known_topics) for i, c in enumerate(claims)),
        other_urls=tuple(u for u in others if u != url),
        fetched_at=_timestamp(obj, "fetched_at"),
        authors=tuple(a.strip() for a in authors),
    )


def parse_line(line: str | bytes, *, known_topics: frozenset[str] | None = None) -> ArticleRecord:
    """Decode and validate one line of a claims-jsonl/1 file."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RecordError(f"not UTF-8 (byte {exc.start})") from None
    if len(line) > MAX_LINE_CHARS:
        raise RecordError(f"line longer than {MAX_LINE_CHARS:,} characters")
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise RecordError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    return parse_record(obj, known_topics=known_topics)


def read_records(
    lines: Iterable[str | bytes], *, known_topics: frozenset[str] | None = None
) -> Iterator[tuple[int, ArticleRecord | RecordError]]:
    """Yield (line number, record or the error that rejected it); blank lines are skipped."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, parse_line(line, known_topics=known_topics)
        except RecordError as exc:
            yield number, exc
