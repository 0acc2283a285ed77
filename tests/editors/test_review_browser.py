"""The review flow in a real headless Chromium: log in, decide by keyboard, watch the page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.main import create_app
from app.models import Role, StanceTag, TagStatus
from tests.browser.conftest import find_chromium
from tests.conftest import TEST_SECRET
from tests.factories import DEFAULT_PASSWORD, make_claim, make_user
from tests.live_server import serving

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture
def live_server(committing_db_url: str, tmp_path: Path) -> Iterator[str]:
    """Serve the app with uvicorn in a thread, over a database of its own."""
    engine = create_engine(committing_db_url)
    with Session(engine) as session, session.begin():
        make_user(session, username="rita", role=Role.editor)
        for topic in ("pause-mechanism", "human-oversight", "liability", "open-weights"):
            make_claim(session, tags=[(topic, "supports")])
    settings = Settings(
        database_url=committing_db_url, data_dir=tmp_path / "data", secret_key=TEST_SECRET
    )  # type: ignore[arg-type]
    with serving(create_app(settings)) as base_url:
        yield base_url
    engine.dispose()


@pytest.mark.browser
def test_an_editor_confirms_three_suggestions_with_the_keyboard(
    live_server: str, committing_db_url: str
) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        chromium = find_chromium()
        if chromium is None:
            pytest.skip("no chromium: install Debian's chromium package (`make browser-deps`)")
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{live_server}/review")
        assert "/login" in page.url
        page.fill("input[name=username]", "rita")
        page.fill("input[name=password]", DEFAULT_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/review")
        counter = page.locator("#review-left")
        expect(counter).to_have_text("4")
        pending = page.locator("#review-item .tag-editor.status-suggested")
        for key, left in (("s", "3"), ("o", "2"), ("m", "1")):
            shown = page.locator("#review-item").get_attribute("data-claim-id")
            expect(pending).to_have_count(1)
            page.keyboard.press(key)
            try:
                expect(counter).to_have_text(left)
            except AssertionError:
                raise AssertionError(f"after {key}: url {page.url}") from None
            # The queue moves on to the next claim by itself once this one is decided.
            expect(page.locator("#review-item")).not_to_have_attribute("data-claim-id", shown)
        history = page.locator("#review-status ol.history > li")
        expect(history).to_have_count(3)
        expect(history.first).to_contain_text("rita")
        page.keyboard.press("?")
        expect(page.locator("#review-keys")).to_be_visible()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-after-three-decisions.png"), full_page=True)
        browser.close()
    assert errors == []
    engine = create_engine(committing_db_url)
    with Session(engine) as session:
        decided = session.scalars(
            select(StanceTag).where(StanceTag.status == TagStatus.confirmed).order_by(StanceTag.id)
        ).all()
        stances = sorted(t.stance.value for t in decided)
    engine.dispose()
    assert stances == ["mixed", "opposes", "supports"]
