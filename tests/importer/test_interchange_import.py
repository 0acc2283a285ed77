"""claims-jsonl/1 import and export: round trip, file-order ids, rejected lines, re-import."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from app.db import make_session_factory
from app.importer.bulk import BulkImporter
from app.queries.export import export_filter, iter_claims_jsonl
from tests.factories import make_actor, make_claim, make_tag

DEMO = Path(__file__).resolve().parents[2] / "app" / "demo" / "articles.jsonl"


def _line(url: str, claims: list[dict] | None = None, **extra: object) -> str:
    text_ = "Anthropic says a pause is needed. OpenAI says oversight matters."
    record = {
        "format": "claims-jsonl/1",
        "url": url,
        "title": "T",
        "text": text_,
        "published_at": "2026-01-02T03:04:05Z",
        "claims": claims
        if claims is not None
        else [
            {
                "text": "a pause is needed",
                "start": 15,
                "end": 32,
                "actor": "Anthropic",
                "kind": "position",
                "topics": [
                    {
                        "topic": "pause-mechanism",
                        "stance": "supports",
                        "status": "confirmed",
                        "note": "clear",
                    }
                ],
            },
            {
                "text": "oversight matters",
                "actor": "OpenAI",
                "topics": [
                    {"topic": "human-oversight", "stance": "supports"},
                    {"topic": "pause-mechanism", "stance": "neutral", "status": "rejected"},
                ],
            },
        ],
    }
    record.update(extra)
    return json.dumps(record)


def _facets_exact(session: Session) -> bool:
    missing = session.scalar(
        text(
            "SELECT count(*) FROM ((SELECT * FROM gc_facet_recount()) "
            "EXCEPT (SELECT * FROM facet_counts WHERE n <> 0)) x"
        )
    )
    extra = session.scalar(
        text(
            "SELECT count(*) FROM ((SELECT * FROM facet_counts WHERE n <> 0) "
            "EXCEPT (SELECT * FROM gc_facet_recount())) x"
        )
    )
    return missing == 0 and extra == 0


def test_it_imports_articles_claims_and_tags_with_their_statuses(db, session_factory):
    summary = BulkImporter(session_factory).run([_line("https://a.example/1")])
    assert (summary.imported, summary.claims, summary.rejected) == (1, 2, 0)
    rows = db.execute(
        text(
            "SELECT c.text, c.start_pos, t.stance::text, t.status::text, t.note, c.tags "
            "FROM claims c JOIN stance_tags t ON t.claim_id = c.id ORDER BY c.id, t.topic_id"
        )
    ).all()
    assert [(r[0], r[2], r[3]) for r in rows] == [
        ("a pause is needed", "supports", "confirmed"),
        ("oversight matters", "neutral", "rejected"),
        ("oversight matters", "supports", "suggested"),
    ]
    assert rows[1].start_pos == 46  # located in the text when no span was given
    assert rows[0].tags == [1 * 8 + 4 + 0]  # confirmed supports on topic 1
    assert rows[1].tags == [4 * 8 + 0]  # the rejected tag is left out of the codes
    assert _facets_exact(db)


def test_claim_ids_follow_the_file_order(committing_db_url):
    engine = create_engine(committing_db_url)
    sessions = make_session_factory(engine)
    lines = [_line(f"https://a.example/{n}") for n in range(5)]
    BulkImporter(sessions, batch_size=2).run(lines)
    with sessions() as session:
        order = session.execute(
            text(
                "SELECT c.id, a.url FROM claims c JOIN articles a ON a.id = c.article_id "
                "ORDER BY c.id"
            )
        ).all()
    engine.dispose()
    assert [r.id for r in order] == list(range(1, 11))
    assert [r.url for r in order][::2] == [f"https://a.example/{n}" for n in range(5)]


def test_it_rejects_bad_lines_with_their_number_and_imports_the_rest(db, session_factory):
    lines = [
        _line("https://a.example/ok1"),
        "{not json",
        _line("ftp://a.example/x"),
        _line(
            "https://a.example/bad-topic",
            claims=[
                {"text": "a pause", "topics": [{"topic": "no-such-topic", "stance": "supports"}]}
            ],
        ),
        _line(
            "https://a.example/bad-span",
            claims=[{"text": "wrong", "start": 0, "end": 5, "topics": []}],
        ),
        "",
        _line("https://a.example/ok2"),
    ]
    summary = BulkImporter(session_factory).run(lines)
    assert (summary.imported, summary.rejected) == (2, 4)
    assert [where for where, _ in summary.problems] == ["line 2", "line 3", "line 4", "line 5"]
    assert "not JSON" in summary.problems[0][1]
    assert "no-such-topic" in summary.problems[2][1]
    assert "text[0:5]" in summary.problems[3][1]


def test_importing_the_same_file_twice_changes_nothing(db, session_factory):
    lines = [_line(f"https://a.example/{n}") for n in range(3)]
    BulkImporter(session_factory).run(lines)
    again = BulkImporter(session_factory).run(lines)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, 3)
    assert db.scalar(text("SELECT count(*) FROM articles")) == 3
    assert db.scalar(text("SELECT count(*) FROM claims")) == 6


def test_it_keeps_confirmed_stances_on_reimport(db, session_factory):
    BulkImporter(session_factory).run([_line("https://a.example/re")])
    changed = json.loads(_line("https://a.example/re"))
    changed["title"] = "New title"
    for claim in changed["claims"]:
        for tag in claim["topics"]:
            tag["status"] = "suggested"
            tag["stance"] = "opposes"
    summary = BulkImporter(session_factory).run([json.dumps(changed)])
    assert summary.updated == 1
    assert db.scalar(text("SELECT count(*) FROM articles")) == 1
    tags = db.execute(
        text(
            "SELECT t.stance::text, t.status::text FROM stance_tags t "
            "ORDER BY t.claim_id, t.topic_id"
        )
    ).all()
    # The decided tags stay as the editor left them; the suggestion follows the file.
    assert [tuple(t) for t in tags] == [
        ("supports", "confirmed"),
        ("neutral", "rejected"),
        ("opposes", "suggested"),
    ]
    assert _facets_exact(db)


def test_export_then_import_into_an_empty_instance_gives_back_the_same_data(
    db, session_factory, committing_db_url
):
    actor = make_actor(db, name="Example Lab", slug="example-lab", kind="lab")
    claim = make_claim(db, actor_id=actor.id, tags=[("pause-mechanism", "supports", "confirmed")])
    make_tag(db, claim, "open-weights", "opposes", "rejected", note="not about weights")
    BulkImporter(session_factory).run([_line("https://a.example/rt")])
    exported = list(iter_claims_jsonl(db))
    engine = create_engine(committing_db_url)
    sessions: sessionmaker[Session] = make_session_factory(engine)
    summary = BulkImporter(sessions).run(exported)
    with sessions() as other:
        again = list(iter_claims_jsonl(other))
        kind = other.scalar(text("SELECT kind::text FROM actors WHERE name = 'Example Lab'"))
        exact = _facets_exact(other)
    engine.dispose()
    assert summary.imported == 2 and summary.rejected == 0
    assert again == exported
    assert kind == "lab"
    assert exact


def test_export_filters_by_topic_stance_and_actor(db, session_factory):
    BulkImporter(session_factory).run([_line("https://a.example/f")])
    oversight_by_openai = export_filter(db, topics=["human-oversight"], actors=["openai"])
    lines = list(iter_claims_jsonl(db, oversight_by_openai))
    assert len(lines) == 1
    claims = json.loads(lines[0])["claims"]
    assert [c["text"] for c in claims] == ["oversight matters"]
    only_opposing = export_filter(db, topics=["pause-mechanism"], stances=["opposes"])
    assert list(iter_claims_jsonl(db, only_opposing)) == []


def test_the_demo_file_imports_without_rejections(db, session_factory):
    with DEMO.open("rb") as handle:
        summary = BulkImporter(session_factory).run(handle)
    assert summary.rejected == 0 and summary.imported > 0
