"""The one orchestrator: fetch -> main text -> canonical URL -> dedupe -> store -> extract.

One article is one transaction: the article row, its claims and their suggested
stance tags are committed together or not at all. The decisions (skip, update,
record an error on the source) are made here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import retrying, unit_of_work
from app.extract import (
    EXTRACTOR_VERSION,
    ActorSpec,
    ClaimCandidate,
    article_voice,
    extract,
    nlp,
)
from app.extract import Article as ExtractArticle
from app.importer.bulk import ImportSummary
from app.importer.canonical import canonical_url, content_hash
from app.importer.failures import TargetError
from app.importer.fetch import Fetcher, FetchError
from app.importer.parse import (
    TEXT_TYPES,
    FeedEntry,
    PageContent,
    ParseError,
    parse_feed,
    parse_page,
    parse_text,
)
from app.importer.targets import TargetImporter, decide_file
from app.models import Article
from app.pagetext import decode
from app.queries import importing as q
from app.queries import locks
from app.queries import sources as sources_q

log = logging.getLogger(__name__)
ACTOR_CACHE_S = 300.0
# How often the importer asks whether an editor changed a topic or a source's voice.
TAXONOMY_CHECK_S = 5.0


@dataclass(frozen=True)
class Outcome:
    """What importing one article did: imported, updated, unchanged or rejected."""

    status: str
    article_id: int | None = None
    claims: int = 0
    reason: str | None = None


@dataclass(frozen=True)
class FeedOutcome:
    """What one poll of a feed did."""

    ok: bool
    entries: int = 0
    deferred: int = 0
    not_modified: bool = False
    reason: str | None = None
    # Entries without a link are stored from the feed's own text, here and now.
    stored: tuple[Outcome, ...] = ()
    rejected: tuple[tuple[str, str], ...] = ()


class Importer:
    """Imports pages, texts, files and feeds into one database."""

    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        *,
        fetcher: Fetcher | None = None,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.settings = settings
        # The extractor is pure and takes no settings; which language pipeline it loads is
        # handed over by whoever extracts, so web processes that never do stay light.
        nlp.configure(settings.spacy_model)
        self.sessions = sessions
        self.fetcher = fetcher or Fetcher(settings)
        self.now = now or (lambda: dt.datetime.now(dt.UTC))
        self._actors: tuple[float, tuple[ActorSpec, ...]] | None = None
        self._taxonomy: tuple[float, tuple[object, ...], q.ExtractionCatalogue] | None = None
        # Ids by slug / lower-cased name; cleared when a transaction fails, since an
        # actor created in a rolled-back transaction does not exist.
        self._topic_ids: dict[str, int] = {}
        self._actor_ids: dict[str, int] = {}

    # -- single articles ---------------------------------------------------------------

    def import_url(self, url: str, *, source_id: int | None = None) -> Outcome:
        """Fetch a web page (or plain text) and import it; FetchError is left to the caller."""
        fetched = self.fetcher.get(url)
        if fetched.content_type in TEXT_TYPES:
            page = parse_text(decode(fetched.body, fetched.charset), url=canonical_url(fetched.url))
        else:
            page = parse_page(fetched.body, url=fetched.url, charset=fetched.charset)
        return self.store(page, source_id=source_id, also_urls=(url,))

    def import_html(self, body: bytes, *, url: str, source_id: int | None = None) -> Outcome:
        """Import an HTML document already in hand (an uploaded file)."""
        return self.store(parse_page(body, url=url), source_id=source_id)

    def import_text(
        self,
        body: str,
        *,
        url: str | None = None,
        title: str | None = None,
        source_id: int | None = None,
    ) -> Outcome:
        """Import pasted or uploaded plain text; without a url it is named by its hash."""
        address = url or f"urn:govclaims:text:{hashlib.sha256(body.encode()).hexdigest()[:32]}"
        return self.store(parse_text(body, url=address, title=title), source_id=source_id)

    def store(
        self, page: PageContent, *, source_id: int | None = None, also_urls: Iterable[str] = ()
    ) -> Outcome:
        """Dedupe, store and extract one article in one transaction."""
        limit = self.settings.article_max_chars
        if len(page.text) > limit:
            raise ParseError(f"the article is {len(page.text):,} characters long; limit {limit:,}")
        urls = list(
            dict.fromkeys(
                [
                    page.canonical_url,
                    canonical_url(page.url),
                    *(canonical_url(u) for u in also_urls),
                ]
            )
        )
        candidates, genre = self._extract(page, source_id)
        for attempt in (1, 2):
            try:
                # A deadlock or serialization failure runs the whole transaction again.
                return retrying(lambda: self._store_once(page, urls, candidates, source_id, genre))
            except IntegrityError:
                # A concurrent import of the same url won the insert; now it is known.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _store_once(
        self,
        page: PageContent,
        urls: list[str],
        candidates: list[ClaimCandidate],
        source_id: int | None,
        genre: str,
    ) -> Outcome:
        try:
            with unit_of_work(self.sessions) as session:
                return self._store(session, page, urls, candidates, source_id, genre)
        except BaseException:
            self._topic_ids, self._actor_ids = {}, {}
            raise

    def _store(
        self,
        session: Session,
        page: PageContent,
        urls: list[str],
        candidates: list[ClaimCandidate],
        source_id: int | None,
        genre: str,
    ) -> Outcome:
        digest = content_hash(page.text)
        # Serialise imports of the same address or the same text across workers.
        locks.lock_import_keys(session, {digest, *urls})
        article = q.find_article_to_import(session, urls, digest)
        if article is None:
            article = self._create(session, page, digest, source_id)
            article.genre = genre
            status = "imported"
        else:
            for url in urls:
                q.add_other_url(session, article.id, url)
            if article.content_hash == digest:
                return Outcome("unchanged", article.id)
            self._update(session, article, page, digest)
            article.genre = genre
            status = "updated"
        claims = self._claims(session, candidates)
        published = article.published_at or article.fetched_at
        merged = q.merge_claims(
            session, article.id, claims, published_at=published, new_article=status == "imported"
        )
        log.info("article %s %s with %d claims", article.id, status, merged.inserted)
        return Outcome(status, article.id, merged.inserted + len(merged.kept_ids))

    def _create(
        self, session: Session, page: PageContent, digest: str, source_id: int | None
    ) -> Article:
        others = [u for u in {canonical_url(page.url)} if u != page.canonical_url]
        article = Article(
            url=page.canonical_url,
            other_urls=others,
            title=page.title[:1000],
            outlet=page.outlet,
            published_at=page.published_at,
            fetched_at=self.now(),
            language=page.language or "en",
            text=page.text,
            content_hash=digest,
            source_id=source_id,
            authors=list(page.authors),
        )
        session.add(article)
        session.flush()
        return article

    def _update(self, session: Session, article: Article, page: PageContent, digest: str) -> None:
        article.text, article.content_hash = page.text, digest
        article.title = page.title[:1000] or article.title
        article.outlet = page.outlet or article.outlet
        article.published_at = page.published_at or article.published_at
        article.authors = list(page.authors) or article.authors
        article.updated_at = self.now()
        session.flush()

    def _extract(
        self, page: PageContent, source_id: int | None
    ) -> tuple[list[ClaimCandidate], str]:
        """The article's claims, and its genre (first-party or report)."""
        started = time.perf_counter()
        article = ExtractArticle(
            text=page.text,
            title=page.title,
            url=page.canonical_url,
            outlet=page.outlet,
            authors=page.authors,
            speaks_for=self._catalogue().speaks_for.get(source_id or 0),
        )
        cap = self.settings.article_max_claims
        found = extract(
            article, actors=self._known_actors(), topics=self._catalogue().topics, max_claims=cap
        )
        log.debug("extracted %d claims in %.3fs", len(found), time.perf_counter() - started)
        # The extractor stops at the cap, so reaching it is the sign that claims were cut.
        if len(found) >= cap:
            log.warning("article %s: kept the first %d claims only", page.canonical_url, cap)
        return found, article_voice(article).genre

    def _catalogue(self) -> q.ExtractionCatalogue:
        """The taxonomy and the sources' voices, reloaded when an editor changes them."""
        now = time.monotonic()
        if self._taxonomy is None or now - self._taxonomy[0] > TAXONOMY_CHECK_S:
            with self.sessions() as session:
                stamp = q.get_catalogue_stamp(session)
                if self._taxonomy is None or self._taxonomy[1] != stamp:
                    self._taxonomy = (now, stamp, q.get_extraction_catalogue(session))
                else:
                    self._taxonomy = (now, stamp, self._taxonomy[2])
        return self._taxonomy[2]

    def _known_actors(self) -> tuple[ActorSpec, ...]:
        if self._actors is None or time.monotonic() - self._actors[0] > ACTOR_CACHE_S:
            with self.sessions() as session:
                # One tuple object until refreshed: the extractor reuses its compiled gazetteer.
                specs = tuple(ActorSpec(n, k, a) for n, k, a in q.list_actor_specs(session))
            self._actors = (time.monotonic(), specs)
        return self._actors[1]

    def _claims(self, session: Session, candidates: list[ClaimCandidate]) -> list[q.NewClaim]:
        if not self._topic_ids:
            self._topic_ids = q.list_topic_ids(session)
        topic_ids = self._topic_ids
        names = {c.actor: c.actor_kind for c in candidates if c.actor}
        missing = {n: k for n, k in names.items() if n.lower() not in self._actor_ids}
        if missing:
            self._actor_ids.update(q.upsert_actors(session, missing))
        actor_ids = self._actor_ids
        return [
            q.NewClaim(
                text=c.text,
                start=c.start,
                end=c.end,
                actor_id=actor_ids.get(c.actor.lower()) if c.actor else None,
                kind=c.kind,
                tags=tuple(
                    q.NewTag(
                        topic_ids[t.topic],
                        t.stance,
                        evidence=t.evidence[:2000],
                        confidence=max(0.0, min(1.0, t.confidence)),
                    )
                    for t in c.topics
                    if t.topic in topic_ids
                ),
                extractor_version=EXTRACTOR_VERSION,
                provenance=c.provenance,
            )
            for c in candidates
            if c.end > c.start
        ]

    # -- feeds -------------------------------------------------------------------------

    def poll_feed(self, source_id: int, *, defer: Callable[[str], None]) -> FeedOutcome:
        """Fetch a feed (conditionally), hand new entry links to defer, record its health."""
        with self.sessions() as session:
            source = sources_q.get_source(session, source_id)
            if source is None or source.url is None:
                return FeedOutcome(False, reason=f"no feed source {source_id}")
            url, etag, modified = source.url, source.etag, source.last_modified
        try:
            fetched = self.fetcher.get(url, feed=True, etag=etag, last_modified=modified)
            if fetched.not_modified:
                self._mark_ok(source_id, etag, modified, None)
                return FeedOutcome(True, not_modified=True)
            feed = parse_feed(
                fetched.body,
                url=fetched.url,
                content_type=fetched.content_type,
                charset=fetched.charset,
            )
        except (FetchError, ParseError) as exc:
            return self._mark_failed(source_id, exc)
        deferred = self._defer_new(feed.entries, defer)
        stored, rejected = self._store_linkless(source_id, feed.entries)
        self._mark_ok(source_id, fetched.etag, fetched.last_modified, feed.title)
        return FeedOutcome(
            True,
            entries=len(feed.entries),
            deferred=deferred,
            reason=feed.warning,
            stored=stored,
            rejected=rejected,
        )

    def _defer_new(self, entries: Iterable[FeedEntry], defer: Callable[[str], None]) -> int:
        links = [canonical_url(e.link) for e in entries if e.link]
        with self.sessions() as session:
            known = q.get_article_ids_by_url(session, links)
        deferred = 0
        for link in dict.fromkeys(links):
            if link not in known:
                defer(link)
                deferred += 1
        return deferred

    def _store_linkless(
        self, source_id: int, entries: Iterable[FeedEntry]
    ) -> tuple[tuple[Outcome, ...], tuple[tuple[str, str], ...]]:
        stored: list[Outcome] = []
        rejected: list[tuple[str, str]] = []
        for entry in entries:
            if not entry.link and entry.text.strip():
                guid = entry.guid or hashlib.sha256(entry.text.encode()).hexdigest()[:32]
                address = f"urn:govclaims:feed:{source_id}:{guid}"
                page = PageContent(
                    url=address,
                    canonical_url=address,
                    title=entry.title or entry.text[:80],
                    text=entry.text,
                    published_at=entry.published_at,
                    authors=entry.authors,
                )
                try:
                    stored.append(self.store(page, source_id=source_id))
                except ParseError as exc:  # one bad entry does not fail the feed
                    rejected.append((address, str(exc)))
        return tuple(stored), tuple(rejected)

    def _mark_ok(
        self, source_id: int, etag: str | None, modified: str | None, title: str | None
    ) -> None:
        with unit_of_work(self.sessions) as session:
            sources_q.mark_polled(
                session, source_id, now=self.now(), etag=etag, last_modified=modified, title=title
            )

    def _mark_failed(self, source_id: int, exc: FetchError | ParseError) -> FeedOutcome:
        reason = exc.reason if isinstance(exc, FetchError) else str(exc)
        retry_after = exc.retry_after if isinstance(exc, FetchError) else None
        with unit_of_work(self.sessions) as session:
            sources_q.mark_poll_failed(
                session, source_id, now=self.now(), reason=reason, retry_after_s=retry_after
            )
        log.warning("feed source %s failed: %s", source_id, reason)
        return FeedOutcome(False, reason=reason)

    # -- files -------------------------------------------------------------------------

    def import_file(self, path: Path, *, name: str | None = None) -> ImportSummary:
        """Import a .jsonl (claims-jsonl/1), .html or .txt file; failures are rejections."""
        try:
            target = decide_file(path, name=name)
        except TargetError as exc:
            summary = ImportSummary()
            summary.reject(name or path.name, str(exc))
            return summary
        return TargetImporter(self).run(target)
