"""Topics are read once per process and again after any write to the data."""

from sqlalchemy import text

from app.queries.topics import TopicCatalogue
from tests.factories import make_actor


def test_the_topic_list_is_reused_while_nothing_is_written(db):
    catalogue = TopicCatalogue()
    assert catalogue.get(db) is catalogue.get(db)


def test_a_renamed_topic_is_seen_at_once(db):
    catalogue = TopicCatalogue()
    before = catalogue.get(db)
    db.execute(text("UPDATE topics SET name = 'Pausing' WHERE slug = 'pause-mechanism'"))
    names = {t.slug: t.name for t in catalogue.get(db).values()}
    assert names["pause-mechanism"] == "Pausing"
    assert before is not catalogue.get(db)


def test_any_other_write_also_refreshes_the_list(db):
    catalogue = TopicCatalogue()
    before = catalogue.get(db)
    make_actor(db)
    assert catalogue.get(db) is not before
