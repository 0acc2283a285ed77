"""The overview: totals, latest claims, topics, stance changes, importer state."""

from __future__ import annotations

import datetime as dt

from app.models import Role, Source, SourceKind
from tests.editors.conftest import log_in
from tests.factories import make_user
from tests.web.conftest import html


def test_it_shows_totals_from_the_maintained_counts(client, seeded):
    totals = " ".join(html(client.get("/")).select_one(".totals").text.split())
    assert "4 claims" in totals and "2 articles" in totals and "2 actors" in totals
    assert "25% with a confirmed stance" in totals


def test_it_lists_actors_whose_stance_changed_recently(client, db, seeded):
    from tests.factories import make_article, make_claim

    recent = dt.datetime.now(dt.UTC) - dt.timedelta(days=2)
    make_claim(
        db,
        actor_id=seeded.openai.id,
        tags=[("liability", "supports")],
        article=make_article(db, published_at=recent - dt.timedelta(days=1)),
    )
    make_claim(
        db,
        actor_id=seeded.openai.id,
        tags=[("liability", "opposes")],
        article=make_article(db, published_at=recent),
    )
    changes = html(client.get("/")).select(".changes li")
    keys = ("data-actor", "data-topic", "data-before", "data-after")
    found = {tuple(li[k] for k in keys) for li in changes}
    assert ("openai", "liability", "supports", "opposes") in found
    assert ("anthropic", "pause-mechanism", "supports", "opposes") in found


def test_it_shows_failing_sources_to_editors(client, db, seeded):
    log_in(client, make_user(db, username="edna", role=Role.editor))
    db.add(
        Source(
            kind=SourceKind.feed,
            url="https://feeds.example.org/rss",
            title="Example feed",
            consecutive_failures=3,
            last_error="HTTP 503",
        )
    )
    db.flush()
    text = html(client.get("/")).select_one("#importer-h").parent.text
    assert "Example feed" in text and "3 failures in a row" in text and "HTTP 503" in text
    assert "Last article stored" in text


def test_readers_see_no_operator_details(client, db, seeded):
    db.add(Source(kind=SourceKind.feed, url="https://feeds.example.org/rss", title="Example feed"))
    db.flush()
    page = html(client.get("/"))
    assert page.select_one("#importer-h") is None
    assert "Example feed" not in page.text
    assert page.select_one("h1").get_text(strip=True) == "Who says what about governing AI"


def test_latest_claims_from_one_article_name_it_once(client, seeded):
    rows = html(client.get("/")).select("#latest-h ~ article.claim")
    sources = [r.select_one(".source") for r in rows]
    titles = [s.get_text(" ", strip=True) for s in sources if s is not None]
    assert len(rows) == 4 and len(titles) == len(set(titles)) == 2


def test_every_topic_has_a_stance_bar_and_its_reliability(client, seeded):
    page = html(client.get("/"))
    items = page.select(".topic-bars li")
    assert len(items) == 14
    pause = next(li for li in items if "Pause mechanism" in li.text)
    assert "2 claims" in pause.text and "50% confirmed" in pause.text


def test_an_empty_instance_says_what_to_do(client):
    page = html(client.get("/"))
    assert "Nothing tracked yet" in page.text
