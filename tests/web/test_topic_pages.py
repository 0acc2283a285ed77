"""Topic pages: proposition, actors by stance, claims per month, latest claims."""

from __future__ import annotations

from tests.web.conftest import html


def test_the_proposition_comes_first_then_the_actor_mix_in_words(client, seeded):
    page = html(client.get("/topics/pause-mechanism"))
    first = page.select_one("main h1").find_next_sibling("p")
    assert "proposition" in first["class"] and "should exist or be used" in first.text
    assert page.select_one(".stance-sentence").text == "1 actor supports."
    assert page.select_one(".stance-rule a")["href"] == "/help/stances"
    claims = " ".join(page.select_one("#mix-h ~ .small").text.split())
    assert "1 supports · 1 opposes" in claims and "2 claims · 50% confirmed" in claims


def test_the_mix_counts_actors_by_current_stance_and_a_tie_as_split(client, seeded, db):
    from tests.factories import make_article, make_claim

    article = make_article(db)
    for stance in ("supports", "opposes"):
        tags = [("pause-mechanism", stance)]
        make_claim(db, article=article, actor_id=seeded.openai.id, tags=tags)
    page = html(client.get("/topics/pause-mechanism"))
    assert page.select_one(".stance-sentence").text == "1 actor supports, 1 is split."
    rows = {
        tr["data-actor"]: (tr["data-stance"], tr["data-split"])
        for tr in page.select("table.topic-actors tbody tr")
    }
    assert rows == {"anthropic": ("supports", "false"), "openai": ("mixed", "true")}


def test_the_timeline_has_a_lane_per_actor_and_a_linked_mark_per_article(client, seeded):
    page = html(client.get("/topics/pause-mechanism"))
    svg = page.select_one("svg.timeline")
    # A labelled group (an image's children are presentational, so its links would be nested
    # controls); each mark's link says whose stance, which and when.
    assert svg["role"] == "group" and "viewBox" not in svg.attrs
    assert page.find(id=svg["aria-labelledby"]).name == "title"
    (lane,) = svg.select("g.lane")
    assert (lane["data-label"], lane["data-stance"]) == ("Anthropic", "supports")
    marks = [(a["href"], a.circle["class"]) for a in lane.select("a.mark-link")]
    assert marks == [
        (f"/claims/{seeded.pause_claim.id}", ["mark", "mark-supports"]),
        (f"/claims/{seeded.later_pause_claim.id}", ["mark", "mark-opposes", "hollow"]),
    ]
    assert all(a["aria-label"].startswith("Anthropic: ") for a in lane.select("a.mark-link"))
    assert len(page.select(".timeline-data tbody tr")) == 2


def test_the_topic_page_lists_its_changes_and_links_their_feed(client, seeded):
    page = html(client.get("/topics/pause-mechanism"))
    (change,) = page.select("#changes-h ~ .changes li")
    assert change["data-after-claim"] == str(seeded.later_pause_claim.id)
    feeds = [link["href"] for link in page.select("link[rel=alternate]")]
    assert "/changes.atom?topic=pause-mechanism" in feeds


def test_stance_chips_carry_the_proposition_as_title_and_label(client, seeded):
    page = html(client.get("/topics/pause-mechanism"))
    chip = page.select_one("table.topic-actors .stance")
    assert chip["title"].startswith("supports — agrees that: A mechanism to pause")
    assert chip["aria-label"] == chip["title"]


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
