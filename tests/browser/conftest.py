"""A live server over a committed database, and a headless Chromium from Debian's package."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from app.config import Settings
from app.main import create_app
from tests.conftest import TEST_SECRET
from tests.factories import make_actor, make_article, make_claim
from tests.live_server import serving


def find_chromium() -> Path | None:
    """Debian's chromium, or the one GOVCLAIMS_CHROMIUM names; never a downloaded build."""
    named = os.environ.get("GOVCLAIMS_CHROMIUM")
    for candidate in (named, "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    return None


# A closed network: nothing may phone home while the tests run.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "artifacts" / "screenshots"

# (actor, text, [(topic, stance[, status])]); each becomes one article with one claim.
CLAIMS = [
    (
        "Anthropic",
        "Anthropic is calling for a global mechanism to pause frontier AI development",
        [("pause-mechanism", "supports", "confirmed"), ("international-governance", "supports")],
    ),
    (
        "OpenAI",
        "OpenAI says a pause would only help less careful developers",
        [("pause-mechanism", "opposes"), ("race-dynamics", "supports")],
    ),
    (
        "Google DeepMind",
        "DeepMind wants international oversight of frontier models before any pause",
        [("pause-mechanism", "mixed"), ("human-oversight", "supports", "confirmed")],
    ),
    (
        "Anthropic",
        "Anthropic says human oversight must keep pace with self-improving systems",
        [("human-oversight", "supports"), ("recursive-self-improvement", "supports")],
    ),
    (
        "European Commission",
        "The Commission will enforce the AI Act on general-purpose models",
        [("national-regulation", "supports", "confirmed")],
    ),
    (
        "OpenAI",
        "OpenAI commits to publish its preparedness framework evaluations",
        [("frontier-safety-frameworks", "supports"), ("transparency", "supports")],
    ),
]


def seed(session: Session) -> None:
    """Make the browser tests' claims, a day apart, and a few untagged fillers."""
    actors = {
        name: make_actor(session, name=name, slug=name.lower().replace(" ", "-"))
        for name in {a for a, _, _ in CLAIMS}
    }
    start = dt.datetime(2026, 9, 1, 8, tzinfo=dt.UTC)
    for i, (actor, text, tags) in enumerate(CLAIMS * 4):
        body = f"Reporting from the summit. {text}. Officials declined to comment further."
        article = make_article(
            session,
            text=body,
            title=f"Summit report {i + 1}",
            published_at=start + dt.timedelta(days=3 * i),
        )
        make_claim(session, article=article, text=text, actor_id=actors[actor].id, tags=tags)


@pytest.fixture(scope="module")
def live_url(databases, template_db, tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Serve the app with uvicorn in a thread over a seeded database of the module's own."""
    url = databases.create(template=template_db)
    engine = create_engine(url)
    with Session(engine) as session:
        seed(session)
        session.commit()
    settings = Settings(
        database_url=url, data_dir=tmp_path_factory.mktemp("data"), secret_key=TEST_SECRET
    )  # type: ignore[arg-type]
    with serving(create_app(settings, engine=engine)) as base_url:
        yield base_url
    engine.dispose()
    databases.drop(url)


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """A headless Chromium (Debian's package; never a downloaded one)."""
    chromium_path = find_chromium()
    if chromium_path is None:
        pytest.skip(
            "no chromium: install Debian's chromium package (`make browser-deps`) "
            "or set GOVCLAIMS_CHROMIUM to its path"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield tab
    context.close()


def screenshot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """Keep a full-page screenshot as a test artifact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
