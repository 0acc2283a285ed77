"""The demo data shows what the research views are for: dated positions and real changes."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

from app.importer.bulk import BulkImporter
from app.importer.demo_evidence import find_evidence
from app.models import Actor, AnnotationEvent, StanceTag, TagStatus
from app.queries import demo, stance_views

DEMO = Path(__file__).resolve().parents[1] / "app" / "demo" / "articles.jsonl"
RECORDS = [json.loads(line) for line in DEMO.read_text().splitlines()]


def _load(db, session_factory) -> None:  # type: ignore[no-untyped-def]
    """Load the demo file as `govclaims demo` does."""
    with DEMO.open("rb") as handle:
        assert BulkImporter(session_factory).run(handle).rejected == 0
    demo.record_demo_decisions(db)
    demo.set_demo_evidence(db, find_evidence(DEMO.read_text().splitlines()))


def test_every_article_names_its_source_and_fiction_says_so():
    for record in RECORDS:
        assert "\nSource" in record["text"], record["url"]
        fictional = "fictional" in record["text"].lower()
        assert fictional == ("(fictional)" in record["outlet"]), record["url"]
        if fictional:
            assert record["title"].startswith("FICTIONAL")
            assert all("(fictional)" in c["actor"] for c in record["claims"])


def test_every_claim_has_an_actor_kind_and_is_a_span_of_its_text():
    for record in RECORDS:
        for claim in record["claims"]:
            assert claim["actor_kind"], claim["text"]
            assert record["text"][claim["start"] : claim["end"]] == claim["text"]


def test_every_claim_is_reported_speech_since_the_summaries_quote_no_one():
    for record in RECORDS:
        for claim in record["claims"]:
            before = record["text"][: claim["start"]]
            inside_quotes = before.count('"') % 2 or before.count("“") > before.count("”")
            assert not inside_quotes and claim["provenance"] == "reported", claim["text"]


def test_it_spans_three_years_and_three_topics_with_several_actors():
    years = {r["published_at"][:4] for r in RECORDS}
    topics = {t["topic"] for r in RECORDS for c in r["claims"] for t in c["topics"]}
    actors = {c["actor"] for r in RECORDS for c in r["claims"]}
    assert len(years) >= 3 and len(topics) >= 3 and len(actors) >= 8


def test_confirmed_changes_of_position_are_on_the_record(db, session_factory):
    _load(db, session_factory)
    changes = stance_views.list_change_rows(db)
    confirmed = {(c.actor.name, c.topic.slug) for c in changes if c.change.confirmed}
    assert ("OpenAI", "open-weights") in confirmed
    assert ("US government", "national-regulation") in confirmed
    kinds = dict(db.execute(select(Actor.name, Actor.kind)).all())
    assert kinds["OpenAI"].value == "lab" and kinds["US government"].value == "government"


def test_every_tag_loaded_as_confirmed_has_a_decision_in_its_history(db, session_factory):
    _load(db, session_factory)
    confirmed = set(db.scalars(select(StanceTag.id).where(StanceTag.status == TagStatus.confirmed)))
    decided = set(
        db.scalars(
            select(AnnotationEvent.object_id).where(
                AnnotationEvent.object_type == "stance_tag", AnnotationEvent.action == "confirm"
            )
        )
    )
    assert confirmed and confirmed <= decided
    demo.record_demo_decisions(db)  # loading again adds nothing
    assert db.scalar(select(func.count()).select_from(AnnotationEvent)) == len(decided)


def test_tags_the_extractor_agrees_with_carry_its_evidence(db, session_factory):
    _load(db, session_factory)
    tags = list(db.scalars(select(StanceTag)))
    with_evidence = [t for t in tags if t.evidence]
    assert len(with_evidence) >= len(tags) // 2
    # The evidence argues for the stance the tag has, never for another.
    assert all(f"→ {t.stance.value}" in t.evidence for t in with_evidence)
