"""Hostile inputs (entity bombs, XXE, naughty strings, broken UTF-8) as feed, page and file."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys

import pytest
from sqlalchemy import text

from app.importer.parse import ParseError, parse_feed
from app.models import Source
from app.queries.sources import upsert_feed_source
from tests.conftest import SHARED, needs_shared

HOSTILE = SHARED / "corpus" / "hostile"
FILES = sorted(
    p for p in HOSTILE.rglob("*") if p.is_file() and not p.name.startswith(("LICENSE", "README"))
)
MARKER = "govclaims-secret-marker-7f3a"
needs_hostile = needs_shared("corpus", "hostile")


@needs_hostile
# Without the corpus one placeholder case carries the skip reason (not "empty parameter set").
@pytest.mark.parametrize("path", FILES or [HOSTILE], ids=lambda p: p.name)
def test_a_hostile_file_is_refused_or_imported_as_a_feed_a_page_and_an_upload(
    path, importer, server, db, tmp_path
):
    body = path.read_bytes()
    feed_url = server.add(f"/hostile/feed/{path.name}", body, content_type="application/xml")
    source_id = upsert_feed_source(db, url=feed_url, every_s=3600).id
    outcome = importer.poll_feed(source_id, defer=lambda link: None)
    if not outcome.ok:
        assert db.get(Source, source_id, populate_existing=True).last_error
    page_url = server.add(f"/hostile/page/{path.name}", body)
    try:
        importer.import_url(page_url)
    except ParseError as exc:
        assert str(exc)
    upload = tmp_path / (path.stem + ".html")
    upload.write_bytes(body)
    summary = importer.import_file(upload)
    assert summary.imported + summary.unchanged + summary.rejected + summary.updated == 1


@needs_hostile
def test_entity_declarations_are_refused_before_feedparser_sees_them():
    for name in ("quadratic.xml", "xmlbomb.xml", "cyclic.xml", "external.xml"):
        with pytest.raises(ParseError, match="declares XML entities"):
            parse_feed((HOSTILE / "defusedxml" / name).read_bytes(), url="http://127.0.0.1/")


def test_an_external_entity_never_reads_a_local_file_or_url(importer, server, db, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(MARKER)
    target = server.url("/xxe-target")
    server.add("/xxe-target", MARKER.encode())
    for n, system in enumerate((f"file://{secret}", target)):
        doc = (
            f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "{system}">]>'
            f'<rss version="2.0"><channel><title>t &x;</title><item><title>i &x;</title>'
            f"<description>about &x;</description></item></channel></rss>"
        ).encode()
        url = server.add(f"/xxe/{n}", doc, content_type="application/rss+xml")
        importer.poll_feed(upsert_feed_source(db, url=url, every_s=3600).id, defer=print)
        with contextlib.suppress(ParseError):
            importer.import_url(url)
    assert server.hits.get("/xxe-target", 0) == 0
    stored = db.scalar(
        text("SELECT count(*) FROM articles WHERE text LIKE :m"), {"m": f"%{MARKER}%"}
    )
    assert stored == 0


@needs_hostile
def test_parsing_every_hostile_file_stays_under_300_mb():
    script = (
        "import sys, pathlib\n"
        "from app.importer.parse import parse_feed, parse_page, ParseError\n"
        "for p in sys.argv[1:]:\n"
        "    body = pathlib.Path(p).read_bytes()\n"
        "    for f in (lambda: parse_feed(body, url='http://127.0.0.1/'),\n"
        "              lambda: parse_page(body, url='http://127.0.0.1/')):\n"
        "        try: f()\n"
        "        except ParseError: pass\n"
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forked
        # parent, so a large pytest process would count as the child's peak.
        "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", script, *map(str, FILES)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    peak_mb = int(done.stdout.split()[-1]) / 1024
    assert peak_mb < 300, f"peak {peak_mb:.0f} MB"


@needs_hostile
def test_naughty_strings_survive_a_round_trip_through_the_bulk_path(session_factory, db):
    from app.importer.bulk import BulkImporter

    strings = json.loads((HOSTILE / "naughty-strings" / "blns.json").read_text())
    lines = [
        json.dumps(
            {
                "format": "claims-jsonl/1",
                "url": f"urn:blns:{n}",
                "title": s or "-",
                "text": s,
                "claims": [],
            }
        )
        for n, s in enumerate(strings)
    ]
    summary = BulkImporter(session_factory).run(lines)
    assert summary.imported + summary.rejected == len(strings)
    assert all(
        "NUL" in reason or "title is empty" in reason or "database" in reason
        for _, reason in summary.problems
    )


NESTED_ENTITY_FEED = (
    '<?xml version="1.0" encoding="{encoding}"?>'
    '<!DOCTYPE rss [<!ENTITY a "The board must pause frontier AI now. ">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
    "<description>&c;&c;&c;&c;</description></item></channel></rss>"
)


@pytest.mark.parametrize("encoding", ["cp037", "utf-16", "utf-32", "utf-8"])
def test_entity_declarations_are_refused_whatever_the_encoding(encoding):
    body = NESTED_ENTITY_FEED.format(encoding=encoding).encode(encoding)
    with pytest.raises(ParseError, match="declares XML entities"):
        parse_feed(body, url="http://127.0.0.1/feed.xml", content_type="application/xml")


def test_an_ebcdic_entity_feed_stores_nothing_and_marks_the_source(importer, server, db):
    body = NESTED_ENTITY_FEED.format(encoding="cp037").encode("cp037")
    url = server.add("/ebcdic.xml", body, content_type="application/xml")
    source_id = upsert_feed_source(db, url=url, every_s=3600).id
    outcome = importer.poll_feed(source_id, defer=lambda link: None)
    assert not outcome.ok and "entities" in (outcome.reason or "")
    assert (
        db.scalar(text("SELECT count(*) FROM articles WHERE source_id = :s"), {"s": source_id}) == 0
    )


def test_a_plain_ebcdic_feed_still_parses():
    doc = (
        '<?xml version="1.0" encoding="cp037"?><rss version="2.0"><channel><title>EBCDIC</title>'
        "<item><title>One</title><link>https://example.org/1</link></item></channel></rss>"
    )
    parsed = parse_feed(doc.encode("cp037"), url="http://127.0.0.1/f.xml")
    assert parsed.title == "EBCDIC" and parsed.entries[0].link == "https://example.org/1"


def test_an_article_over_the_size_limit_is_refused_and_claims_are_capped(
    database_url, tmp_path, session_factory
):
    from app.importer.pipeline import Importer
    from tests.importer.conftest import make_settings

    settings = make_settings(database_url, tmp_path, article_max_chars=5_000, article_max_claims=3)
    imp = Importer(settings, session_factory)
    with pytest.raises(ParseError, match="limit 5,000"):
        imp.import_text("The government should pause frontier AI. " * 200)
    sentences = [
        f"Senator Number{n} said the government should pause frontier AI development."
        for n in range(12)
    ]
    outcome = imp.import_text(" ".join(sentences))
    assert 0 < outcome.claims <= 3
