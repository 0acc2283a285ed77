"""Anonymous reads are answered from memory until a write, each visitor with their own token."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from app.main import create_app
from app.models import Role
from app.queries.versions import get_data_version
from app.web.page_cache import Entry, PageCache
from tests.editors.conftest import log_in, page_csrf_token
from tests.factories import make_actor, make_article, make_claim, make_user

Q2 = "/claims?topic=pause-mechanism"


def test_a_repeated_read_is_answered_from_the_cache_with_the_same_page(app, client, seeded):
    first = client.get(Q2)
    second = client.get(Q2)
    assert second.status_code == 200
    assert second.text == first.text
    assert second.headers["etag"] == first.headers["etag"]
    assert app.state.page_cache.hits == 1


def test_a_client_holding_the_page_gets_304_without_a_body(client, seeded):
    tag = client.get("/api/claims?topic=pause-mechanism").headers["etag"]
    again = client.get("/api/claims?topic=pause-mechanism", headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag


def test_a_write_makes_the_next_read_fresh(client, db, seeded):
    before = client.get(Q2)
    make_claim(
        db,
        article=seeded.article,
        text="A brand new claim about pausing",
        tags=[("pause-mechanism", "opposes")],
    )
    db.flush()
    after = client.get(Q2, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert "A brand new claim about pausing" in after.text
    assert after.headers["etag"] != before.headers["etag"]


def test_every_table_a_page_shows_moves_the_version_on(db):
    versions = [get_data_version(db)]
    actor = make_actor(db)
    versions.append(get_data_version(db))
    article = make_article(db)
    versions.append(get_data_version(db))
    make_claim(db, article=article, actor_id=actor.id, tags=[("liability", "supports")])
    versions.append(get_data_version(db))
    assert versions == sorted(set(versions))


def test_two_visitors_each_get_their_own_csrf_token_from_a_cached_page(app, seeded):
    with TestClient(app) as alice, TestClient(app) as bob:
        alice_token = page_csrf_token(alice, Q2)
        bob_token = page_csrf_token(bob, Q2)
        assert app.state.page_cache.hits == 1
        assert alice_token != bob_token
        assert page_csrf_token(alice, Q2) == alice_token


def test_an_editors_page_is_never_served_to_a_visitor_nor_theirs_to_the_editor(app, db, seeded):
    editor = make_user(db, username="edna", role=Role.editor)
    with TestClient(app) as visitor, TestClient(app) as browser:
        anonymous_before = visitor.get(Q2)
        log_in(browser, editor)
        editors_page = browser.get(Q2)
        anonymous_after = visitor.get(Q2)
    assert "edna" not in anonymous_before.text
    assert "edna" in editors_page.text
    assert "edna" not in anonymous_after.text
    assert "etag" not in editors_page.headers


def test_a_committed_write_from_another_connection_makes_the_next_read_fresh(
    committing_db_url, settings
):
    engine = create_engine(committing_db_url)
    app = create_app(settings, engine=engine)
    writer = sessionmaker(bind=engine)
    try:
        with TestClient(app) as visitor:
            assert visitor.get("/claims").status_code == 200
            with writer() as db:
                make_claim(db, text="Committed elsewhere", tags=[("liability", "supports")])
                db.commit()
            assert "Committed elsewhere" in visitor.get("/claims").text
    finally:
        engine.dispose()


def test_the_cache_forgets_the_least_recently_used_answers_beyond_its_bytes():
    cache = PageCache(max_bytes=3000)
    page = Entry([], b"x" * 800, "d", False)
    for n in range(4):
        cache.put(("page", n), 1, page)
    cache.get(("page", 1), 1)
    cache.put(("page", 9), 1, page)
    assert cache.bytes <= 3000
    assert cache.get(("page", 1), 1) is not None
    assert cache.get(("page", 0), 1) is None
    assert cache.get(("page", 2), 1) is None


def test_answers_of_an_older_version_are_dropped_when_a_newer_one_is_seen():
    cache = PageCache()
    cache.put(("page",), 1, Entry([], b"old", "d", False))
    assert cache.get(("page",), 2) is None
    cache.put(("page",), 1, Entry([], b"late", "d", False))
    assert cache.bytes == 0
