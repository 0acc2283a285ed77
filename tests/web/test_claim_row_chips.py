"""Claim rows: each stance names the proposition it agrees or disagrees with."""

from __future__ import annotations

import pytest

from tests.factories import topic
from tests.web.conftest import html


@pytest.mark.parametrize("path", ["/claims", "/", "/actors/anthropic", "/topics/pause-mechanism"])
def test_a_claim_rows_stance_carries_the_proposition_as_title_and_label(client, seeded, db, path):
    proposition = topic(db, "pause-mechanism").proposition
    page = html(client.get(path))
    row = page.select_one(f'article.claim[data-claim-id="{seeded.later_pause_claim.id}"]')
    (chip,) = [
        li.select_one(".tag-stance")
        for li in row.select("li.tag")
        if li.a["href"] == "/topics/pause-mechanism"
    ]
    assert chip.text == "opposes"
    assert chip["title"] == chip["aria-label"] == f"opposes — disagrees that: {proposition}"
