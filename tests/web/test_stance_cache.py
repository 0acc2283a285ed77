"""Computed stances are kept until a write to claims, tags, actors or topics."""

from __future__ import annotations

from app.models import Stance
from app.queries.stances import get_stance_version
from app.web.stance_cache import StanceCache
from tests.factories import make_actor, make_claim
from tests.web.conftest import html


def test_every_write_to_claims_tags_or_actors_moves_the_version_on(db):
    before = get_stance_version(db)
    actor = make_actor(db)
    after_actor = get_stance_version(db)
    claim = make_claim(db, actor_id=actor.id, tags=[("liability", "supports")])
    after_claim = get_stance_version(db)
    claim.stance_tags[0].stance = Stance.opposes
    db.flush()
    assert before < after_actor < after_claim < get_stance_version(db)


def test_a_result_is_reused_until_the_version_moves_on(db):
    cache, calls = StanceCache(), []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get(db, "k", compute) == cache.get(db, "k", compute) == 1
    make_actor(db)
    assert cache.get(db, "k", compute) == 2


def test_pages_show_a_changed_stance_at_once(client, db, seeded):
    def cell() -> str:
        page = html(client.get("/actors"))
        found = page.select_one('tr[data-actor="openai"] td[data-topic="human-oversight"]')
        return str(found["data-stance"])

    assert cell() == "supports"
    seeded.oversight_claim.stance_tags[0].stance = Stance.opposes
    db.flush()
    assert cell() == "opposes"
    page = html(client.get("/topics/human-oversight"))
    assert page.select_one(".stance-sentence").text == "1 actor opposes."
