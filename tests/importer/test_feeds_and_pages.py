"""Feeds and web pages through the pipeline: dedupe, canonical URLs, re-import, health."""

from __future__ import annotations

import gzip
import json

import pytest
from sqlalchemy import text

from app.importer.pipeline import Importer
from app.models import Source
from app.queries.sources import upsert_feed_source
from tests.conftest import SHARED, needs_shared
from tests.importer.conftest import make_settings

FEEDS = SHARED / "corpus" / "feedparser-tests"
LIMIT = int(__import__("os").environ.get("FEEDLIMIT", "100000"))
PAGES = SHARED / "corpus" / "article-extraction"
ARTICLE = (
    "<html><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>"
    "<p>Anthropic said on Tuesday that governments should create a mechanism to pause "
    "frontier AI development if models start to improve themselves faster than expected.</p>"
    "<p>OpenAI argued that international oversight of the largest training runs is needed, "
    "and that an agency like the IAEA could inspect compute.</p>{extra}"
    "<p>Critics said the proposals would slow research without making anyone safer.</p>"
    "</article></body></html>"
)


def page(title: str = "Labs call for a pause", head: str = "", extra: str = "") -> bytes:
    return ARTICLE.format(title=title, head=head, extra=extra).encode()


def rss(*links: str) -> bytes:
    items = "".join(
        f"<item><title>Item {n}</title><link>{link}</link><guid>{link}</guid></item>"
        for n, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title>'
        f"{items}</channel></rss>"
    ).encode()


def _feed(db, url: str) -> int:
    return upsert_feed_source(db, url=url, every_s=1800).id


def test_a_page_becomes_one_article_with_claims_and_suggested_tags(importer, server, db):
    outcome = importer.import_url(server.add("/p1", page()))
    assert outcome.status == "imported" and outcome.claims > 0
    tags = db.execute(text("SELECT DISTINCT status::text FROM stance_tags")).scalars().all()
    assert tags == ["suggested"]
    version = db.scalar(text("SELECT DISTINCT extractor_version FROM claims"))
    assert version and version.startswith("rules")


def test_the_same_article_under_two_urls_is_one_article(importer, server, db):
    first = importer.import_url(server.add("/story?utm_source=x&fbclid=1", page()) + "#top")
    second = importer.import_url(server.add("/mirror/story", page()))
    assert (first.status, second.status) == ("imported", "unchanged")
    assert first.article_id == second.article_id
    row = db.execute(text("SELECT url, other_urls FROM articles")).one()
    assert "utm_source" not in row.url and "#" not in row.url
    assert server.url("/mirror/story") in row.other_urls


def test_rel_canonical_names_the_article(importer, server, db):
    head = '<link rel="canonical" href="https://news.example.org/2026/pause">'
    importer.import_url(server.add("/amp/pause", page(head=head)))
    assert db.scalar(text("SELECT url FROM articles")) == "https://news.example.org/2026/pause"


def test_reimporting_changed_text_updates_and_keeps_confirmed_stances(importer, server, db):
    url = server.add("/changing", page())
    first = importer.import_url(url)
    db.execute(
        text(
            "UPDATE stance_tags SET status = 'confirmed' WHERE id = "
            "(SELECT min(id) FROM stance_tags)"
        )
    )
    confirmed = db.execute(
        text("SELECT claim_id, topic_id, stance::text FROM stance_tags WHERE status = 'confirmed'")
    ).one()
    server.add(
        "/changing",
        page(
            extra="<p>The company added that it welcomes a treaty on AI "
            "compute limits for frontier models.</p>"
        ),
    )
    second = importer.import_url(url)
    assert second.status == "updated" and second.article_id == first.article_id
    assert db.scalar(text("SELECT count(*) FROM articles")) == 1
    still = db.execute(
        text("SELECT claim_id, topic_id, stance::text FROM stance_tags WHERE status = 'confirmed'")
    ).one()
    assert tuple(still) == tuple(confirmed)


def test_the_same_feed_polled_twice_adds_nothing_twice(importer, server, db):
    links = [server.add(f"/f/{n}", page(title=f"Story {n}")) for n in range(2)]
    source_id = _feed(
        db, server.add("/feed.xml", rss(*links), content_type="application/rss+xml", ETag='"v1"')
    )
    for _ in range(2):
        deferred: list[str] = []
        importer.poll_feed(source_id, defer=deferred.append)
        for link in deferred:
            importer.import_url(link, source_id=source_id)
    assert db.scalar(text("SELECT count(*) FROM articles")) == 2
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'
    source = db.get(Source, source_id)
    assert source.consecutive_failures == 0 and source.last_success_at is not None
    wait = (source.next_poll_at - source.last_success_at).total_seconds()
    assert wait == source.poll_interval_s


def test_a_feed_on_a_private_address_is_refused_and_recorded(
    database_url, tmp_path, session_factory, db
):
    strict = Importer(make_settings(database_url, tmp_path, fetch_allow_hosts=[]), session_factory)
    for url in ("http://127.0.0.1:8/feed.xml", "http://169.254.169.254/latest/feed"):
        source_id = _feed(db, url)
        outcome = strict.poll_feed(source_id, defer=lambda link: None)
        source = db.get(Source, source_id, populate_existing=True)
        assert not outcome.ok
        assert (
            "refused" in source.last_error and url.split("/")[2].split(":")[0] in source.last_error
        )
        assert source.consecutive_failures == 1 and source.next_poll_at > source.last_error_at


def test_failures_back_off_exponentially(importer, server, db):
    source_id = _feed(db, server.add("/broken.xml", b"", status=500))
    waits = []
    for _ in range(3):
        importer.poll_feed(source_id, defer=lambda link: None)
        source = db.get(Source, source_id, populate_existing=True)
        waits.append((source.next_poll_at - source.last_error_at).total_seconds())
    assert waits == [3600, 7200, 14400]
    assert "HTTP 500" in source.last_error


@needs_shared("corpus", "feedparser-tests")
def test_every_feedparser_test_feed_imports_or_records_a_clear_error(importer, server, db):
    files = sorted(p for p in FEEDS.rglob("*") if p.suffix in {".xml", ".json"})
    assert len(files) > 2000
    failed = 0
    for n, path in enumerate(files[:LIMIT]):
        url = server.add(f"/corpus/{n}", path.read_bytes(), content_type="application/xml")
        source_id = _feed(db, url)
        outcome = importer.poll_feed(source_id, defer=lambda link: None)
        if not outcome.ok:
            failed += 1
            source = db.get(Source, source_id, populate_existing=True)
            assert source.last_error and source.consecutive_failures == 1, path
    assert failed < len(files) // 4  # most of them are real feeds


@needs_shared("corpus", "article-extraction")
def test_news_pages_from_the_extraction_benchmark_give_their_article_text(importer, server, db):
    truth = json.loads((PAGES / "ground-truth.json").read_text())
    for key in sorted(truth)[:5]:
        body = gzip.decompress((PAGES / "html" / f"{key}.html.gz").read_bytes())
        outcome = importer.import_url(server.add(f"/news/{key}", body))
        stored = db.scalar(
            text("SELECT text FROM articles WHERE id = :i"), {"i": outcome.article_id}
        )
        words = set(truth[key]["articleBody"].split())
        assert len(words & set(stored.split())) / len(words) > 0.8, key


@pytest.mark.parametrize(
    "name, body",
    [
        ("note.txt", b"Anthropic said governments should pause frontier AI development."),
        ("page.html", page()),
    ],
)
def test_uploaded_text_and_html_files_import(importer, tmp_path, db, name, body):
    path = tmp_path / name
    path.write_bytes(body)
    summary = importer.import_file(path)
    assert (summary.imported, summary.rejected) == (1, 0)
    assert importer.import_file(path).unchanged == 1
