"""Actor pages: the latest stance per topic with counts, timeline and aliases."""

from __future__ import annotations

from app.models import ActorAlias
from tests.web.conftest import html


def test_the_matrix_shows_the_current_stance_and_the_claims_behind_it(client, seeded):
    page = html(client.get("/actors/anthropic"))
    rows = {r.select_one("th a").text: r for r in page.select("table.matrix tbody tr")}
    pause = rows["Pause mechanism"]
    latest = pause.select("td")[0]
    # The editor's October decision outranks November's unreviewed suggestion.
    assert "supports" in latest.text and "confirmed" in latest.text
    assert latest.select_one("a")["href"] == f"/claims/{seeded.pause_claim.id}"
    counts = [td.text.strip() for td in pause.select("td.num")]
    assert counts == ["1", "1", "0", "0"]
    assert "2 claims" in pause.text and "50% confirmed" in pause.text


def test_the_timeline_groups_claims_by_month_newest_first(client, seeded):
    page = html(client.get("/actors/anthropic"))
    assert [h.text for h in page.select("#timeline h3.month")] == ["November 2026", "October 2026"]


def test_it_lists_aliases(client, db, seeded):
    db.add(ActorAlias(actor_id=seeded.anthropic.id, alias="Anthropic PBC"))
    db.flush()
    page = html(client.get("/actors/anthropic"))
    assert "Anthropic PBC" in page.select_one(".aliases").text


def test_the_actor_index_ranks_by_claims_and_finds_aliases(client, db, seeded):
    page = html(client.get("/actors"))
    assert [a.text for a in page.select(".actor-table tbody th a")][:2] == ["Anthropic", "OpenAI"]
    db.add(ActorAlias(actor_id=seeded.openai.id, alias="Open AI Inc"))
    db.flush()
    found = html(client.get("/actors?q=ai%20inc"))
    assert [a.text for a in found.select(".actor-table tbody th a")] == ["OpenAI"]


def test_actor_search_treats_wildcards_literally(client, seeded):
    page = html(client.get("/actors?q=%25"))
    assert page.select(".actor-table") == [] and "No actor" in page.text


def test_an_unknown_actor_is_404(client, seeded):
    response = client.get("/actors/<script>")
    assert response.status_code == 404 and "<script>" not in response.text
