"""The importer keeps whose voice an article is in and where each claim comes from, and
extracts with the database's taxonomy, which editors change."""

from __future__ import annotations

import json

from sqlalchemy import text

from app.extract import DEFAULT_TOPICS
from app.importer import pipeline as importer_pipeline
from app.importer.bulk import BulkImporter
from app.queries.export import iter_claims_jsonl
from app.queries.sources import upsert_feed_source

LAB_POST = (
    b"<html><head><title>Why we back the AI bill</title>"
    b'<meta name="author" content="Ada Quill; Ben Ortiz">'
    b'<meta property="og:site_name" content="Northwind Labs"></head><body><article>'
    b"<h1>Why we back the AI bill</h1>"
    b"<p>Northwind Labs supports the proposed state bill on frontier AI transparency, "
    b"because AI developers should disclose their safety tests.</p>"
    b"<p>We have long argued that independent audits of frontier AI models must come "
    b"before release. Our view is that AI labs should publish their safety frameworks.</p>"
    b'<p>"Audits are the floor, not the ceiling," said Priya Raman, a researcher at '
    b"the Lindqvist Institute, who reviewed the bill.</p>"
    b"<p>We will publish a system card for every new AI model we release.</p>"
    b"</article></body></html>"
)


def test_a_page_keeps_its_authors_genre_and_each_claims_provenance(importer, server, db):
    outcome = importer.import_url(server.add("/lab-post", LAB_POST))
    assert outcome.status == "imported"
    article = db.execute(text("SELECT authors, genre, outlet FROM articles")).one()
    assert article.authors == ["Ada Quill", "Ben Ortiz"]
    assert article.genre == "first-party"
    rows = db.execute(
        text(
            "SELECT c.provenance, a.name FROM claims c LEFT JOIN actors a ON a.id = c.actor_id "
            "ORDER BY c.start_pos"
        )
    ).all()
    assert ("first-party", "Northwind Labs") in rows
    assert ("quote", "Priya Raman") in rows


def test_a_source_that_speaks_for_a_lab_credits_its_first_person_to_the_lab(importer, server, db):
    source = upsert_feed_source(db, url=server.url("/feed.xml"), every_s=1800)
    db.execute(
        text("UPDATE sources SET speaks_for = 'Southgate AI' WHERE id = :id"), {"id": source.id}
    )
    body = (
        b"<html><head><title>Update</title></head><body><article><p>We will publish the "
        b"results of our dangerous capability evaluations of frontier AI models before each "
        b"release, and we support independent audits of AI labs.</p></article></body></html>"
    )
    importer.import_url(server.add("/update", body), source_id=source.id)
    actors = db.execute(
        text("SELECT DISTINCT a.name FROM claims c JOIN actors a ON a.id = c.actor_id")
    ).scalars()
    assert list(actors) == ["Southgate AI"]


def test_a_feed_entrys_authors_are_kept(importer, server, db):
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Essays</title><item>'
        b'<title>On AI audits</title><guid isPermaLink="false">essay-1</guid>'
        b"<author>ada@example.org (Ada Quill)"
        b"</author><description>I think independent audits of frontier AI models should be "
        b"mandatory, and I have argued that AI labs must disclose their safety tests."
        b"</description></item></channel></rss>"
    )
    source = upsert_feed_source(
        db, url=server.add("/essays.xml", feed, content_type="application/rss+xml"), every_s=1800
    )
    importer.poll_feed(source.id, defer=lambda link: None)
    assert db.scalar(text("SELECT authors FROM articles")) == ["Ada Quill"]


def test_a_topic_an_editor_creates_gets_suggestions(importer, db, monkeypatch):
    monkeypatch.setattr(importer_pipeline, "TAXONOMY_CHECK_S", 0.0)
    db.execute(
        text(
            "INSERT INTO topics (slug, name, proposition, cues) VALUES ('ai-sandboxes', "
            "'AI sandboxes', 'Regulators should run AI sandboxes.', ARRAY['regulatory sandbox'])"
        )
    )
    importer.import_text(
        "Artificial intelligence rules. Anthropic said that a regulatory sandbox for AI "
        "models is needed, and OpenAI agreed that AI labs should join one.",
        title="Sandboxes",
    )
    slugs = db.execute(
        text("SELECT tp.slug FROM stance_tags t JOIN topics tp ON tp.id = t.topic_id")
    ).scalars()
    assert "ai-sandboxes" in set(slugs)


def test_a_topics_version_rises_with_its_proposition_and_decisions_record_it(importer, db):
    importer.import_text(
        "AI news. Anthropic is calling for a global pause on frontier AI development.",
        title="Pause",
    )
    tag_id = db.scalar(
        text(
            "SELECT t.id FROM stance_tags t JOIN topics tp ON tp.id = t.topic_id "
            "WHERE tp.slug = 'pause-mechanism'"
        )
    )
    assert (
        db.scalar(text("SELECT topic_version FROM stance_tags WHERE id = :i"), {"i": tag_id}) == 1
    )
    db.execute(text("UPDATE topics SET cues = cues || ARRAY['stand-still'] WHERE id = 1"))
    assert db.scalar(text("SELECT version FROM topics WHERE id = 1")) == 1  # cues only
    db.execute(
        text("UPDATE topics SET proposition = 'Frontier AI should be paused now.' WHERE id = 1")
    )
    assert db.scalar(text("SELECT version FROM topics WHERE id = 1")) == 2
    db.execute(text("UPDATE stance_tags SET status = 'confirmed' WHERE id = :i"), {"i": tag_id})
    assert (
        db.scalar(text("SELECT topic_version FROM stance_tags WHERE id = :i"), {"i": tag_id}) == 2
    )


def test_a_new_database_holds_the_extractors_default_taxonomy(db):
    rows = db.execute(
        text("SELECT slug, cues, factual, restriction_opposes FROM topics ORDER BY id")
    ).all()
    assert [(r.slug, tuple(r.cues), r.factual, r.restriction_opposes) for r in rows] == [
        (t.slug, t.cues, t.factual, t.restriction_opposes) for t in DEFAULT_TOPICS
    ]


def test_claims_jsonl_carries_authors_and_provenance_both_ways(db, session_factory):
    line = {
        "format": "claims-jsonl/1",
        "url": "https://essays.example/1",
        "title": "On audits",
        "authors": ["Ada Quill", "Ben Ortiz"],
        "text": "We think audits of AI models should be mandatory.",
        "claims": [
            {
                "text": "audits of AI models should be mandatory",
                "actor": "Ada Quill and Ben Ortiz",
                "provenance": "first-party",
                "topics": [{"topic": "evaluations-and-audits", "stance": "supports"}],
            }
        ],
    }
    summary = BulkImporter(session_factory).run([json.dumps(line)])
    assert summary.imported == 1
    exported = json.loads(next(iter(iter_claims_jsonl(db))))
    assert exported["authors"] == ["Ada Quill", "Ben Ortiz"]
    assert exported["claims"][0]["provenance"] == "first-party"


def test_a_bad_provenance_rejects_the_line_with_the_reason(session_factory):
    line = {
        "format": "claims-jsonl/1",
        "url": "https://essays.example/2",
        "title": "T",
        "text": "Audits matter.",
        "claims": [{"text": "Audits matter", "provenance": "rumour", "topics": []}],
    }
    summary = BulkImporter(session_factory).run([json.dumps(line)])
    assert summary.rejected == 1
    assert "provenance must be one of" in summary.problems[0][1]
