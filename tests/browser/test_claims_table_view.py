"""The table view of /claims in a browser: chosen with the switch, kept in the URL."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_table_switch_keeps_the_view_in_the_url_and_through_filters(page, live_url):
    page.goto(f"{live_url}/claims")
    page.get_by_label("table").check()
    page.wait_for_url(re.compile(r"/claims\?view=table$"))
    expect(page.locator("table.claims-table tbody tr")).to_have_count(24)
    page.get_by_label(re.compile(r"^Pause mechanism")).check()
    page.wait_for_url(re.compile(r"topic=pause-mechanism"))
    assert "view=table" in page.url
    expect(page.locator("table.claims-table tbody tr")).to_have_count(12)
    page.reload()
    expect(page.locator("table.claims-table tbody tr")).to_have_count(12)
