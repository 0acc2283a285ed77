"""The schema comes from migrations only, and the models agree with them."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from app import schema
from app.models import Base


def test_migrations_upgrade_downgrade_and_upgrade_again(databases):
    url = databases.create()
    engine = create_engine(url)
    schema.upgrade(engine)
    assert "claims" in inspect(engine).get_table_names()
    schema.downgrade(engine, "base")
    assert "claims" not in inspect(engine).get_table_names()
    schema.upgrade(engine)
    with engine.connect() as conn:
        topics = conn.scalar(text("SELECT count(*) FROM topics"))
    assert topics == 14
    engine.dispose()


def test_models_agree_with_migrations(engine):
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_name": lambda name, type_, parents: (
                    not (type_ == "table" and name and name.startswith("procrastinate"))
                ),
            },
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_default_taxonomy_is_seeded_with_propositions(db):
    rows = db.execute(text("SELECT slug, proposition, cues FROM topics ORDER BY id")).all()
    assert rows[0].slug == "pause-mechanism"
    assert all(row.proposition for row in rows)
    assert "moratorium" in rows[0].cues


def test_a_claim_span_must_be_ordered(db):
    import pytest
    from sqlalchemy.exc import IntegrityError

    from tests.factories import make_claim

    with pytest.raises(IntegrityError):
        make_claim(db, start_pos=10, end_pos=5)
