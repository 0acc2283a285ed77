"""The claims list: filters, facets, full-text search, HTMX fragments and hostile input."""

from __future__ import annotations

import pytest

from tests.web.conftest import html


def ids(page) -> list[int]:  # type: ignore[no-untyped-def]
    return [int(a["data-claim-id"]) for a in page.select("article.claim")]


def total(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.select_one("output#total")["data-total"])


def facet_count(page, param: str, value: str) -> int:  # type: ignore[no-untyped-def]
    box = page.find("input", attrs={"name": param, "value": value})
    assert box is not None, f"no {param}={value} option"
    label = page.find("label", attrs={"for": box["id"]})
    return int(label.select_one(".count").text.replace(",", ""))


def test_it_lists_every_active_claim_newest_first_with_the_exact_total(client, seeded):
    page = html(client.get("/claims"))
    assert total(page) == 4
    assert ids(page)[0] == seeded.later_pause_claim.id
    assert set(ids(page)) == {
        seeded.pause_claim.id,
        seeded.oversight_claim.id,
        seeded.untagged_claim.id,
        seeded.later_pause_claim.id,
    }


def test_it_filters_by_topic_and_counts_facets_over_the_matching_set(client, seeded):
    page = html(client.get("/claims?topic=pause-mechanism"))
    assert set(ids(page)) == {seeded.pause_claim.id, seeded.later_pause_claim.id}
    assert facet_count(page, "stance", "supports") == 1
    assert facet_count(page, "stance", "opposes") == 1
    assert facet_count(page, "actor", "Anthropic") == 2
    topic_box = page.find("input", attrs={"name": "topic", "value": "pause-mechanism"})
    assert topic_box.has_attr("checked")


def test_several_values_of_one_filter_mean_any_of_them(client, seeded):
    page = html(client.get("/claims?topic=pause-mechanism&topic=human-oversight"))
    assert total(page) == 3


def test_it_combines_topic_stance_and_actor(client, seeded):
    page = html(client.get("/claims?topic=pause-mechanism&stance=opposes&actor=Anthropic"))
    assert ids(page) == [seeded.later_pause_claim.id]


def test_it_filters_by_kind_review_status_and_dates(client, seeded):
    assert ids(html(client.get("/claims?kind=assertion"))) == [seeded.oversight_claim.id]
    assert ids(html(client.get("/claims?status=confirmed"))) == [seeded.pause_claim.id]
    assert ids(html(client.get("/claims?status=untagged"))) == [seeded.untagged_claim.id]
    assert ids(html(client.get("/claims?from=2026-11-01&to=2026-11-30"))) == [
        seeded.later_pause_claim.id
    ]


def test_search_uses_english_stemming_and_highlights_matched_words(client, seeded):
    page = html(client.get("/claims?q=pausing"))
    assert set(ids(page)) == {seeded.pause_claim.id, seeded.later_pause_claim.id}
    marks = [m.text for m in page.select("article.claim .claim-text mark")]
    assert marks and all(m.lower() == "pause" for m in marks)


def test_suggested_and_confirmed_tags_look_different_and_say_so(client, seeded):
    page = html(client.get("/claims?topic=pause-mechanism"))
    row = page.find("article", attrs={"data-claim-id": str(seeded.pause_claim.id)})
    confirmed = row.select_one(".tag.status-confirmed")
    suggested = row.select_one(".tag.status-suggested")
    assert "confirmed" in confirmed.text and "Pause mechanism" in confirmed.text
    assert "suggested" in suggested.text and "International governance" in suggested.text


def test_an_htmx_request_gets_only_the_results_fragment(client, seeded):
    response = client.get("/claims?topic=pause-mechanism", headers={"HX-Request": "true"})
    assert "HX-Request" in response.headers["vary"]
    page = html(response)
    assert page.find("html") is None and page.find("form") is None
    assert page.select_one("#results") is not None
    assert total(page) == 2


def test_the_page_works_as_a_plain_form_without_javascript(client, seeded):
    form = html(client.get("/claims")).select_one("form#filters")
    assert form["action"] == "/claims" and form["method"] == "get"
    assert form.select_one("button[type=submit]") is not None
    assert {i["name"] for i in form.select("input[name]")} >= {"q", "from", "to", "topic", "stance"}


def test_the_actor_search_box_finds_actors_beyond_the_top_ones(client, seeded):
    page = html(client.get("/claims/actor-options?actor_q=open&topic=human-oversight"))
    assert facet_count(page, "actor", "OpenAI") == 1
    assert page.find("input", attrs={"value": "Anthropic"}) is None


def test_active_filters_are_chips_that_link_to_the_view_without_them(client, seeded):
    page = html(client.get("/claims?topic=pause-mechanism&actor=Anthropic"))
    hrefs = {a.text.split("×")[0].strip(): a["href"] for a in page.select(".chips a")}
    assert hrefs["actor: Anthropic"] == "/claims?topic=pause-mechanism"
    assert hrefs["topic: Pause mechanism"] == "/claims?actor=Anthropic"


def test_pages_link_to_each_other_and_a_page_past_the_end_is_empty(client, seeded, db):
    from tests.factories import make_claim

    for _ in range(55):
        make_claim(db, tags=[("liability", "neutral")])
    first = html(client.get("/claims?topic=liability"))
    assert len(ids(first)) == 50
    assert first.select_one("a[rel=next]")["href"] == "/claims?topic=liability&page=2"
    second = html(client.get("/claims?topic=liability&page=2"))
    assert len(ids(second)) == 5 and second.select_one("a[rel=next]") is None
    beyond = client.get("/claims?topic=liability&page=40")
    assert beyond.status_code == 200 and ids(html(beyond)) == []
    assert "There is no page 40" in beyond.text


def test_it_says_what_to_do_when_nothing_matches(client, seeded):
    page = html(client.get("/claims?q=zeppelin"))
    assert total(page) == 0
    assert "No claims match these filters" in page.select_one(".empty").text


@pytest.mark.parametrize(
    "query",
    [
        "topic=no-such-topic",
        "stance=furious",
        "kind=rumour",
        "status=maybe",
        "from=2026-13-45",
        "to=yesterday",
        "from=2026-12-01&to=2026-01-01",
        "sort=sideways",
        "actor=Nobody%20At%20All",
        "q=" + "oversight%20" * 1000,
        "q=%27%3B%20DROP%20TABLE%20claims%3B%20--",
        "q=%22unbalanced",
        "q=%21%21%21%20%26%20%7C",
        "topic=" + "x" * 5000,
        "q=%F0%9F%A4%96%20%E2%80%AE",
    ],
)
def test_hostile_parameters_give_a_page_never_a_server_error(client, seeded, query):
    response = client.get(f"/claims?{query}")
    assert response.status_code == 200
    assert total(html(response)) >= 0


@pytest.mark.parametrize("query", ["page=0", "page=abc", "page=10001", "page=-1"])
def test_a_bad_page_number_is_a_clear_client_error(client, seeded, query):
    response = client.get(f"/claims?{query}")
    assert response.status_code == 422
    assert "page" in response.text


def test_unknown_values_are_reported_to_the_user_and_match_nothing(client, seeded):
    page = html(client.get("/claims?topic=no-such-topic&from=2026-13-45"))
    problems = page.select_one(".problems").text
    assert "unknown topic 'no-such-topic'" in problems
    assert "not a date" in problems
    assert total(page) == 0


def test_a_long_query_is_cut_and_the_user_told(client, seeded):
    page = html(client.get("/claims?q=" + "pause%20" * 2000))
    assert "cut to its first 500 characters" in page.select_one(".problems").text


def test_html_in_the_query_is_escaped_everywhere(client, seeded):
    payload = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    response = client.get("/claims", params={"q": payload, "actor": payload})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert "<img src=x" not in response.text
    page = html(response)
    assert page.select_one("#q")["value"] == payload
    assert not page.select("script:not([src])")


def test_claim_text_with_markup_is_escaped_even_when_highlighted(client, db):
    from tests.factories import make_article, make_claim

    text = "We <b>demand</b> a pause <script>alert(1)</script> now"
    make_claim(db, article=make_article(db, text=text), text=text)
    response = client.get("/claims?q=pause")
    assert "<script>alert(1)" not in response.text
    assert "&lt;b&gt;demand&lt;/b&gt; a <mark>pause</mark>" in response.text


def test_a_nul_character_is_refused_with_400(client, seeded):
    assert client.get("/claims?q=%00").status_code == 400
    assert client.get("/claims?actor=a%00b").status_code == 400
