"""Topic pages: proposition, actors by stance, claims per month, latest claims."""

from __future__ import annotations

from tests.web.conftest import html


def test_it_shows_the_proposition_and_the_stance_mix_with_its_reliability(client, seeded):
    page = html(client.get("/topics/pause-mechanism"))
    assert "should exist or be used" in page.select_one(".proposition").text
    figures = page.select_one(".mix-figures").text
    assert "supports" in figures and "opposes" in figures
    assert "2 claims · 50% confirmed" in " ".join(page.select_one("#mix-h ~ .small").text.split())


def test_actors_are_grouped_by_the_stance_most_of_their_claims_take(client, seeded, db):
    from tests.factories import make_claim

    make_claim(db, actor_id=seeded.openai.id, tags=[("pause-mechanism", "opposes")])
    page = html(client.get("/topics/pause-mechanism"))
    groups = {
        g.select_one("h3").text.strip(): [a.text for a in g.select("li > a:first-child")]
        for g in page.select(".stance-group")
    }
    assert groups["opposes"] == ["OpenAI"]
    assert groups["supports"] == ["Anthropic"]  # one each: the tie goes to the first stance


def test_the_chart_draws_one_bar_segment_per_month_and_stance(client, seeded):
    page = html(client.get("/topics/pause-mechanism"))
    svg = page.select_one("figure.chart svg")
    assert svg["role"] == "img" and svg.select_one("title").text
    labels = sorted(r.select_one("title").text for r in svg.select("rect"))
    assert labels == ["Nov 2026: 1 opposes", "Oct 2026: 1 supports"]
    assert len(page.select(".chart-data tbody tr")) == 2


def test_it_lists_the_latest_claims_on_the_topic(client, seeded):
    page = html(client.get("/topics/pause-mechanism"))
    ids = [int(a["data-claim-id"]) for a in page.select("#latest-h ~ article.claim")]
    assert ids == [seeded.later_pause_claim.id, seeded.pause_claim.id]


def test_a_topic_without_claims_says_so(client, seeded):
    page = html(client.get("/topics/race-dynamics"))
    assert "No claims on this topic yet" in page.text


def test_the_topic_index_lists_every_topic_with_a_bar(client, seeded):
    page = html(client.get("/topics"))
    assert len(page.select(".topic-item")) == 14
    assert page.select_one(".topic-item svg.stance-bar")


def test_an_unknown_topic_is_404(client, seeded):
    assert client.get("/topics/no-such-topic").status_code == 404
