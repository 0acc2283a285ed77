"""app.vocabulary agrees with the migrations, the database and every remaining copy.

The stance and kind orders are storage contracts (tag codes and facet keys), so a copy that
drifts would silently mislabel every facet; these tests make the drift fail instead.
"""

from __future__ import annotations

import enum
import re
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app import models, vocabulary
from app.extract import gazetteer
from app.extract import model as extract_model
from app.vocabulary import pack_tag, pack_tag_index, topic_codes, unpack_tag

VERSIONS = Path(__file__).resolve().parents[1] / "migrations" / "versions"
ENUMS: dict[str, type[enum.StrEnum]] = {
    "source_kind": vocabulary.SourceKind,
    "actor_kind": vocabulary.ActorKind,
    "claim_kind": vocabulary.ClaimKind,
    "claim_status": vocabulary.ClaimStatus,
    "stance": vocabulary.Stance,
    "tag_status": vocabulary.TagStatus,
    "user_role": vocabulary.Role,
}


def _migration(number: str) -> str:
    (path,) = VERSIONS.glob(f"*_{number}_*.py")
    return path.read_text()


def _quoted(sql: str) -> tuple[str, ...]:
    return tuple(re.findall(r"'([^']*)'", sql))


def _case_order(sql: str, function: str, column: str) -> tuple[str, ...]:
    """Return the values a CASE over column maps to 0, 1, 2, ... in the named SQL function."""
    body = sql[sql.index(f"CREATE FUNCTION {function}(") :]
    body = body[: body.index("$$;")]
    case = re.search(rf"CASE {column}((?:\s+WHEN '[^']+' THEN \d+)+)", body)
    assert case is not None, f"no CASE {column} in {function}"
    pairs = re.findall(r"WHEN '([^']+)' THEN (\d+)", case.group(1))
    assert [int(n) for _, n in pairs] == list(range(len(pairs)))
    return tuple(value for value, _ in pairs)


@pytest.mark.parametrize("type_name", sorted(ENUMS))
def test_each_enum_lists_the_values_of_migration_0001_in_its_order(type_name: str) -> None:
    created = re.search(rf"CREATE TYPE {type_name} AS ENUM \(([^)]*)\)", _migration("0001"))
    assert created is not None
    assert _quoted(created.group(1)) == tuple(m.value for m in ENUMS[type_name])


@pytest.mark.parametrize("type_name", sorted(ENUMS))
def test_each_enum_lists_the_values_of_the_migrated_database(db: Session, type_name: str) -> None:
    values = db.execute(text(f"SELECT enum_range(NULL::{type_name})::text[]")).scalar_one()
    assert tuple(values) == tuple(m.value for m in ENUMS[type_name])


def test_the_models_use_the_vocabulary_enums() -> None:
    assert models.Stance is vocabulary.Stance
    assert models.ClaimKind is vocabulary.ClaimKind
    assert models.ActorKind is vocabulary.ActorKind
    assert models.TagStatus is vocabulary.TagStatus
    for column, enum_type in [
        (models.StanceTag.__table__.c.stance, vocabulary.Stance),
        (models.StanceTag.__table__.c.status, vocabulary.TagStatus),
        (models.Claim.__table__.c.kind, vocabulary.ClaimKind),
        (models.Claim.__table__.c.status, vocabulary.ClaimStatus),
        (models.Actor.__table__.c.kind, vocabulary.ActorKind),
        (models.Source.__table__.c.kind, vocabulary.SourceKind),
    ]:
        assert tuple(column.type.enums) == tuple(m.value for m in enum_type)


def test_migration_0002_packs_stances_in_the_vocabulary_order() -> None:
    order = _case_order(_migration("0002"), "gc_tag_code", "p_stance")
    # The CASE ends with ELSE for the last stance.
    assert order == vocabulary.STANCES[: len(order)]
    assert len(order) == len(vocabulary.STANCES) - 1
    assert "ELSE 3 END" in _migration("0002")


def test_migration_0002_lays_out_a_tag_code_as_the_vocabulary_does() -> None:
    sql = _migration("0002")
    assert f"p_topic * {vocabulary.TOPIC_STRIDE} +" in sql
    assert f"WHEN p_status = 'confirmed' THEN {vocabulary.CONFIRMED_BIT} ELSE 0 END" in sql
    assert f"x & {vocabulary.STANCE_MASK}" in sql


def test_migration_0002_counts_kinds_in_the_vocabulary_order() -> None:
    assert _case_order(_migration("0002"), "gc_facet_src_of", "p_kind") == vocabulary.CLAIM_KINDS


def test_migration_0005_allows_exactly_the_vocabulary_provenances() -> None:
    check = re.search(r"CHECK \(provenance IN \(([^)]*)\)\)", _migration("0005"))
    assert check is not None
    assert _quoted(check.group(1)) == vocabulary.PROVENANCES


def test_pack_tag_gives_the_code_the_database_gives(db: Session) -> None:
    for stance in vocabulary.STANCES:
        for status in ("suggested", "confirmed"):
            in_sql = db.execute(
                text("SELECT gc_tag_code(CAST(:t AS smallint), CAST(:s AS stance), :st)"),
                {"t": 37, "s": stance, "st": status},
            ).scalar_one()
            assert pack_tag(37, stance, status == "confirmed") == in_sql


def test_unpack_tag_reverses_pack_tag() -> None:
    for stance_index, stance in enumerate(vocabulary.STANCES):
        for confirmed in (False, True):
            code = pack_tag(4095, stance, confirmed)
            assert code == pack_tag_index(4095, stance_index, confirmed)
            tag = unpack_tag(code)
            assert (tag.topic_id, tag.stance, tag.confirmed) == (4095, stance, confirmed)
            assert tag.status == ("confirmed" if confirmed else "suggested")
            assert code in topic_codes(4095)


def test_the_codes_of_one_topic_are_the_eight_codes_after_its_first() -> None:
    assert topic_codes(2) == list(range(16, 24))
    assert {unpack_tag(c).topic_id for c in topic_codes(2)} == {2}


def test_the_extractor_and_gazetteer_copies_match_the_vocabulary() -> None:
    # The gazetteer names actor kinds as constants of its own; they must be the stored ones.
    assert gazetteer.ACTOR_KINDS == vocabulary.ACTOR_KINDS
    assert extract_model.STANCES == vocabulary.STANCES
    assert extract_model.CLAIM_KINDS == vocabulary.CLAIM_KINDS
    assert extract_model.PROVENANCES == vocabulary.PROVENANCES


def test_the_review_states_are_the_tag_states_a_filter_can_ask_for() -> None:
    assert vocabulary.REVIEW_STATES[:2] == vocabulary.TAG_STATUSES[:2]
    assert vocabulary.CLAIM_STATUSES[1] in vocabulary.REVIEW_STATES
