"""Claims counted by provenance (facet dimension 'p', migration 0010) stay equal to a
recount through imports, editors' changes and deletions, and use the vocabulary's order."""

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from app import schema
from app.models import ClaimStatus, TagStatus
from app.vocabulary import PROVENANCES
from tests.factories import make_actor, make_claim, make_tag
from tests.test_facet_counts import (
    ACTOR_MAINTAINED,
    ACTOR_RECOUNT,
    MAINTAINED,
    RECOUNT,
    _counts,
)


def _by_provenance(db) -> dict[str, int]:
    rows = db.execute(text("SELECT key, n FROM facet_counts WHERE scope_topic = 0 AND dim = 'p'"))
    return {PROVENANCES[key]: n for key, n in rows if n}


def test_the_database_numbers_provenances_in_the_vocabularys_order(db):
    for index, provenance in enumerate(PROVENANCES):
        assert db.scalar(text("SELECT gc_provenance_index(:p)"), {"p": provenance}) == index


def test_provenance_counts_follow_every_write_and_equal_a_recount(db):
    lab = make_actor(db, name="Northwind Labs", slug="northwind-labs")
    person = make_actor(db, name="Jane Doe", slug="jane-doe")
    quoted = make_claim(
        db, actor_id=person.id, provenance="quote", tags=[("pause-mechanism", "supports")]
    )
    own = make_claim(
        db, actor_id=lab.id, provenance="first-party", tags=[("open-weights", "opposes")]
    )
    told = make_claim(db, actor_id=person.id, provenance="reported")
    make_claim(db, actor_id=None, provenance=None)  # stored before provenance existed
    assert _by_provenance(db) == {"quote": 1, "first-party": 1, "reported": 1}

    told.provenance = "narration"  # an editor's correction
    own.actor_id = person.id
    make_tag(db, told, "compute-governance", "mixed")
    quoted.stance_tags[0].status = TagStatus.confirmed
    db.flush()
    own.status = ClaimStatus.not_a_claim
    db.flush()
    db.delete(quoted)
    db.flush()

    assert _by_provenance(db) == {"narration": 1}
    assert _counts(db, MAINTAINED) == _counts(db, RECOUNT)
    assert _counts(db, ACTOR_MAINTAINED) == _counts(db, ACTOR_RECOUNT)
    compute = db.scalar(text("SELECT id FROM topics WHERE slug = 'compute-governance'"))
    in_topic = (
        "SELECT n FROM facet_counts WHERE scope_topic = :t AND scope_stance = 0 AND dim = 'p'"
    )
    assert db.scalar(text(in_topic), {"t": compute}) == 1


def test_the_migration_counts_the_claims_already_stored(databases):
    engine = create_engine(databases.create())
    schema.upgrade(engine, "0009")
    with Session(engine) as db:
        make_claim(db, provenance="quote", tags=[("pause-mechanism", "supports")])
        make_claim(db, provenance="narration")
        db.commit()
    schema.upgrade(engine)
    with Session(engine) as db:
        assert _by_provenance(db) == {"quote": 1, "narration": 1}
        assert _counts(db, MAINTAINED) == _counts(db, RECOUNT)
    engine.dispose()
