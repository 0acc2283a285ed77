"""Every page of the app, at a desktop and a phone width: nothing scrolls sideways, and
axe-core finds no WCAG 2.1 A/AA violation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from app.config import Settings
from app.main import ROUTERS, create_app
from app.models import Actor, Article, Claim, Role
from app.queries.import_failures import upsert_import_failure
from app.queries.throttles import mark_blocked, record_failure
from app.web.throttle import USER_ADDRESS
from tests.browser.accessibility import axe_violations, sideways_overflow
from tests.browser.conftest import screenshot, seed
from tests.conftest import TEST_SECRET
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.live_server import serving

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
# Routes that answer with something other than a page of their own: fragments that HTMX
# swaps into a page listed here, downloads, redirects and the icon.
NOT_PAGES = {
    "/claims/actor-options",
    "/review/status",
    "/claims.atom",
    "/claims.csv",
    "/claims.jsonl",
    "/changes.atom",
    "/actors.csv",
    "/actors.json",
    "/favicon.ico",
    "/docs",
}


def page_urls(ids: dict[str, object]) -> dict[str, str]:
    """Each HTML page's route, with a URL that shows it filled in."""
    return {
        "/": "/",
        "/claims": "/claims",
        "/claims?view=table": "/claims?view=table",
        "/claims/{claim_id}": f"/claims/{ids['claim']}",
        "/claims/{claim_id}/edit": f"/claims/{ids['claim']}/edit",
        "/articles/{article_id}": f"/articles/{ids['article']}",
        "/actors": "/actors",
        "/actors/{slug}": f"/actors/{ids['actor']}",
        "/help/stances": "/help/stances",
        "/topics": "/topics",
        "/topics/{slug}": "/topics/pause-mechanism",
        "/review": "/review",
        "/review?disputed=1": "/review?disputed=1",
        "/import": "/import",
        "/imports": "/imports",
        "/stats": "/stats",
        "/admin": "/admin",
        "/admin/{section}": "/admin/topics",
        "/admin/actors": "/admin/actors",
        "/admin/sources": "/admin/sources",
        "/admin/users": "/admin/users",
        "/admin/throttles": "/admin/throttles",
        "/api/docs": "/api/docs",
        "/login": "/login?next=/review",
        "not found": "/claims/987654321",
    }


@pytest.fixture(scope="module")
def site(databases, template_db, tmp_path_factory) -> Iterator[tuple[str, dict[str, object]]]:  # type: ignore[no-untyped-def]
    """A live app over the browser tests' claims, with an admin account."""
    url = databases.create(template=template_db)
    engine = create_engine(url)
    with Session(engine) as session:
        seed(session)
        make_user(session, username="ada", role=Role.admin)
        _fail_an_import_and_a_login(session)
        session.commit()
        ids = {
            "claim": session.scalars(select(Claim.id).order_by(Claim.id)).first(),
            "article": session.scalars(select(Article.id).order_by(Article.id)).first(),
            "actor": session.scalars(select(Actor.slug).order_by(Actor.id)).first(),
        }
    settings = Settings(
        database_url=url, data_dir=tmp_path_factory.mktemp("data"), secret_key=TEST_SECRET
    )  # type: ignore[arg-type]
    app = create_app(settings, engine=engine)
    with serving(app) as base_url:
        yield base_url, {**ids, "app": app}
    engine.dispose()
    databases.drop(url)


def _fail_an_import_and_a_login(session: Session) -> None:
    """Give /imports and /admin/throttles a row each, so their tables are checked too."""
    now = dt.datetime.now(dt.UTC)
    upsert_import_failure(
        session,
        url="https://news.example.org/2026/11/a-long-address-that-a-phone-must-wrap-somewhere",
        source_id=None,
        error="HTTP 503 Service Unavailable",
        permanent=False,
        attempt=2,
        now=now,
        next_retry_at=now + dt.timedelta(seconds=16),
    )
    for _ in range(5):
        record_failure(session, USER_ADDRESS, "mallory@203.0.113.7", now=now)
    mark_blocked(
        session, USER_ADDRESS.scope, "mallory@203.0.113.7", until=now + dt.timedelta(hours=1)
    )


def test_every_html_route_is_in_the_list_of_pages(site) -> None:  # type: ignore[no-untyped-def]
    _, ids = site
    routes = {
        r.path.replace(":int", "")
        for router in ROUTERS
        for r in router.routes
        if isinstance(r, APIRoute) and "GET" in r.methods and not r.path.startswith("/api/")
    }
    assert "/claims/{claim_id}" in routes  # the list is really read from the routers
    listed = set(page_urls(ids))
    missing = sorted(routes - listed - NOT_PAGES - {"/healthz"})
    assert missing == [], f"pages the browser tests do not visit: {missing}"


def _log_in(tab, base_url: str) -> None:  # type: ignore[no-untyped-def]
    tab.goto(f"{base_url}/login")
    tab.fill("input[name=username]", "ada")
    tab.fill("input[name=password]", DEFAULT_PASSWORD)
    tab.click("form.stacked-form button[type=submit]")
    tab.wait_for_url(f"{base_url}/")


def _check(tab, base_url: str, path: str, name: str) -> list[str]:  # type: ignore[no-untyped-def]
    tab.goto(base_url + path)
    if path.startswith("/api/docs"):
        tab.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    tab.wait_for_load_state("networkidle")
    problems = [f"{name} {path}: {v}" for v in axe_violations(tab)]
    overflow = sideways_overflow(tab)
    if overflow:
        problems.append(f"{name} {path}: scrolls sideways: {overflow}")
    return problems


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_no_page_scrolls_sideways_or_fails_wcag_21_aa(browser, site, width) -> None:  # type: ignore[no-untyped-def]
    base_url, ids = site
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h})
    tab = context.new_page()
    problems: list[str] = []
    # Readers first: the public home page and the login page as a visitor sent there sees it.
    for path in ("/", "/login?next=/review", "/claims/987654321"):
        problems += _check(tab, base_url, path, f"{width} reader")
    _log_in(tab, base_url)
    for route, path in page_urls(ids).items():
        if route == "/login":
            continue
        problems += _check(tab, base_url, path, f"{width} admin")
        if route in ("/", "/claims", "/claims/{claim_id}", "/review"):
            screenshot(tab, f"{width}-{route.strip('/').replace('/', '-') or 'home'}")
    context.close()
    assert problems == [], "\n".join(problems)
