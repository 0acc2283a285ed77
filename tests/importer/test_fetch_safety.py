"""The fetcher refuses private addresses, huge bodies, slow servers and redirect loops."""

from __future__ import annotations

import gzip
import time
import tracemalloc

import pytest

from app.importer.fetch import Fetcher, FetchError
from tests.importer.conftest import make_settings


@pytest.fixture
def strict(database_url, tmp_path):
    """A fetcher without the test allowance for 127.0.0.1."""
    fetcher = Fetcher(make_settings(database_url, tmp_path, fetch_allow_hosts=[]))
    yield fetcher
    fetcher.close()


@pytest.fixture
def fetcher(database_url, tmp_path):
    fetcher = Fetcher(
        make_settings(database_url, tmp_path, fetch_timeout_s=1.5, fetch_max_bytes=1_000_000)
    )
    yield fetcher
    fetcher.close()


@pytest.mark.parametrize(
    "url, words",
    [
        ("http://127.0.0.1:9/feed.xml", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local or cloud metadata"),
        ("http://10.1.2.3/feed", "private"),
        ("http://[::1]/feed", "loopback"),
        ("http://localhost/feed", "loopback"),
        ("file:///etc/passwd", "only http and https"),
        ("gopher://example.org/", "only http and https"),
    ],
)
def test_it_refuses_private_addresses_and_other_schemes_without_the_allowance(strict, url, words):
    with pytest.raises(FetchError) as refused:
        strict.get(url)
    assert words in refused.value.reason


def test_a_redirect_to_a_private_address_is_refused_at_the_hop(strict, fetcher, server):
    # The allowance lets the first hop through; the redirect target is checked again.
    url = server.add("/to-metadata", status=302, Location="http://169.254.169.254/latest/")
    with pytest.raises(FetchError) as refused:
        fetcher.get(url)
    assert "169.254.169.254" in refused.value.reason


def test_a_redirect_loop_is_cut_off(fetcher, server):
    server.add("/a", status=302, Location="/b")
    url = server.add("/b", status=302, Location="/a")
    with pytest.raises(FetchError) as refused:
        fetcher.get(url)
    assert "redirect loop" in refused.value.reason


def test_more_than_five_redirects_are_refused(fetcher, server):
    for n in range(8):
        server.add(f"/r{n}", status=302, Location=f"/r{n + 1}")
    with pytest.raises(FetchError) as refused:
        fetcher.get(server.url("/r0"))
    assert "too many redirects" in refused.value.reason


def test_a_50_mb_body_is_refused_without_reading_it_all(fetcher, server):
    def huge(handler):  # type: ignore[no-untyped-def]
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()  # no Content-Length: the cap must count the stream
        chunk = b"x" * 65536
        try:
            for _ in range(50 * 16):
                handler.wfile.write(chunk)
        except OSError:
            pass

    url = server.add("/huge", huge)
    with pytest.raises(FetchError) as refused:
        fetcher.get(url)
    assert "too large" in refused.value.reason


def test_a_declared_50_mb_body_is_refused_before_reading(fetcher, server):
    def declared(handler):  # type: ignore[no-untyped-def]
        handler.send_response(200)
        handler.send_header("Content-Length", str(50 * 1024 * 1024))
        handler.end_headers()

    with pytest.raises(FetchError) as refused:
        fetcher.get(server.add("/declared", declared))
    assert "52,428,800 bytes declared" in refused.value.reason


def test_a_slow_server_is_cut_off_at_the_total_deadline(fetcher, server):
    def drip(handler):  # type: ignore[no-untyped-def]
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        try:
            for _ in range(30):
                handler.wfile.write(b"<p>")
                handler.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass

    started = time.monotonic()
    with pytest.raises(FetchError) as refused:
        fetcher.get(server.add("/slow", drip))
    assert time.monotonic() - started < 4
    assert "too slow" in refused.value.reason or "timed out" in refused.value.reason


def _slow_headers(handler):  # type: ignore[no-untyped-def]
    # One byte of the header block every 0.2 s: each read succeeds well inside any
    # per-read timeout, so only a deadline over the whole fetch stops it (60 s otherwise).
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Padding: " + b"a" * 300
    try:
        for byte in head:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.2)
    except OSError:
        pass
    handler.close_connection = True


def test_a_server_dripping_its_headers_is_cut_off_at_the_total_deadline(fetcher, server):
    started = time.monotonic()
    with pytest.raises(FetchError) as refused:
        fetcher.get(server.add("/slow-headers", _slow_headers))
    assert time.monotonic() - started < 4
    assert "too slow" in refused.value.reason and refused.value.retryable


def test_a_feed_poll_of_a_server_dripping_its_headers_is_cut_off_too(fetcher, server):
    started = time.monotonic()
    with pytest.raises(FetchError):
        fetcher.get(server.add("/slow-feed", _slow_headers), feed=True, etag='"x"')
    assert time.monotonic() - started < 4


def _gzip_bomb(size: int) -> bytes:
    return gzip.compress(b"\0" * size, compresslevel=9)


def test_a_gzip_bomb_is_refused_on_its_decompressed_size_within_the_limit(fetcher, server):
    bomb = _gzip_bomb(200 * 1024 * 1024)  # about 200 KB on the wire, 200 MB inflated
    url = server.add("/bomb", bomb, Content_Encoding="gzip")
    tracemalloc.start()
    try:
        with pytest.raises(FetchError) as refused:
            fetcher.get(url)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "decompressed body too large" in refused.value.reason
    # The limit is 1 MB: the fetch may hold that and a step more, never the bomb.
    assert peak < 8 * 1024 * 1024


def test_a_gzipped_page_within_the_limit_is_decompressed(fetcher, server):
    page = b"<html><body><p>" + b"compute limits " * 1000 + b"</p></body></html>"
    url = server.add("/gz", gzip.compress(page), Content_Encoding="gzip")
    assert fetcher.get(url).body == page
    assert server.requests[-1][1]["Accept-Encoding"] == "gzip, deflate"


def test_an_encoding_we_did_not_ask_for_is_refused(fetcher, server):
    url = server.add("/br", b"\x1b\x00", Content_Encoding="br")
    with pytest.raises(FetchError) as refused:
        fetcher.get(url)
    assert "unsupported content encoding" in refused.value.reason


def test_a_429_carries_the_servers_retry_after(fetcher, server):
    url = server.add("/busy", b"", status=429, Retry_After="120")
    with pytest.raises(FetchError) as refused:
        fetcher.get(url)
    assert refused.value.retryable and refused.value.retry_after == 120


def test_conditional_requests_send_the_etag_and_see_304(fetcher, server):
    url = server.add("/cond", b"", status=304)
    result = fetcher.get(url, feed=True, etag='"v1"', last_modified="Tue, 01 Dec 2026 00:00:00 GMT")
    assert result.not_modified
    headers = server.requests[-1][1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"].startswith("Tue, 01 Dec 2026")
