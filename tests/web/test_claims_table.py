"""The compact table view of /claims: one line per claim, remembered in the URL."""

from __future__ import annotations

from tests.web.conftest import html


def test_the_table_view_shows_one_row_per_claim_with_date_actor_claim_and_stances(client, seeded):
    page = html(client.get("/claims?view=table"))
    rows = page.select("table.claims-table tbody tr")
    assert {int(r["data-claim-id"]) for r in rows} == {
        seeded.pause_claim.id,
        seeded.oversight_claim.id,
        seeded.untagged_claim.id,
        seeded.later_pause_claim.id,
    }
    assert not page.select("article.claim")
    headers = [th.get_text(strip=True) for th in page.select("table.claims-table thead th")]
    assert headers == ["Date", "Actor", "Claim", "Stances"]
    pause = page.select_one(f'tr[data-claim-id="{seeded.pause_claim.id}"] .col-stances')
    assert "Pause mechanism" in pause.get_text()


def test_the_view_stays_in_the_url_of_chips_and_the_switch(client, seeded):
    page = html(client.get("/claims?view=table&topic=pause-mechanism"))
    chips = [a["href"] for a in page.select("ul.chips a")]
    assert chips and all("view=table" in href for href in chips if href != "/claims")
    assert not any("View" in a.get_text() for a in page.select("ul.chips a"))
    checked = page.select_one('input[name="view"][checked]')
    assert checked["value"] == "table"


def test_the_cards_view_is_the_default_and_an_unknown_view_is_reported(client, seeded):
    assert html(client.get("/claims")).select("article.claim")
    page = html(client.get("/claims?view=grid"))
    assert "unknown view 'grid'" in page.select_one(".problems").get_text()
    assert page.select("article.claim")
