"""The `govclaims extract` command: files in, claims-jsonl/1 out. The only I/O of the package."""

import gzip
import json
import os
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO, TextIO
from urllib.parse import quote

import trafilatura

from app.extract.interchange import FORMAT, article_record
from app.extract.model import Article
from app.extract.pipeline import extract

_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
_HTML_SNIFF = (b"<!doctype html", b"<html", b"<head", b"<body")
_MAX_TITLE = 200


def run_extract(
    paths: list[str],
    *,
    url: str | None,
    title: str | None,
    stdout: TextIO,
    stderr: TextIO,
    stdin: BinaryIO | None = None,
) -> int:
    """Extract claims from each file ("-" is stdin); return 1 if any input failed, else 0."""
    failed = False
    for path in paths:
        try:
            data = _read(path, stdin)
        except OSError as error:
            stderr.write(f"extract: cannot read {path}: {error.strerror or error}\n")
            failed = True
            continue
        text = _decode(data, path, stderr)
        for record in _records(path, data, text, url=url, title=title, stderr=stderr):
            if record is None:
                failed = True
                continue
            stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 1 if failed else 0


def _read(path: str, stdin: BinaryIO | None) -> bytes:
    if path == "-":
        return (stdin or sys.stdin.buffer).read()
    with open(path, "rb") as handle:
        data = handle.read()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _decode(data: bytes, path: str, stderr: TextIO) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        stderr.write(
            f"extract: warning: {path} is not valid UTF-8 (byte {error.start}); "
            "undecodable bytes replaced\n"
        )
        return data.decode("utf-8", errors="replace")


def _records(
    path: str, data: bytes, text: str, *, url: str | None, title: str | None, stderr: TextIO
) -> Iterator[dict[str, Any] | None]:
    """Yield one record per article in a file, or None for a line that could not be used."""
    if _is_claims_jsonl(text):
        yield from _reextract(path, text, stderr)
    elif path.lower().endswith(_HTML_SUFFIXES) or data.lstrip()[:15].lower().startswith(
        _HTML_SNIFF
    ):
        yield _from_html(path, text, url=url, title=title)
    else:
        yield _record(text, url or _default_url(path), title or _default_title(text, path))


def _is_claims_jsonl(text: str) -> bool:
    first = text.lstrip()[:200]
    return first.startswith("{") and f'"{FORMAT}"' in first.replace(" ", "")


def _reextract(path: str, text: str, stderr: TextIO) -> Iterator[dict[str, Any] | None]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
            body, doc_url = doc["text"], doc["url"]
        except (ValueError, KeyError, TypeError) as error:
            stderr.write(f"extract: {path}:{number}: not a claims-jsonl/1 article: {error}\n")
            yield None
            continue
        yield _record(body, doc_url, doc.get("title") or _default_title(body, path), doc)


def _from_html(path: str, html: str, *, url: str | None, title: str | None) -> dict[str, Any]:
    body = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    if title is None:
        metadata = trafilatura.extract_metadata(html)
        title = metadata.title if metadata is not None and metadata.title else None
    return _record(body, url or _default_url(path), title or _default_title(body, path))


def _record(text: str, url: str, title: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    extra = extra or {}
    authors = extra.get("authors")
    article = Article(
        text=text,
        title=title,
        url=url,
        outlet=extra.get("outlet") if isinstance(extra.get("outlet"), str) else None,
        authors=tuple(a for a in authors if isinstance(a, str))
        if isinstance(authors, list)
        else (),
    )
    claims = extract(article)
    return article_record(url=url, title=title, text=text, claims=claims, extra=extra)


def _default_url(path: str) -> str:
    return "urn:stdin" if path == "-" else f"urn:file:{quote(os.path.basename(path))}"


def _default_title(text: str, path: str) -> str:
    """Use the first line when it is short enough to be a title, else the file name."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first and len(first) <= _MAX_TITLE:
        return first
    return "stdin" if path == "-" else os.path.basename(path)
