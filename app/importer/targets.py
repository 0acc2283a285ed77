"""What an import target is, and what becomes of one that fails: decided here, once.

The command line, the import page and the file jobs hand a target (an address, a
feed, a path, standard input, an uploaded file) to decide(); TargetImporter imports
it. Every expected failure (a fetch, a parse, an unsupported file, the time limit)
becomes a rejection naming where and why, so one bad target never hides the good
ones beside it; bugs are left to propagate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from app.db import unit_of_work
from app.importer.bulk import BulkImporter, ImportSummary
from app.importer.failures import Deadline, TargetError, classify
from app.importer.parse import parse_text
from app.pagetext import decode
from app.queries.sources import upsert_feed_source

if TYPE_CHECKING:
    from app.importer.pipeline import Importer, Outcome


class Kind(StrEnum):
    """The kinds of input the importer takes."""

    URL = "url"
    FEED = "feed"
    STDIN = "stdin"
    FOLDER = "folder"
    JSONL = "jsonl"
    HTML = "html"
    TEXT = "text"


# A file's kind is its name's suffix; a file without one is plain text.
FILE_KINDS = {
    ".jsonl": Kind.JSONL,
    ".ndjson": Kind.JSONL,
    ".html": Kind.HTML,
    ".htm": Kind.HTML,
    ".xhtml": Kind.HTML,
    ".txt": Kind.TEXT,
    ".text": Kind.TEXT,
    ".md": Kind.TEXT,
    "": Kind.TEXT,
}
# What the import page offers editors to upload: the common spellings only.
UPLOAD_SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
# Claims-jsonl jobs stop reading at their limit and finish what they read, so a job's
# overrun is at most a few of these batches (the bulk importer reads three ahead).
JOB_BATCH_SIZE = 200

Progress = Callable[["Target"], AbstractContextManager[Callable[[int], None] | None]]


@dataclass(frozen=True)
class Target:
    """One thing to import: its kind, where it is, and how reports name it."""

    kind: Kind
    location: str
    name: str


def decide(raw: str, *, feed: bool = False) -> Target:
    """Say what raw (an address, "-", a path) is; TargetError when it is nothing."""
    if feed:
        return Target(Kind.FEED, raw, raw)
    if raw.startswith(("http://", "https://")):
        return Target(Kind.URL, raw, raw)
    if raw == "-":
        return Target(Kind.STDIN, raw, "stdin")
    path = Path(raw)
    if path.is_dir():
        return Target(Kind.FOLDER, raw, raw)
    if not path.exists():
        raise TargetError(f"{path} does not exist")
    return decide_file(path)


def decide_file(path: Path, *, name: str | None = None) -> Target:
    """Say what a file is from its name (an upload's own name, when given)."""
    label = name or path.name
    suffix = Path(label).suffix.lower()
    kind = FILE_KINDS.get(suffix)
    if kind is None:
        raise TargetError(f"unsupported file type {suffix!r} (use .txt, .html or .jsonl)")
    return Target(kind, str(path), label)


def accepts_upload(name: str) -> bool:
    """Say whether the import page takes a file of this name."""
    return name.lower().endswith(UPLOAD_SUFFIXES)


def sniff(data: bytes) -> Kind:
    """Say whether standard input is claims-jsonl or plain text."""
    return Kind.JSONL if data.lstrip().startswith(b'{"format"') else Kind.TEXT


class TargetImporter:
    """Imports targets with one failure policy; a deadline makes it a bounded job."""

    def __init__(
        self,
        importer: Importer,
        *,
        deadline: Deadline | None = None,
        progress: Progress | None = None,
        note: Callable[[str], None] | None = None,
        feed_every_s: int = 1800,
    ) -> None:
        self.importer = importer
        self.deadline = deadline
        self.progress = progress or (lambda target: nullcontext(None))
        self.note = note or (lambda line: None)
        self.feed_every_s = feed_every_s

    def run(self, target: Target, *, stdin: BinaryIO | None = None) -> ImportSummary:
        """Import target (a folder file by file); failures become named rejections."""
        summary = ImportSummary()
        for name, decided in self._parts(target):
            if self.deadline is not None and self.deadline.passed():
                summary.reject(name, f"not imported: {self.deadline.reason}")
                continue
            try:
                summary.add(self._one(decided(), stdin))
            except Exception as exc:
                verdict = classify(exc)
                if verdict is None:
                    raise
                summary.reject(name, verdict.reason)
        return summary

    def _parts(self, target: Target) -> Iterator[tuple[str, Callable[[], Target]]]:
        """Name the parts of target, each with its decision, made where failures count."""
        if target.kind is not Kind.FOLDER:
            yield target.name, lambda: target
            return
        for path in sorted(p for p in Path(target.location).rglob("*") if p.is_file()):
            yield path.name, partial(decide_file, path)

    def _one(self, target: Target, stdin: BinaryIO | None) -> ImportSummary:
        if target.kind is Kind.URL:
            return _counted(self.importer.import_url(target.location))
        if target.kind is Kind.FEED:
            return self._feed(target.location)
        if target.kind is Kind.STDIN:
            return self._stdin(stdin)
        if target.kind is Kind.JSONL:
            with Path(target.location).open("rb") as handle:
                return self._jsonl(target, handle)
        path = Path(target.location)
        limit = self.importer.settings.upload_max_bytes
        if path.stat().st_size > limit:
            raise TargetError(f"file too large ({path.stat().st_size:,} bytes; limit {limit:,})")
        body = path.read_bytes()
        return _counted(self._document(body, target.kind))

    def _stdin(self, stdin: BinaryIO | None) -> ImportSummary:
        data = stdin.read() if stdin is not None else b""
        if sniff(data) is Kind.JSONL:
            return self._jsonl(Target(Kind.JSONL, "-", "stdin"), data.splitlines())
        return _counted(self._document(data, Kind.TEXT))

    def _jsonl(self, target: Target, lines: Iterable[bytes]) -> ImportSummary:
        sessions = self.importer.sessions
        if self.deadline is None:
            bulk = BulkImporter(sessions)
        else:
            bulk = BulkImporter(sessions, batch_size=JOB_BATCH_SIZE)
        cut: list[int] = []
        with self.progress(target) as on_progress:
            summary = bulk.run(self._until(lines, cut), on_progress=on_progress)
        if cut and self.deadline is not None:
            summary.reject(
                f"line {cut[0]}", f"not imported, nor any line after it: {self.deadline.reason}"
            )
        return summary

    def _until(self, lines: Iterable[bytes], cut: list[int]) -> Iterator[bytes]:
        """Yield lines until the deadline; note the number of the first one left out."""
        for number, line in enumerate(lines, 1):
            if self.deadline is not None and self.deadline.passed():
                cut.append(number)
                return
            yield line

    def _document(self, body: bytes, kind: Kind) -> Outcome:
        # A file is named by its bytes, so the same file imported twice is one article.
        address = f"urn:govclaims:file:{hashlib.sha256(body).hexdigest()[:32]}"
        if kind is Kind.HTML:
            return self.importer.import_html(body, url=address)
        return self.importer.store(parse_text(decode(body, None), url=address, title=None))

    def _feed(self, url: str) -> ImportSummary:
        """Add the feed, poll it now and import its new entries here."""
        with unit_of_work(self.importer.sessions) as session:
            source_id = upsert_feed_source(session, url=url, every_s=self.feed_every_s).id
        links: list[str] = []
        outcome = self.importer.poll_feed(source_id, defer=links.append)
        summary = ImportSummary()
        if not outcome.ok:
            summary.reject(url, outcome.reason or "feed failed")
            return summary
        self.note(f"feed {source_id}: {outcome.entries} entries, {len(links)} new")
        for stored in outcome.stored:  # entries without a link, stored from the feed's text
            summary.add(_counted(stored))
        for where, reason in outcome.rejected:
            summary.reject(where, reason)
        for link in links:
            summary.add(self.run(Target(Kind.URL, link, link)))
        return summary


def _counted(outcome: Outcome) -> ImportSummary:
    """Return a summary of one article's outcome."""
    summary = ImportSummary(claims=outcome.claims)
    if outcome.status == "imported":
        summary.imported = 1
    elif outcome.status == "updated":
        summary.updated = 1
    else:
        summary.unchanged = 1
    return summary
