"""The `govclaims extract` command: files in, claims-jsonl/1 out. The only I/O of the package."""

import datetime as dt
import gzip
import json
import os
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO, TextIO
from urllib.parse import quote

from app.extract.interchange import FORMAT, article_record
from app.extract.model import Article
from app.extract.pipeline import extract
from app.pagetext import RefusedHtml, read_page

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
        for record in _records(path, data, url=url, title=title, stderr=stderr):
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
    path: str, data: bytes, *, url: str | None, title: str | None, stderr: TextIO
) -> Iterator[dict[str, Any] | None]:
    """Yield one record per article in a file, or None for a line that could not be used."""
    if _is_claims_jsonl(data[:400].decode("utf-8", errors="ignore")):
        yield from _reextract(path, _decode(data, path, stderr), stderr)
    elif path.lower().endswith(_HTML_SUFFIXES) or data.lstrip()[:15].lower().startswith(
        _HTML_SNIFF
    ):
        yield _from_html(path, data, url=url, title=title, stderr=stderr)
    else:
        text = _decode(data, path, stderr)
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


def _from_html(
    path: str, data: bytes, *, url: str | None, title: str | None, stderr: TextIO
) -> dict[str, Any] | None:
    """Read the page as `govclaims import` does, so both give the extractor the same article."""
    try:
        page = read_page(data, url=url)
    except RefusedHtml as error:
        stderr.write(f"extract: {path}: {error}\n")
        return None
    published = page.published_at.astimezone(dt.UTC) if page.published_at else None
    metadata = {
        "outlet": page.outlet,
        "authors": list(page.authors) or None,
        "published_at": published.strftime("%Y-%m-%dT%H:%M:%SZ") if published else None,
        "language": page.language,
    }
    title = title or page.title or _default_title(page.text, path)
    return _record(page.text, url or _default_url(path), title, metadata)


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
