"""The app factory: health, error pages and the front page, over a real database."""

from __future__ import annotations

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from app.main import create_app
from tests.factories import make_article, make_claim


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_answers_503_with_a_reason_when_the_database_does_not(settings):
    unreachable = create_engine(
        "postgresql+psycopg://nobody@127.0.0.1:1/nothing", connect_args={"connect_timeout": 2}
    )
    app = create_app(settings, engine=unreachable)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/healthz")
    unreachable.dispose()
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["reason"] == "cannot reach the database at 127.0.0.1:1 (server not running)"


def test_healthz_names_no_socket_path_when_the_embedded_server_is_down(settings, tmp_path):
    gone = create_engine(
        f"postgresql+psycopg://postgres@/govclaims?host={tmp_path}/no-server",
        connect_args={"connect_timeout": 2},
    )
    app = create_app(settings, engine=gone)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/healthz")
    gone.dispose()
    assert response.status_code == 503
    assert response.json()["reason"] == "cannot reach the database (server not running)"
    assert str(tmp_path) not in response.text


def test_an_unknown_api_path_gets_a_json_404(client):
    response = client.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["status"] == 404


def test_an_unknown_page_gets_the_html_error_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    page = BeautifulSoup(response.text, "html.parser")
    assert page.h1 is not None and page.h1.get_text(strip=True) == "404"
    assert page.select_one(".error-message") is not None
    assert page.select_one("nav a.brand") is not None  # the base layout, not a bare message


def test_the_home_page_lists_an_article_and_its_claim(client, db):
    article = make_article(db, title="Lab calls for a global pause option")
    claim = make_claim(db, article=article, tags=[("pause-mechanism", "supports")])
    db.commit()
    response = client.get("/")
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser")
    link = page.select_one(f'a[href="/articles/{article.id}"]')
    assert link is not None and link.get_text(strip=True) == article.title
    assert page.select_one(f'[data-claim-id="{claim.id}"]') is not None


def test_static_files_are_served(client):
    response = client.get("/static/app.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")


def test_the_api_reference_is_served_at_docs_from_local_assets(client):
    response = client.get("/docs")
    assert response.status_code == 200
    assert "/static/" in response.text and "cdn" not in response.text.lower()
    assert client.get("/openapi.json").json()["paths"]["/api/claims"]
