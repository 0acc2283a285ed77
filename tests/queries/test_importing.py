"""Importer queries: actors created from names get unique slugs."""

from sqlalchemy import text

from app.queries.importing import upsert_actors


def test_names_that_slug_alike_get_numbered_slugs(db):
    ids = upsert_actors(db, {"Open AI": "lab", "Open-AI": None, "OPEN AI": None})
    assert ids["open ai"] == upsert_actors(db, {"open ai": None})["open ai"]
    assert len(set(ids.values())) == 2  # "Open AI" and "OPEN AI" are one name
    slugs = db.scalars(text("SELECT slug FROM actors ORDER BY slug")).all()
    assert slugs == ["open-ai", "open-ai-2"]
