"""A local HTTP server for importer tests: routes map paths to canned responses."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.db import make_session_factory
from app.importer.fetch import Fetcher
from app.importer.pipeline import Importer
from tests.conftest import TEST_SECRET


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes | Callable[[BaseHTTPRequestHandler], None] = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


class LocalServer:
    """Serves routes on 127.0.0.1; counts requests per path."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else each response waits 40 ms for an ACK

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                server.requests.append((self.path, dict(self.headers.items())))
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                    return
                if callable(route.body):
                    route.body(self)
                    return
                self.send_response(route.status)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(
        self,
        path: str,
        body: bytes | Callable[[BaseHTTPRequestHandler], None] = b"",
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        **headers: str,
    ) -> str:
        hdrs = {
            "Content-Type": content_type,
            **{k.replace("_", "-"): v for k, v in headers.items()},
        }
        self.routes[path] = Route(body, status, hdrs)
        return self.url(path)


@pytest.fixture(scope="session")
def http_server() -> Iterator[LocalServer]:
    server = LocalServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()


@pytest.fixture
def server(http_server: LocalServer) -> Iterator[LocalServer]:
    """The shared server with this test's routes (cleared afterwards)."""
    yield http_server
    http_server.routes.clear()
    http_server.hits.clear()
    http_server.requests.clear()


def make_settings(database_url: str, tmp_path, **overrides: object) -> Settings:  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "database_url": database_url,
        "data_dir": tmp_path / "data",
        "secret_key": TEST_SECRET,
        "fetch_allow_hosts": ["127.0.0.1", "localhost"],
        "fetch_timeout_s": 5.0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def importer(settings: Settings, session_factory: sessionmaker[Session]) -> Iterator[Importer]:
    """An importer over the test's rolled-back transaction."""
    imp = Importer(settings, session_factory)
    yield imp
    imp.fetcher.close()


@pytest.fixture
def committing_sessions(committing_db_url: str) -> Iterator[sessionmaker[Session]]:
    engine = create_engine(committing_db_url)
    yield make_session_factory(engine)
    engine.dispose()


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


__all__ = ["Fetcher", "LocalServer", "make_settings", "wait_for"]
