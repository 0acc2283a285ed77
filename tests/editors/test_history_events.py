"""Every write path of the services appends its history event in the same transaction."""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select, text

from app.models import ActorKind, AnnotationEvent, ClaimKind, ClaimStatus, Role, Stance
from app.services import annotation, catalogue
from app.services.errors import Conflict, Invalid, ServiceError
from tests.factories import make_actor, make_claim, make_user, topic


def _world(db) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    user = make_user(db, role=Role.admin)
    claim = make_claim(db, tags=[("pause-mechanism", "supports")])
    return {
        "user": user,
        "claim": claim,
        "tag": claim.stance_tags[0],
        "a1": make_actor(db),
        "a2": make_actor(db),
        "source": catalogue.add_feed(db, user_id=user.id, url="https://f.example/rss"),
    }


# One call per public write function; a test below checks none is missing.
CALLS: dict[str, Callable[[Any, dict[str, Any]], object]] = {
    "decide_tag": lambda db, w: annotation.decide_tag(
        db, user_id=w["user"].id, tag_id=w["tag"].id, expected_version=1, stance=Stance.mixed
    ),
    "add_tag": lambda db, w: annotation.add_tag(
        db,
        user_id=w["user"].id,
        claim_id=w["claim"].id,
        topic_id=topic(db, "liability").id,
        stance=Stance.opposes,
    ),
    "set_claim_actor": lambda db, w: annotation.set_claim_actor(
        db,
        user_id=w["user"].id,
        claim_id=w["claim"].id,
        expected_actor_id=None,
        actor_id=w["a1"].id,
    ),
    "set_claim_kind": lambda db, w: annotation.set_claim_kind(
        db,
        user_id=w["user"].id,
        claim_id=w["claim"].id,
        expected_kind=ClaimKind.position,
        kind=ClaimKind.commitment,
    ),
    "set_claim_span": lambda db, w: annotation.set_claim_span(
        db,
        user_id=w["user"].id,
        claim_id=w["claim"].id,
        expected_start=w["claim"].start_pos,
        expected_end=w["claim"].end_pos,
        start=0,
        end=10,
    ),
    "set_claim_status": lambda db, w: annotation.set_claim_status(
        db, user_id=w["user"].id, claim_id=w["claim"].id, status=ClaimStatus.not_a_claim
    ),
    "add_claim_note": lambda db, w: annotation.add_claim_note(
        db, user_id=w["user"].id, claim_id=w["claim"].id, note="hello"
    ),
    "create_topic": lambda db, w: catalogue.create_topic(
        db, user_id=w["user"].id, slug="t-new", name="New", proposition="P"
    ),
    "update_topic": lambda db, w: catalogue.update_topic(
        db,
        user_id=w["user"].id,
        topic_id=topic(db, "liability").id,
        name="Liab",
        proposition="P",
        description="",
        cues=[],
        retired=True,
    ),
    "update_actor": lambda db, w: catalogue.update_actor(
        db, user_id=w["user"].id, actor_id=w["a1"].id, name="Renamed", kind=ActorKind.lab
    ),
    "add_actor_alias": lambda db, w: catalogue.add_actor_alias(
        db, user_id=w["user"].id, actor_id=w["a1"].id, alias="Another name"
    ),
    "merge_actors": lambda db, w: catalogue.merge_actors(
        db, user_id=w["user"].id, from_id=w["a1"].id, into_id=w["a2"].id
    ),
    "add_feed": lambda db, w: catalogue.add_feed(
        db, user_id=w["user"].id, url="https://g.example/atom"
    ),
    "set_source_enabled": lambda db, w: catalogue.set_source_enabled(
        db, user_id=w["user"].id, source_id=w["source"].id, enabled=False
    ),
    "set_source_voice": lambda db, w: catalogue.set_source_voice(
        db, user_id=w["user"].id, source_id=w["source"].id, speaks_for="Example Lab"
    ),
    "create_account": lambda db, w: catalogue.create_account(
        db, user_id=w["user"].id, username="newcomer", password="long password 1", role=Role.viewer
    ),
    "update_account": lambda db, w: catalogue.update_account(
        db, user_id=w["user"].id, account_id=w["user"].id, role=Role.editor
    ),
}


def _public_writers() -> set[str]:
    names = set()
    for module in (annotation, catalogue):
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if (
                fn.__module__ == module.__name__
                and not name.startswith("_")
                and not name.endswith("_snapshot")
            ):
                names.add(name)
    return names


def _count(db) -> int:  # type: ignore[no-untyped-def]
    return db.scalar(select(func.count()).select_from(AnnotationEvent)) or 0


def test_every_write_function_is_exercised_below() -> None:
    assert _public_writers() == set(CALLS)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_each_write_records_who_when_what_before_and_after(db, name) -> None:
    world = _world(db)
    before = _count(db)
    CALLS[name](db, world)
    db.flush()
    events = db.scalars(select(AnnotationEvent).order_by(AnnotationEvent.id.desc())).all()
    new = events[: _count(db) - before]
    assert new, f"{name} wrote no history"
    event = new[-1]
    assert event.user_id == world["user"].id and event.at is not None
    assert event.object_type and event.action and (event.after or event.before)
    assert not any("password_hash" in str(e.after) for e in new)


def test_a_refused_change_leaves_neither_the_row_nor_history(db) -> None:
    world = _world(db)
    annotation.decide_tag(
        db,
        user_id=world["user"].id,
        tag_id=world["tag"].id,
        expected_version=1,
        stance=Stance.supports,
    )
    before = _count(db)
    with pytest.raises(Conflict) as caught:
        annotation.decide_tag(
            db,
            user_id=world["user"].id,
            tag_id=world["tag"].id,
            expected_version=1,
            stance=Stance.opposes,
        )
    assert caught.value.current["stance"] == "supports"
    with pytest.raises(Invalid):
        annotation.add_claim_note(
            db, user_id=world["user"].id, claim_id=world["claim"].id, note="   "
        )
    assert _count(db) == before


def test_history_cannot_be_rewritten(db) -> None:
    world = _world(db)
    CALLS["add_claim_note"](db, world)
    db.flush()
    with pytest.raises(Exception, match="append-only"), db.begin_nested():
        db.execute(text("UPDATE annotation_events SET action = 'x'"))


def test_facet_counts_stay_exact_after_every_kind_of_write(db) -> None:
    world = _world(db)
    make_claim(db, actor_id=world["a2"].id, tags=[("liability", "opposes", "confirmed")])
    for name in sorted(CALLS):
        # Some calls clash with earlier ones (a merged actor is gone); that is fine here.
        with contextlib.suppress(ServiceError), db.begin_nested():
            CALLS[name](db, world)
    kept = "SELECT scope_topic, scope_stance, dim, key, n FROM facet_counts WHERE n <> 0"
    fresh = "SELECT * FROM gc_facet_recount() WHERE n <> 0"
    missing = db.execute(text(f"({fresh}) EXCEPT ({kept})")).all()
    extra = db.execute(text(f"({kept}) EXCEPT ({fresh})")).all()
    assert (missing, extra) == ([], [])
    assert db.scalar(text("SELECT count(*) FROM gc_facet_recount()"))
