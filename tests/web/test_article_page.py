"""The article page: text with every claim highlighted and linked, source and URLs."""

from __future__ import annotations

from tests.factories import make_article
from tests.web.conftest import html


def test_it_highlights_every_claim_and_links_it(client, seeded):
    page = html(client.get(f"/articles/{seeded.article.id}"))
    spans = {a["href"]: a.text for a in page.select(".article-text a.claim-span")}
    assert spans == {
        f"/claims/{seeded.pause_claim.id}": seeded.pause_claim.text,
        f"/claims/{seeded.oversight_claim.id}": seeded.oversight_claim.text,
        f"/claims/{seeded.untagged_claim.id}": seeded.untagged_claim.text,
    }
    assert page.select_one(".article-text").text == seeded.article.text


def test_it_shows_the_source_and_every_url(client, db):
    article = make_article(db, other_urls=["https://mirror.example.net/a", "javascript:alert(1)"])
    page = html(client.get(f"/articles/{article.id}"))
    links = [a["href"] for a in page.select(".facts a")]
    assert article.url in links and "https://mirror.example.net/a" in links
    assert not any(h.startswith("javascript:") for h in links)
    assert "javascript:alert(1)" in page.select_one(".facts").text  # shown, not linked


def test_an_article_without_claims_says_so(client, db):
    page = html(client.get(f"/articles/{make_article(db).id}"))
    assert "No claims were found" in page.select_one(".article-claims .empty").text


def test_an_unknown_article_is_404(client, seeded):
    assert client.get("/articles/987654321").status_code == 404


def test_a_claim_an_editor_marked_not_a_claim_is_flagged(client, db):
    from app.models import ClaimStatus
    from tests.factories import make_claim

    claim = make_claim(db, status=ClaimStatus.not_a_claim)
    page = html(client.get(f"/articles/{claim.article_id}"))
    row = page.select_one(f'.article-claims [data-claim-id="{claim.id}"]')
    assert "marked not a claim" in row.text


def test_the_claim_list_comes_a_hundred_at_a_time(client, db):
    from tests.factories import make_claim

    sentence = "Regulators must license frontier AI now. "
    article = make_article(db, text=sentence * 250)
    for n in range(250):
        start = n * len(sentence)
        make_claim(db, article=article, text=sentence.strip(), start_pos=start, end_pos=start + 40)
    first = html(client.get(f"/articles/{article.id}"))
    last = html(client.get(f"/articles/{article.id}?page=3"))
    assert len(first.select(".article-claims article.claim")) == 100
    assert len(last.select(".article-claims article.claim")) == 50
    assert first.select_one(".pager a[rel=next]")["href"] == "?page=2"
    assert last.select_one(".pager a[rel=next]") is None
    assert "page 3 of 3" in last.select_one(".pager").text
    assert "250" in first.select_one(".facts").text
