"""The review queue's keys in a real Chromium: they act on the marked topic, accept, reject,
undo, and the filter form submits as a person would submit it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.main import create_app
from app.models import Claim, ClaimStatus, Role, StanceTag
from tests.conftest import TEST_SECRET
from tests.factories import DEFAULT_PASSWORD, make_claim, make_user
from tests.live_server import serving

pytestmark = pytest.mark.browser

MIXED = [("pause-mechanism", "mixed"), ("human-oversight", "opposes"), ("liability", "neutral")]


@pytest.fixture
def queue(committing_db_url: str, tmp_path: Path) -> Iterator[tuple[str, int]]:
    """A live app whose oldest claim has three suggestions; yield its URL and that claim."""
    engine = create_engine(committing_db_url)
    with Session(engine) as session, session.begin():
        make_user(session, username="rita", role=Role.editor)
        first = make_claim(session, tags=MIXED).id
        make_claim(session, tags=[("open-weights", "supports")])
    settings = Settings(
        database_url=committing_db_url, data_dir=tmp_path / "data", secret_key=TEST_SECRET
    )  # type: ignore[arg-type]
    with serving(create_app(settings, engine=engine)) as base_url:
        yield base_url, first
    engine.dispose()


def _tags(url: str, claim_id: int) -> dict[str, str]:
    engine = create_engine(url)
    with Session(engine) as session:
        claim = session.get(Claim, claim_id)
        assert claim is not None
        tags = session.scalars(select(StanceTag).where(StanceTag.claim_id == claim_id)).all()
        found = {t.topic.slug: f"{t.status.value} {t.stance.value}" for t in tags}
        found["claim"] = claim.status.value
    engine.dispose()
    return found


def _log_in(page, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/review")
    page.fill("input[name=username]", "rita")
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url("**/review")


def test_keys_act_on_the_marked_topic_and_a_rejection_can_be_undone(
    browser, queue, committing_db_url
) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    base_url, claim_id = queue
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _log_in(page, base_url)
    active = page.locator("#review-item .review-tag.active")
    expect(active).to_have_count(1)
    expect(active).to_have_attribute("aria-label", "Pause mechanism")
    expect(active.locator(".keys-here")).to_be_visible()

    page.keyboard.press("ArrowDown")
    expect(active).to_have_attribute("aria-label", "Human oversight and control")
    page.keyboard.press("s")
    # The decision lands on the marked topic only, and the mark moves to the next open one.
    expect(active).to_have_attribute("aria-label", "Liability")
    page.keyboard.press("a")
    expect(active).to_have_attribute("aria-label", "Pause mechanism")
    assert _tags(committing_db_url, claim_id) == {
        "pause-mechanism": "suggested mixed",
        "human-oversight": "confirmed supports",
        "liability": "confirmed neutral",
        "claim": "active",
    }

    page.keyboard.press("r")
    expect(page.locator("#review-item")).not_to_have_attribute("data-claim-id", str(claim_id))
    expect(page.locator("#review-status ol.history > li").first).to_contain_text(
        "rejected the stance on Pause mechanism"
    )
    page.keyboard.press("u")
    expect(page.locator("#review-item")).to_have_attribute("data-claim-id", str(claim_id))
    assert _tags(committing_db_url, claim_id)["pause-mechanism"] == "suggested mixed"

    page.keyboard.press("x")
    expect(page.locator("#review-item")).not_to_have_attribute("data-claim-id", str(claim_id))
    assert _tags(committing_db_url, claim_id)["claim"] == ClaimStatus.not_a_claim.value
    page.keyboard.press("u")
    expect(page.locator("#review-item")).to_have_attribute("data-claim-id", str(claim_id))
    assert _tags(committing_db_url, claim_id)["claim"] == "active"
    page.close()
    assert errors == []


def test_the_filter_form_submits_with_all_sources_and_a_topic(browser, queue) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    base_url, _ = queue
    page = browser.new_page(viewport={"width": 390, "height": 844})
    _log_in(page, base_url)
    page.select_option("select[name=topic]", "open-weights")
    page.click(".review-filter button[type=submit]")
    page.wait_for_url("**/review?topic=open-weights*")
    assert "source=" in page.url
    expect(page.locator("h1")).to_have_text("Review suggestions")
    expect(page.locator("#review-item .review-tag")).to_have_count(1)
    expect(page.locator("#review-item .review-tag")).to_have_attribute("aria-label", "Open weights")
    page.check("input[name=disputed]")
    page.click(".review-filter button[type=submit]")
    expect(page.locator("h1")).to_have_text("Disputed stances")
    page.close()
