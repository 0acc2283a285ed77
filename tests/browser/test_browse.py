"""Browsing in a real browser: filters update in place and push URLs, back works, quotes show."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def total(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.locator("output#total").get_attribute("data-total"))


def test_filtering_searching_going_back_and_opening_a_claim(page, live_url):
    page.goto(f"{live_url}/claims")
    assert total(page) == 24
    page.evaluate("window.__sameDocument = true")

    page.get_by_label(re.compile(r"^Pause mechanism")).check()
    page.wait_for_url(re.compile(r"/claims\?topic=pause-mechanism$"))
    expect(page.locator("#total")).to_have_attribute("data-total", "12")
    assert page.evaluate("window.__sameDocument") is True  # no full page load
    assert page.locator("article.claim").count() == 12
    screenshot(page, "claims")

    page.get_by_label("Search claim text").fill("oversight")
    page.wait_for_url(re.compile(r"q=oversight"))
    expect(page.locator("#total")).to_have_attribute("data-total", "4")
    assert page.evaluate("window.__sameDocument") is True
    assert page.locator("article.claim mark").first.inner_text().lower() == "oversight"

    page.go_back()
    page.wait_for_url(re.compile(r"/claims\?topic=pause-mechanism$"))
    expect(page.locator("#total")).to_have_attribute("data-total", "12")
    assert page.locator("article.claim").count() == 12

    page.locator("article.claim .claim-text a").first.click()
    page.wait_for_url(re.compile(r"/claims/\d+$"))
    quote = page.locator(".article-excerpt mark.quote")
    assert quote.is_visible()
    assert quote.inner_text() == page.locator("h1.claim-quote").inner_text()
    screenshot(page, "claim")


def test_the_actor_search_box_offers_actors_beyond_the_top_ten(page, live_url):
    page.goto(f"{live_url}/claims")
    page.get_by_label("Find an actor").fill("mission")
    expect(page.locator("#facet-actor input")).to_have_count(1)
    page.get_by_label(re.compile(r"^European Commission")).check()
    page.wait_for_url(re.compile(r"/claims\?actor=European(%20|\+)Commission$"))
    expect(page.locator("#total")).to_have_attribute("data-total", "4")
    assert "4 claims" in page.locator("#results-status").inner_text()


def test_the_page_works_without_javascript(browser, live_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_url}/claims")
    page.get_by_label(re.compile(r"^Human oversight")).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"topic=human-oversight"))
    assert total(page) == 8
    context.close()


def test_keyboard_users_can_reach_the_filters_with_visible_focus(page, live_url):
    page.goto(f"{live_url}/claims")
    page.keyboard.press("Tab")  # the skip link
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.locator("#q").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


def test_screenshots_of_the_main_pages(page, live_url, browser):
    for name, path in [
        ("overview", "/"),
        ("topic", "/topics/pause-mechanism"),
        ("actor", "/actors/anthropic"),
        ("topics", "/topics"),
    ]:
        page.goto(f"{live_url}{path}")
        assert page.locator("h1").count() == 1
        screenshot(page, name)
    page.goto(f"{live_url}/claims")
    page.locator("article.claim .source a").first.click()
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    assert page.locator(".article-text a.claim-span mark").count() >= 1
    screenshot(page, "article")
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    small = phone.new_page()
    small.goto(f"{live_url}/claims")
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the claims page scrolls sideways on a phone ({width}px)"
    screenshot(small, "claims-phone")
    phone.close()


def test_the_api_reference_renders_from_vendored_assets_only(page, live_url):
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{live_url}/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".opblock-summary-path", has_text="/api/claims").count() >= 1
    assert all(url.startswith(live_url) or url.startswith("data:") for url in requested)
