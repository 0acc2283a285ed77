"""Maintained facet counts always equal a recount from scratch."""

from sqlalchemy import text

from app.models import ClaimStatus, Stance, TagStatus
from tests.factories import make_actor, make_claim, make_tag

MAINTAINED = "SELECT scope_topic, scope_stance, dim, key, n FROM facet_counts WHERE n <> 0"
RECOUNT = "SELECT scope_topic, scope_stance, dim, key, n FROM gc_facet_recount()"
ACTOR_MAINTAINED = (
    "SELECT scope_actor, scope_topic, scope_stance, dim, key, n FROM actor_facet_counts"
    " WHERE n <> 0"
)
ACTOR_RECOUNT = "SELECT * FROM gc_actor_facet_recount()"


def _counts(db, sql):
    return {tuple(row[:-1]): row[-1] for row in db.execute(text(sql))}


def test_counts_match_a_recount_after_mixed_imports_and_edits(db):
    anthropic = make_actor(db, name="Anthropic", slug="anthropic")
    openai = make_actor(db, name="OpenAI", slug="openai")
    first = make_claim(
        db,
        actor_id=anthropic.id,
        tags=[("pause-mechanism", "supports"), ("human-oversight", "mixed")],
    )
    second = make_claim(db, actor_id=openai.id, tags=[("pause-mechanism", "opposes", "confirmed")])
    third = make_claim(db, actor_id=None)
    # Edits: confirm, change stance, reject, move actor, add a tag, retire a claim, delete one.
    tag = first.stance_tags[0]
    tag.status = TagStatus.confirmed
    tag.stance = Stance.mixed
    db.flush()
    first.stance_tags[1].status = TagStatus.rejected
    second.actor_id = anthropic.id
    db.flush()
    make_tag(db, third, "compute-governance", "neutral")
    second.status = ClaimStatus.not_a_claim
    db.flush()
    db.delete(first)
    db.flush()
    assert _counts(db, MAINTAINED) == _counts(db, RECOUNT)
    assert _counts(db, ACTOR_MAINTAINED) == _counts(db, ACTOR_RECOUNT)
    assert _counts(db, MAINTAINED)[(0, 0, "n", 0)] == db.scalar(
        text("SELECT count(*) FROM claims WHERE status = 'active'")
    )


def test_claim_tags_column_follows_its_stance_tags(db):
    claim = make_claim(db, tags=[("pause-mechanism", "supports"), ("open-weights", "opposes")])
    db.refresh(claim)
    assert sorted(claim.tags) == sorted([1 * 8 + 0, 11 * 8 + 1])
    claim.stance_tags[0].status = TagStatus.confirmed
    db.flush()
    db.refresh(claim)
    assert 1 * 8 + 4 + 0 in claim.tags
