"""The review queue flags suggestions that contradict an actor's confirmed stance."""

from __future__ import annotations

import datetime as dt

from lxml import html

from app.queries import stances
from tests.factories import make_actor, make_claim


def _item(text: str) -> html.HtmlElement:
    return html.fromstring(text).get_element_by_id("review-item")


def _arrange(db):  # type: ignore[no-untyped-def]
    """A confirmed 'supports' for one actor, then three newer suggestions of its own."""
    actor = make_actor(db, name="Lab A", slug="lab-a")
    make_claim(db, actor_id=actor.id, tags=[("pause-mechanism", "supports", "confirmed")])
    agreeing = make_claim(db, actor_id=actor.id, tags=[("pause-mechanism", "supports")])
    neutral = make_claim(db, actor_id=actor.id, tags=[("pause-mechanism", "neutral")])
    reversing = make_claim(db, actor_id=actor.id, tags=[("pause-mechanism", "opposes")])
    for i, claim in enumerate((agreeing, neutral, reversing)):
        claim.stance_tags[0].created_at = dt.datetime(2020, 1, 1 + i, tzinfo=dt.UTC)
    db.flush()
    return agreeing, neutral, reversing


def test_a_contradicting_suggestion_is_a_possible_reversal_and_neutral_is_not():
    assert stances.contradicts("opposes", "supports") and stances.contradicts("mixed", "supports")
    assert not stances.contradicts("neutral", "supports")
    assert not stances.contradicts("supports", "supports")


def test_possible_reversals_come_first_and_are_flagged(db, as_editor) -> None:
    agreeing, _, reversing = _arrange(db)
    item = _item(as_editor.client.get("/review").text)
    assert item.get("data-claim-id") == str(reversing.id)
    (flag,) = item.find_class("reversal-flag")
    assert flag.get("data-tag-id") == str(reversing.stance_tags[0].id)
    next_link = item.xpath('.//a[@data-key="j"]/@href')[0]
    following = _item(as_editor.client.get(next_link).text)
    assert following.get("data-claim-id") == str(agreeing.id)
    assert following.find_class("reversal-flag") == []


def test_the_reversal_filter_keeps_only_possible_reversals(db, as_editor) -> None:
    _, _, reversing = _arrange(db)
    page = as_editor.client.get("/review?reversal=1").text
    assert _item(page).get("data-claim-id") == str(reversing.id)
    assert _item(page).xpath('.//a[@data-key="j"]') == []
    left = html.fromstring(page).xpath('string(//*[@id="review-left"])')
    assert left == "1"
