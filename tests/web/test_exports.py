"""Exports of any filtered view: Atom, CSV and claims-jsonl/1, streamed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

from tests.factories import make_article, make_claim

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_atom_feed_carries_the_filtered_claims_newest_first(client, seeded):
    response = client.get("/claims.atom?topic=pause-mechanism&actor=Anthropic")
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text.rsplit("/", 1)[1] for e in entries] == [
        str(seeded.later_pause_claim.id),
        str(seeded.pause_claim.id),
    ]
    assert feed.find(f"{ATOM}updated").text == "2026-11-20T09:00:00Z"
    terms = {c.get("term") for c in entries[0].findall(f"{ATOM}category")}
    assert terms == {"pause-mechanism:opposes"}


def test_the_atom_feed_is_well_formed_with_hostile_text(client, db):
    text = 'A pause </content><script>x</script> & "quotes" ]]>'
    make_claim(db, article=make_article(db, text=text), text=text)
    feed = ET.fromstring(client.get("/claims.atom?q=pause").content)
    content = feed.find(f"{ATOM}entry/{ATOM}content").text
    assert content.startswith(text)


def test_the_csv_export_has_every_matching_claim_and_defuses_formulas(client, db, seeded):
    text = '=HYPERLINK("http://evil") says pause'
    make_claim(
        db, article=make_article(db, text=text), text=text, tags=[("pause-mechanism", "neutral")]
    )
    response = client.get("/claims.csv?topic=pause-mechanism")
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 3
    by_id = {int(r["id"]): r for r in rows}
    assert by_id[seeded.pause_claim.id]["tags"] == (
        "pause-mechanism:supports:confirmed; international-governance:supports:suggested"
    )
    assert by_id[seeded.pause_claim.id]["actor"] == "Anthropic"
    assert any(r["text"].startswith("'=HYPERLINK") for r in rows)


def test_the_jsonl_export_is_claims_jsonl_with_only_the_matching_claims(client, seeded):
    response = client.get("/claims.jsonl?topic=pause-mechanism")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [line["title"] for line in lines] == ["Anthropic changes course", "Labs on pausing AI"]
    first_article = lines[1]
    assert first_article["format"] == "claims-jsonl/1"
    assert first_article["published_at"] == "2026-10-05T09:00:00Z"
    (claim,) = first_article["claims"]
    assert claim["text"] == first_article["text"][claim["start"] : claim["end"]]
    assert claim["actor"] == "Anthropic" and claim["kind"] == "position"
    expected = {"topic": "pause-mechanism", "stance": "supports", "status": "confirmed"}
    assert expected in claim["topics"]


def test_exports_of_an_empty_view_are_empty_not_errors(client, seeded):
    assert client.get("/claims.jsonl?q=zeppelin").text == ""
    assert client.get("/claims.csv?q=zeppelin").text.strip() == (
        "id,published_at,actor,kind,text,tags,article_id,article_title,outlet,article_url,claim_url"
    )
    feed = ET.fromstring(client.get("/claims.atom?topic=nope").content)
    assert feed.findall(f"{ATOM}entry") == []


def test_the_claims_page_links_its_exports_and_feed_with_the_same_filters(client, seeded):
    from tests.web.conftest import html

    page = html(client.get("/claims?topic=pause-mechanism&stance=supports"))
    hrefs = [a["href"] for a in page.select(".exports a")]
    assert "/claims.atom?topic=pause-mechanism&stance=supports" in hrefs
    assert "/claims.csv?topic=pause-mechanism&stance=supports" in hrefs
    assert "/claims.jsonl?topic=pause-mechanism&stance=supports" in hrefs
    alternate = page.select_one("link[rel=alternate]")
    assert alternate["href"] == "/claims.atom?topic=pause-mechanism&stance=supports"


def test_the_jsonl_view_and_the_export_command_write_the_same_lines_for_one_filter(
    client, db, seeded
):
    from app.queries.export import export_filter, iter_claims_jsonl

    web = client.get("/claims.jsonl?topic=pause-mechanism&actor=Anthropic&from=2026-10-01")
    flt = export_filter(
        db, topics=["pause-mechanism"], actors=["anthropic"], since=dt.date(2026, 10, 1)
    )
    command = list(iter_claims_jsonl(db, flt, newest_first=True))
    assert web.text.splitlines() == command
    assert [json.loads(line)["title"] for line in command] == [
        "Anthropic changes course",
        "Labs on pausing AI",
    ]


def test_the_jsonl_view_carries_every_field_of_the_backup_with_microseconds_kept(client, db):
    published = dt.datetime(2026, 11, 2, 8, 30, 15, 123456, tzinfo=dt.UTC)
    article = make_article(db, published_at=published, text="Pausing AI is wise, they said.")
    make_claim(db, article=article, text="Pausing AI is wise", tags=[("pause-mechanism", "mixed")])
    (line,) = [json.loads(x) for x in client.get("/claims.jsonl?stance=mixed").text.splitlines()]
    assert line["published_at"] == "2026-11-02T08:30:15.123456Z"
    assert {"other_urls", "fetched_at", "authors"} <= line.keys()
    assert {"actor_kind", "status", "provenance"} <= line["claims"][0].keys()
    assert line["claims"][0]["status"] == "active"


def test_a_filtered_export_leaves_out_claims_an_editor_marked_as_not_claims_as_the_web_does(
    client, db, seeded
):
    from app.queries.export import export_filter, iter_claims_jsonl

    seeded.oversight_claim.status = "not-a-claim"
    db.flush()
    flt = export_filter(db, topics=["human-oversight"])
    assert list(iter_claims_jsonl(db, flt)) == []
    assert client.get("/claims.jsonl?topic=human-oversight").text == ""
