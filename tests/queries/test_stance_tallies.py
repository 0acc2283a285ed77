"""The stance tallies kept by migration 0008's triggers equal the definition worked out anew."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from app.models import StanceTag
from app.queries import stances
from app.services import annotation
from app.vocabulary import STANCES, ClaimStatus, Stance
from tests.factories import make_actor, make_article, make_claim, make_user, topic
from tests.queries.stance_recount import maintained, recount


def _day(d: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2025, 3, d, hour, tzinfo=dt.UTC)


def _history(db):
    """Two actors on two topics over several days, a day with two articles among them."""
    a, b = make_actor(db), make_actor(db)
    days = [make_article(db, published_at=_day(d)) for d in (1, 2, 2, 5, 9)]
    claims = [
        make_claim(db, article=days[0], actor_id=a.id, tags=[("pause-mechanism", "supports")]),
        make_claim(db, article=days[1], actor_id=a.id, tags=[("pause-mechanism", "opposes")]),
        make_claim(
            db,
            article=days[2],
            actor_id=a.id,
            tags=[("pause-mechanism", "supports"), ("national-regulation", "neutral")],
        ),
        make_claim(db, article=days[3], actor_id=b.id, tags=[("pause-mechanism", "mixed")]),
        make_claim(db, article=days[4], actor_id=a.id, tags=[("pause-mechanism", "supports")]),
        make_claim(db, article=days[4], actor_id=b.id, tags=[("national-regulation", "opposes")]),
    ]
    return a, b, claims


def _assert_tallies_match(db):
    db.flush()
    assert maintained(db) == recount(db)


def _assert_views_match(db):
    """The maintained stances and changes are what the rules give over every tag."""
    pairs = stances.by_pair(stances.list_tag_rows(db))
    fresh = {k: stances.current_stance(rows) for k, rows in pairs.items()}
    kept = {(s.actor_id, s.topic_id): s for s in stances.list_current_stances(db)}
    assert kept == fresh
    changes = [c for rows in pairs.values() for c in stances.find_changes(rows)]
    changes.sort(key=stances.change_order, reverse=True)
    assert stances.list_changes(db, limit=1000) == changes


def test_the_tallies_follow_inserts(db):
    _history(db)
    _assert_tallies_match(db)
    _assert_views_match(db)


def test_the_tallies_follow_a_claim_moved_to_another_day_actor_or_status(db):
    a, b, claims = _history(db)
    claims[1].published_at = _day(7)
    claims[2].actor_id = b.id
    claims[3].status = ClaimStatus.not_a_claim
    _assert_tallies_match(db)
    _assert_views_match(db)


def test_the_tallies_follow_editors_decisions_and_added_tags(db):
    _, _, claims = _history(db)
    editor = make_user(db, role="editor")
    tag = db.query(StanceTag).filter_by(claim_id=claims[4].id).one()
    annotation.decide_tag(
        db, user_id=editor.id, tag_id=tag.id, expected_version=tag.version, stance=Stance.opposes
    )
    other = db.query(StanceTag).filter_by(claim_id=claims[1].id).one()
    annotation.decide_tag(
        db, user_id=editor.id, tag_id=other.id, expected_version=other.version, reject=True
    )
    annotation.add_tag(
        db,
        user_id=editor.id,
        claim_id=claims[0].id,
        topic_id=topic(db, "human-oversight").id,
        stance=Stance.mixed,
    )
    _assert_tallies_match(db)
    _assert_views_match(db)
    (now,) = stances.list_current_stances(db, actor_id=claims[4].actor_id, topic_id=tag.topic_id)
    assert (now.current.stance, now.current.confirmed) == ("opposes", True)


def test_the_tallies_follow_deleted_tags_claims_and_a_whole_day(db):
    _, _, claims = _history(db)
    db.execute(text("DELETE FROM stance_tags WHERE claim_id = :c"), {"c": claims[2].id})
    db.delete(claims[1])  # day 2 now has no claim of the actor
    db.delete(claims[5])  # the pair's only claim
    _assert_tallies_match(db)
    _assert_views_match(db)


def test_a_changes_list_cut_at_its_limit_keeps_the_newest(db):
    _history(db)
    every = stances.list_changes(db, limit=1000)
    assert len(every) >= 2
    assert stances.list_changes(db, limit=1) == every[:1]


def test_every_stance_mask_means_what_the_rules_say():
    for mask in range(1, 16):
        found = [s for i, s in enumerate(STANCES) if mask & (1 << i)]
        assert stances.mask_stance(mask) == stances.combine_stances(found)[0]
