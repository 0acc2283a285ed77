"""The research views in Chromium, on the demo data, checked against the database."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.importer.bulk import BulkImporter
from app.main import create_app
from app.queries import demo, stance_views
from tests.browser.conftest import screenshot
from tests.conftest import TEST_SECRET
from tests.live_server import serving

pytestmark = pytest.mark.browser

DEMO = Path(__file__).resolve().parents[2] / "app" / "demo" / "articles.jsonl"
ATOM = "{http://www.w3.org/2005/Atom}"
Factory = sessionmaker[Session]
PAGES = ["/", "/topics/open-weights", "/topics/pause-mechanism", "/actors", "/actors/openai"]


@pytest.fixture(scope="module")
def demo_db(databases, template_db, tmp_path_factory) -> Iterator[tuple[str, Factory]]:  # type: ignore[no-untyped-def]
    """A database of the module's own with the demo data loaded, served by uvicorn."""
    url = databases.create(template=template_db)
    engine = create_engine(url)
    factory = sessionmaker(engine)
    with DEMO.open("rb") as handle:
        assert BulkImporter(factory).run(handle).rejected == 0
    with factory.begin() as session:
        demo.record_demo_decisions(session)
    settings = Settings(
        database_url=url, data_dir=tmp_path_factory.mktemp("data"), secret_key=TEST_SECRET
    )  # type: ignore[arg-type]
    with serving(create_app(settings, engine=engine)) as base_url:
        yield base_url, factory
    engine.dispose()
    databases.drop(url)


def test_the_topic_page_draws_a_lane_per_actor_as_the_database_has_it(page, demo_db):
    base, factory = demo_db
    with factory() as session:
        topic_id = next(
            t.id for t in stance_views.list_topic_refs(session).values() if t.slug == "open-weights"
        )
        rows = stance_views.list_topic_timeline(session, topic_id)
    page.goto(f"{base}/topics/open-weights")
    lanes = page.locator("svg.timeline g.lane")
    assert [
        (lanes.nth(i).get_attribute("data-label"), lanes.nth(i).get_attribute("data-stance"))
        for i in range(lanes.count())
    ] == [(r.actor.name, r.stance.current.stance) for r in rows]
    for i, row in enumerate(rows):
        marks = lanes.nth(i).locator("a.mark-link")
        assert [marks.nth(j).get_attribute("href") for j in range(marks.count())] == [
            f"/claims/{a.claim_ids[0]}" for a in row.articles
        ]
        hollow = lanes.nth(i).locator("circle.hollow").count()
        assert hollow == sum(not a.confirmed for a in row.articles)
    assert page.locator(".stance-sentence").inner_text() == "3 actors support, 1 is mixed."
    font = page.locator("svg.timeline text.lane-label").first.evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert font >= 11
    screenshot(page, "topic-open-weights")


def test_every_matrix_cell_is_the_current_stance_in_the_database(page, demo_db):
    base, factory = demo_db
    with factory() as session:
        cells = stance_views.list_stance_cells(session)
    page.goto(f"{base}/actors")
    found = page.locator(".stance-matrix td[data-stance]").evaluate_all(
        "cs => cs.map(c => [c.closest('tr').dataset.actor, c.dataset.topic, c.dataset.stance])"
    )
    assert sorted(map(tuple, found)) == sorted(
        (c.actor.slug, c.topic.slug, c.stance.current.stance) for c in cells
    )
    page.get_by_label("Kind").select_option("lab")
    page.wait_for_url("**/actors?*kind=lab*")
    rows = page.locator(".stance-matrix tbody tr")
    labs = rows.evaluate_all("rs => rs.map(r => r.dataset.actor)")
    assert sorted(labs) == ["anthropic", "openai"]
    screenshot(page, "actors-matrix")


def test_the_home_change_list_and_the_atom_feed_match_the_database(page, demo_db):
    base, factory = demo_db
    with factory() as session:
        expected = [
            (c.actor.slug, c.topic.slug, c.change.before.stance, c.change.after.stance)
            for c in stance_views.list_change_rows(session, limit=10)
        ]
        in_feed = len(stance_views.list_change_rows(session, limit=50))
    page.goto(base + "/")
    shown = page.locator("#changes-h ~ .changes li").evaluate_all(
        "lis => lis.map(l => [l.dataset.actor, l.dataset.topic, l.dataset.before, l.dataset.after])"
    )
    assert [tuple(x) for x in shown] == expected
    assert ("openai", "open-weights", "mixed", "supports") in expected
    feed = ET.fromstring(page.request.get(f"{base}/changes.atom").body())
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert "OpenAI on Open weights: mixed → supports" in titles
    assert len(titles) == in_feed


@pytest.mark.parametrize("width", [1280, 390])
def test_no_page_scrolls_sideways(browser, demo_db, width):
    base, _ = demo_db
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    try:
        for path in PAGES:
            tab.goto(base + path)
            scroll, client = tab.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert scroll <= client, f"{path} scrolls sideways at {width} px"
    finally:
        context.close()
