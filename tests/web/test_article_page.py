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
