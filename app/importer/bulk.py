"""The fast claims-jsonl/1 path: batches of articles written with COPY, one transaction each.

New articles, claims and tags go in with three COPY statements per batch. Ids are
taken from the identity sequences first, in file order, so a claim's id is its
ordinal in the file on an empty database. claims.tags and claims.published_at are
filled here, so the triggers have nothing to fix, and the statement-level facet
triggers run once per COPY, keeping facet counts exact. Known urls update their
article through the same claim merge the web-page path uses.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from app.db import is_retryable, retrying, unit_of_work
from app.importer.canonical import content_hash
from app.importer.interchange import (
    ArticleRecord,
    ClaimRecord,
    RecordError,
    parse_record,
    read_records,
)
from app.queries import export as export_q
from app.queries import importing as q

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = (
    "id",
    "url",
    "other_urls",
    "title",
    "outlet",
    "published_at",
    "fetched_at",
    "language",
    "text",
    "content_hash",
    "source_id",
    "authors",
)
CLAIM_COLUMNS = (
    "id",
    "article_id",
    "text",
    "start_pos",
    "end_pos",
    "actor_id",
    "kind",
    "status",
    "published_at",
    "tags",
    "extractor_version",
    "provenance",
)
# topic_version given here spares COPY the per-row trigger that would look it up.
TAG_COLUMNS = ("claim_id", "topic_id", "stance", "status", "note", "topic_version")


@dataclass
class ImportSummary:
    """What an import did; problems name the line (or file) and the reason."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    claims: int = 0
    seconds: float = 0.0
    problems: list[tuple[str, str]] = field(default_factory=list)

    def reject(self, where: str, reason: str) -> None:
        """Count one rejected line or file."""
        self.rejected += 1
        self.problems.append((where, reason))

    def add(self, other: ImportSummary) -> None:
        """Fold another summary into this one."""
        for name in ("imported", "updated", "unchanged", "rejected", "claims", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.problems.extend(other.problems)


@dataclass
class _Prepared:
    """A valid record with what the batch needs to write it."""

    line: int
    record: ArticleRecord
    spans: list[tuple[int, int]]
    digest: str


@dataclass(frozen=True)
class _Plan:
    """Ids reserved for a batch: line -> (article id, claim ids in order)."""

    ids: dict[int, tuple[int, list[int]]]


WRITERS = 2


class BulkImporter:
    """Import claims-jsonl/1 lines in batches; one batch is one transaction."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        batch_size: int = 1000,
        source_id: int | None = None,
        where: str = "line",
    ) -> None:
        self.sessions = sessions
        self.batch_size = batch_size
        self.source_id = source_id
        self.where = where
        self._stop = False
        with sessions() as session:
            self.topic_ids = q.list_topic_ids(session)
            self.topic_versions = q.list_topic_versions(session)
            self.actors = q.list_actor_keys(session)
            self.other_urls = q.list_other_urls(session)

    def run(
        self, lines: Iterable[str | bytes], *, on_progress: Callable[[int], None] | None = None
    ) -> ImportSummary:
        """Import every line; bad lines are reported and skipped."""
        started = time.perf_counter()
        summary = ImportSummary()
        # Parsing runs in a thread while this one waits on PostgreSQL (psycopg releases
        # the GIL), so both cores work; the queue bounds the memory held ahead.
        batches: queue.Queue[list[_Prepared] | BaseException | None] = queue.Queue(maxsize=3)
        rejected = ImportSummary()
        reader = threading.Thread(
            target=self._read_batches, args=(lines, rejected, batches), daemon=True
        )
        reader.start()
        try:
            self._write_all(batches, summary, on_progress)
        finally:
            self._stop = True
            while reader.is_alive():
                with contextlib.suppress(queue.Empty):
                    batches.get(timeout=0.1)
        summary.add(rejected)
        summary.problems.sort(
            key=lambda p: int(p[0].rsplit(" ", 1)[-1]) if p[0][-1:].isdigit() else 0
        )
        summary.seconds = time.perf_counter() - started
        return summary

    def _write_all(
        self,
        batches: queue.Queue[list[_Prepared] | BaseException | None],
        summary: ImportSummary,
        on_progress: Callable[[int], None] | None,
    ) -> None:
        """Hand batches to WRITERS connections, ids reserved here in file order."""
        # PostgreSQL's share of a batch (tsvector, indexes, facet counts) is most of the
        # cost, so two transactions in flight keep both cores busy. Ids and new actors are
        # settled here, in file order, before a batch leaves; a batch naming a url that a
        # batch in flight also names waits for it, so the later line sees the earlier one.
        inflight: list[tuple[Future[ImportSummary], set[str], int]] = []

        def finish_oldest() -> None:
            future, _, size = inflight.pop(0)
            summary.add(future.result())
            if on_progress is not None:
                on_progress(size)

        with ThreadPoolExecutor(max_workers=WRITERS) as pool:
            while (batch := batches.get()) is not None:
                if isinstance(batch, BaseException):
                    raise batch
                if not batch:
                    continue
                urls = {p.record.url for p in batch}
                while inflight and (
                    len(inflight) >= WRITERS or any(urls & u for _, u, _ in inflight)
                ):
                    finish_oldest()
                plan = self._plan(batch)
                inflight.append((pool.submit(self._flush, batch, plan), urls, len(batch)))
            while inflight:
                finish_oldest()

    def _plan(self, batch: list[_Prepared]) -> _Plan:
        """Create the batch's new actors (committed) and reserve its ids, in file order."""
        article_ids, claim_ids = retrying(lambda: self._reserve(batch))
        claims = iter(claim_ids)
        return _Plan(
            {
                p.line: (a, [next(claims) for _ in p.record.claims])
                for a, p in zip(article_ids, batch, strict=True)
            }
        )

    def _reserve(self, batch: list[_Prepared]) -> tuple[list[int], list[int]]:
        with unit_of_work(self.sessions) as session:
            created = self._resolve_actors(session, batch)
            article_ids = q.reserve_ids(session, "articles", len(batch))
            claim_ids = q.reserve_ids(session, "claims", sum(len(p.record.claims) for p in batch))
        self.actors.update(created)  # only once committed: a rolled-back actor is no actor
        return article_ids, claim_ids

    def _read_batches(
        self,
        lines: Iterable[str | bytes],
        summary: ImportSummary,
        out: queue.Queue[list[_Prepared] | BaseException | None],
    ) -> None:
        batch: list[_Prepared] = []
        urls: set[str] = set()
        known = frozenset(self.topic_ids)
        try:
            for number, item in read_records(lines, known_topics=known):
                if self._stop:
                    return
                prepared = self._prepare(number, item, summary)
                if prepared is None:
                    continue
                # A url seen twice in one batch: the later line must see the earlier one.
                if prepared.record.url in urls or len(batch) >= self.batch_size:
                    out.put(batch)
                    batch, urls = [], set()
                batch.append(prepared)
                urls.add(prepared.record.url)
            out.put(batch)
            out.put(None)
        except BaseException as exc:  # handed to the writer, which re-raises it
            out.put(exc)

    def _prepare(
        self, number: int, item: ArticleRecord | RecordError, summary: ImportSummary
    ) -> _Prepared | None:
        try:
            if isinstance(item, RecordError):
                raise item
            spans = [_locate(item.text, c, i) for i, c in enumerate(item.claims)]
            return _Prepared(number, item, spans, content_hash(item.text))
        except (RecordError, UnicodeEncodeError) as exc:
            summary.reject(f"{self.where} {number}", str(exc))
            return None

    def _flush(self, batch: list[_Prepared], plan: _Plan) -> ImportSummary:
        try:
            return retrying(lambda: self._write_batch(batch, plan))
        except DBAPIError as exc:
            if is_retryable(exc):
                raise
            # Something the validator let through; find the culprit line by line.
            return self._write_one_by_one(batch, plan)

    def _write_batch(self, batch: list[_Prepared], plan: _Plan) -> ImportSummary:
        with unit_of_work(self.sessions) as session:
            return self._write(session, batch, plan)

    def _write_one_by_one(self, batch: list[_Prepared], plan: _Plan) -> ImportSummary:
        part = ImportSummary()
        for item in batch:
            try:
                part.add(retrying(lambda item=item: self._write_batch([item], plan)))  # type: ignore[misc]
            except DBAPIError as exc:
                reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
                part.reject(f"{self.where} {item.line}", f"refused by the database: {reason}")
        return part

    def _write(self, session: Session, batch: list[_Prepared], plan: _Plan) -> ImportSummary:
        part = ImportSummary()
        existing = q.get_article_ids_by_url(session, [p.record.url for p in batch])
        for p in batch:
            if p.record.url not in existing and p.record.url in self.other_urls:
                existing[p.record.url] = self.other_urls[p.record.url]
        fresh = [p for p in batch if p.record.url not in existing]
        self._insert(session, fresh, plan)
        part.imported, part.claims = len(fresh), sum(len(p.record.claims) for p in fresh)
        known = [p for p in batch if p.record.url in existing]
        if known:
            lines = export_q.list_article_lines(session, [existing[p.record.url] for p in known])
            for p in known:
                article_id = existing[p.record.url]
                changed = self._update(session, article_id, p, lines.get(article_id))
                part.updated += changed
                part.unchanged += not changed
                part.claims += len(p.record.claims) if changed else 0
        return part

    def _resolve_actors(self, session: Session, batch: list[_Prepared]) -> dict[str, int]:
        missing: dict[str, str | None] = {}
        for p in batch:
            for c in p.record.claims:
                if c.actor and c.actor.lower() not in self.actors:
                    missing.setdefault(c.actor, c.actor_kind)
        return q.upsert_actors(session, missing) if missing else {}

    def _insert(self, session: Session, fresh: list[_Prepared], plan: _Plan) -> None:
        if not fresh:
            return
        now = dt.datetime.now(dt.UTC)
        articles: list[tuple[object, ...]] = []
        claims: list[tuple[object, ...]] = []
        tags: list[tuple[object, ...]] = []
        for p in fresh:
            article_id, claim_ids = plan.ids[p.line]
            next_claim = iter(claim_ids)
            r = p.record
            fetched = r.fetched_at or now
            articles.append(
                (
                    article_id,
                    r.url,
                    list(r.other_urls),
                    r.title,
                    r.outlet,
                    r.published_at,
                    fetched,
                    r.language,
                    r.text,
                    p.digest,
                    self.source_id,
                    list(r.authors),
                )
            )
            published = r.published_at or fetched
            for c, (start, end) in zip(r.claims, p.spans, strict=True):
                claim_id = next(next_claim)
                codes = sorted(
                    q.tag_code(self.topic_ids[t.topic], t.stance, t.status)
                    for t in c.topics
                    if t.status != "rejected"
                )
                actor_id = self.actors[c.actor.lower()] if c.actor else None
                claims.append(
                    (
                        claim_id,
                        article_id,
                        c.text,
                        start,
                        end,
                        actor_id,
                        c.kind,
                        c.status,
                        published,
                        codes,
                        None,
                        c.provenance,
                    )
                )
                tags.extend(
                    (
                        claim_id,
                        self.topic_ids[t.topic],
                        t.stance,
                        t.status,
                        t.note,
                        self.topic_versions[self.topic_ids[t.topic]],
                    )
                    for t in c.topics
                )
        q.copy_rows(session, "articles", ARTICLE_COLUMNS, articles)
        q.copy_rows(session, "claims", CLAIM_COLUMNS, claims)
        q.copy_rows(session, "stance_tags", TAG_COLUMNS, tags)

    def _update(
        self, session: Session, article_id: int, p: _Prepared, stored_line: str | None
    ) -> bool:
        r = p.record
        located = replace(
            r,
            claims=tuple(
                replace(c, start=s, end=e) for c, (s, e) in zip(r.claims, p.spans, strict=True)
            ),
        )
        if stored_line is not None and _same(parse_record(json.loads(stored_line)), located):
            return False
        fields = {
            "title": r.title,
            "outlet": r.outlet,
            "published_at": r.published_at,
            "language": r.language,
            "text": r.text,
            "content_hash": p.digest,
            "authors": list(r.authors),
        }
        q.update_article_fields(session, article_id, **fields)
        for url in r.other_urls:
            q.add_other_url(session, article_id, url)
        published = r.published_at or r.fetched_at or dt.datetime.now(dt.UTC)
        if r.published_at is None and stored_line is not None:
            stored = parse_record(json.loads(stored_line))
            published = stored.fetched_at or published
        claims = [self._new_claim(c, span) for c, span in zip(r.claims, p.spans, strict=True)]
        q.merge_claims(session, article_id, claims, published_at=published)
        return True

    def _new_claim(self, c: ClaimRecord, span: tuple[int, int]) -> q.NewClaim:
        tags = tuple(
            q.NewTag(self.topic_ids[t.topic], t.stance, t.status, t.note) for t in c.topics
        )
        actor_id = self.actors[c.actor.lower()] if c.actor else None
        return q.NewClaim(
            c.text, span[0], span[1], actor_id, c.kind, tags, c.status, provenance=c.provenance
        )


def _locate(text: str, claim: ClaimRecord, index: int) -> tuple[int, int]:
    """Return the claim's span, finding its text in the article when none is given."""
    if claim.start is not None and claim.end is not None:
        return claim.start, claim.end
    start = text.find(claim.text)
    if start < 0:
        raise RecordError(f"claims[{index}].text is not in the article text and has no start/end")
    return start, start + len(claim.text)


def _comparable(record: ArticleRecord) -> ArticleRecord:
    # What an import may change: fetched_at and other_urls only ever grow on their own.
    claims = tuple(
        replace(
            c,
            actor_kind=None,
            actor=c.actor.lower() if c.actor else None,
            topics=tuple(sorted(c.topics, key=lambda t: t.topic)),
        )
        for c in record.claims
    )
    return ArticleRecord(
        record.url,
        record.title,
        record.text,
        record.outlet,
        record.published_at,
        record.language,
        claims,
        authors=record.authors,
    )


def _same(stored: ArticleRecord, incoming: ArticleRecord) -> bool:
    if set(incoming.other_urls) - set(stored.other_urls) - {stored.url}:
        return False
    return _comparable(stored) == _comparable(incoming)
