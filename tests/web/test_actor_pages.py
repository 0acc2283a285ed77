"""Actor pages: the latest stance per topic with counts, timeline and aliases."""

from __future__ import annotations

from app.models import ActorAlias
from tests.factories import make_claim
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


def test_the_matrix_ranks_by_claims_and_finds_aliases(client, db, seeded):
    page = html(client.get("/actors"))
    assert [tr["data-actor"] for tr in page.select(".stance-matrix tbody tr")] == [
        "anthropic",
        "openai",
    ]
    db.add(ActorAlias(actor_id=seeded.openai.id, alias="Open AI Inc"))
    db.flush()
    found = html(client.get("/actors?q=ai%20inc"))
    assert [tr["data-actor"] for tr in found.select(".stance-matrix tbody tr")] == ["openai"]


def test_each_cell_is_the_current_stance_with_counts_and_date_in_words(client, seeded):
    page = html(client.get("/actors"))
    row = page.select_one('.stance-matrix tr[data-actor="anthropic"]')
    cell = row.select_one('td[data-topic="pause-mechanism"]')
    assert cell["data-stance"] == "supports"
    link = cell.select_one("a")
    assert link["href"] == "/claims?actor=Anthropic&topic=pause-mechanism"
    assert link["aria-label"] == (
        "Anthropic supports on Pause mechanism: 2 claims, 1 confirmed; stance of 5 Oct 2026"
    )
    assert row.select_one('td[data-topic="liability"]').text.strip() == "–"
    heading = page.select_one('.stance-matrix th[data-topic="pause-mechanism"] a')
    assert heading["title"].startswith("Proposition: A mechanism to pause")


def test_the_matrix_sorts_by_a_topics_stance_and_filters_by_kind(client, db, seeded):
    from tests.factories import make_actor, make_claim

    lab = make_actor(db, name="Aardvark Lab", slug="aardvark-lab", kind="lab")
    make_claim(db, actor_id=lab.id, tags=[("human-oversight", "opposes")])
    by_topic = html(client.get("/actors?sort=human-oversight"))
    order = [tr["data-actor"] for tr in by_topic.select(".stance-matrix tbody tr")]
    assert order == ["openai", "aardvark-lab", "anthropic"]  # supports, opposes, none
    labs = html(client.get("/actors?kind=lab"))
    assert [tr["data-actor"] for tr in labs.select(".stance-matrix tbody tr")] == ["aardvark-lab"]


def test_the_matrix_downloads_as_csv_and_json(client, seeded):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(client.get("/actors.csv?sort=name").text)))
    assert [r["actor"] for r in rows] == ["Anthropic", "OpenAI"]
    assert (rows[0]["pause-mechanism"], rows[0]["pause-mechanism_basis"]) == (
        "supports",
        "confirmed",
    )
    assert rows[0]["pause-mechanism_date"] == "2026-10-05"
    body = client.get("/actors.json").json()
    anthropic = next(a for a in body["actors"] if a["slug"] == "anthropic")
    assert anthropic["stances"]["pause-mechanism"]["claim_ids"] == [seeded.pause_claim.id]
    assert "liability" not in anthropic["stances"]


def test_the_actor_page_draws_a_lane_per_topic_and_lists_its_changes(client, seeded):
    page = html(client.get("/actors/anthropic"))
    lanes = {g["data-label"]: g["data-stance"] for g in page.select("svg.timeline g.lane")}
    assert lanes == {"Pause mechanism": "supports", "International governance": "supports"}
    (change,) = page.select("#changes-h ~ .changes li")
    assert (change["data-before"], change["data-after"]) == ("supports", "opposes")
    assert "/changes.atom?actor=anthropic" in [a["href"] for a in page.select(".lede a")]


def test_an_htmx_filter_gets_only_the_matrix(client, seeded):
    response = client.get("/actors?kind=other", headers={"HX-Request": "true"})
    fragment = html(response)
    assert fragment.select_one("#actor-list") and not fragment.select_one("h1")
    assert len(fragment.select(".stance-matrix tbody tr")) == 2


def test_the_page_shows_the_first_hundred_actors_and_links_to_all(client, db):
    from app.web.routes.actors import MATRIX_ROWS

    for i in range(MATRIX_ROWS + 2):
        actor = make_actor_for_matrix(db, i)
        make_claim(db, actor_id=actor.id, tags=[("liability", "supports")])
    page = html(client.get("/actors"))
    assert len(page.select(".stance-matrix tbody tr")) == MATRIX_ROWS
    more = html(client.get("/actors?all=1"))
    assert len(more.select(".stance-matrix tbody tr")) == MATRIX_ROWS + 2


def make_actor_for_matrix(db, i):  # type: ignore[no-untyped-def]
    from tests.factories import make_actor

    return make_actor(db, name=f"Matrix actor {i:03d}", slug=f"matrix-actor-{i:03d}")
