"""Whole answers to anonymous reads, kept until the data changes, with ETag and 304.

Every write to what the public pages show moves the data version on in the writing
transaction (migration 0009). The version is read before the page is rendered, so a page
filed under version v shows data at least as new as v, and a request that reads v finds
only pages rendered at v or later: a cached answer is never stale.

Only requests without a logged-in user are served from the cache or stored in it: an
editor's pages carry their name, the importer's state and undo windows that no data
version covers. Anonymous pages differ only in the session's CSRF token (base.html puts it
in every page); it is cut out before storing and the requester's own token put back on
the way out, so no token passes from one visitor to another.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.queries.versions import get_data_version
from app.web.security import CSRF_SESSION_KEY, csrf_token

MAX_BYTES = 16 * 1024 * 1024  # per process: a hundred claims pages; workers share a 300 MB bar
MAX_ENTRY_BYTES = 2 * 1024 * 1024  # big exports stream through instead
# What the public pages and the API answer; the editors' and admins' pages are left out.
CACHED_PREFIXES = (
    "/claims",
    "/articles/",
    "/actors",
    "/topics",
    "/api/",
    "/changes.atom",
    "/help/",
)
TOKEN_HOLE = b"\x00csrf-token\x00"
_DROPPED_HEADERS = {b"content-length", b"etag"}


@dataclass(frozen=True)
class Entry:
    """A stored answer: status 200, its headers and its body with the CSRF token cut out."""

    headers: list[tuple[bytes, bytes]]
    body: bytes
    digest: str
    has_token: bool

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 200


class PageCache:
    """A least-recently-used map from (request, data version) to answers, bounded in bytes."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self._entries: OrderedDict[tuple[Any, ...], Entry] = OrderedDict()
        self._bytes = 0
        self._version = -1
        self.max_bytes = max_bytes
        self.hits = self.misses = 0

    @property
    def bytes(self) -> int:
        """Return the bytes held."""
        return self._bytes

    def get(self, key: tuple[Any, ...], version: int) -> Entry | None:
        """Return the entry for key rendered at version, or None."""
        self._advance(version)
        entry = self._entries.get((version, key))
        if entry is None:
            self.misses += 1
            return None
        self.hits += 1
        self._entries.move_to_end((version, key))
        return entry

    def put(self, key: tuple[Any, ...], version: int, entry: Entry) -> None:
        """Keep entry, evicting the least recently used ones beyond the byte bound."""
        self._advance(version)
        if version < self._version or entry.size > self.max_bytes:
            return  # rendered before a write another request has already seen
        old = self._entries.pop((version, key), None)
        if old is not None:
            self._bytes -= old.size
        self._entries[(version, key)] = entry
        self._bytes += entry.size
        while self._bytes > self.max_bytes:
            _, dropped = self._entries.popitem(last=False)
            self._bytes -= dropped.size

    def _advance(self, version: int) -> None:
        # Versions only grow, so nothing filed under an older one can be asked for again.
        if version > self._version:
            self._entries.clear()
            self._bytes = 0
            self._version = version


def request_key(scope: Scope) -> tuple[Any, ...] | None:
    """Return what an anonymous answer depends on, or None when it is not to be cached."""
    path: str = scope["path"]
    if scope["method"] != "GET" or scope.get("state", {}).get("user") is not None:
        return None
    if path != "/" and not path.startswith(CACHED_PREFIXES):
        return None
    headers = Headers(scope=scope)
    return (
        scope.get("scheme"),
        headers.get("host"),  # feeds and exports write absolute links
        path,
        scope.get("query_string", b""),
        headers.get("hx-request"),  # pages answer HTMX with a fragment (Vary: HX-Request)
        headers.get("hx-history-restore-request"),
        dt.datetime.now(dt.UTC).date(),  # timelines run to today
    )


def etag(entry: Entry, token: str | None) -> str:
    """Return the strong validator of entry as sent with token."""
    if not (entry.has_token and token):
        return f'"{entry.digest}"'
    return f'"{entry.digest}-{hashlib.blake2b(token.encode(), digest_size=6).hexdigest()}"'


def matches(scope: Scope, tag: str) -> bool:
    """Say whether the request's If-None-Match names tag (or any)."""
    sent = Headers(scope=scope).get("if-none-match")
    if not sent:
        return False
    candidates = {c.strip().removeprefix("W/") for c in sent.split(",")}
    return tag in candidates or "*" in candidates


def make_entry(headers: list[tuple[bytes, bytes]], body: bytes, token: str | None) -> Entry:
    """Build an entry from a rendered answer, cutting out the session's token."""
    secret = token.encode() if token else b""
    has_token = bool(secret) and secret in body
    if has_token:
        body = body.replace(secret, TOKEN_HOLE)
    kept = [(k, v) for k, v in headers if k.lower() not in _DROPPED_HEADERS]
    digest = hashlib.blake2b(body, digest_size=12).hexdigest()
    return Entry(kept, body, digest, has_token)


def storable(status: int, headers: list[tuple[bytes, bytes]]) -> bool:
    """Say whether a response may be kept: a plain 200 setting no cookie, not marked private."""
    found = Headers(raw=headers)
    control = found.get("cache-control", "").lower()
    return (
        status == 200
        and "set-cookie" not in found
        and "no-store" not in control
        and "private" not in control
    )


def session_token(scope: Scope, *, create: bool) -> str | None:
    """Return the session's CSRF token; make it when create, as rendering the page would."""
    session = scope.get("session")
    if session is None:
        return None
    if create:
        return csrf_token(session)
    token = session.get(CSRF_SESSION_KEY)
    return token if isinstance(token, str) else None


async def send_entry(scope: Scope, send: Send, entry: Entry) -> None:
    """Send a stored answer with the requester's own token, or 304 when they hold it."""
    token = session_token(scope, create=entry.has_token)
    tag = etag(entry, token)
    if matches(scope, tag):
        await send_not_modified(send, entry.headers, tag)
        return
    body = (
        entry.body.replace(TOKEN_HOLE, token.encode()) if entry.has_token and token else entry.body
    )
    headers = [
        *entry.headers,
        (b"content-length", str(len(body)).encode()),
        (b"etag", tag.encode()),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def send_not_modified(send: Send, headers: list[tuple[bytes, bytes]], tag: str) -> None:
    """Send 304 with the validator and the headers a cache needs to reuse its copy."""
    kept = [(k, v) for k, v in headers if k.lower() in (b"vary", b"cache-control")]
    await send(
        {
            "type": "http.response.start",
            "status": 304,
            "headers": [*kept, (b"etag", tag.encode())],
        }
    )
    await send({"type": "http.response.body", "body": b""})


class PageCacheMiddleware:
    """Answer repeated anonymous reads from a PageCache; store what the app renders."""

    def __init__(self, app: ASGIApp, *, cache: PageCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = request_key(scope) if scope["type"] == "http" else None
        if key is None:
            await self.app(scope, receive, send)
            return
        try:
            version = await run_in_threadpool(_read_version, scope["app"].state.session_factory)
        except Exception:  # no database: let the app answer with its own error page
            await self.app(scope, receive, send)
            return
        entry = self.cache.get(key, version)
        if entry is not None:
            await send_entry(scope, send, entry)
            return
        await self.app(scope, receive, _Recorder(scope, send, self.cache, key, version))


def _read_version(session_factory: Any) -> int:
    with session_factory() as session:
        return get_data_version(session)


class _Recorder:
    """Pass the app's answer on, keeping a copy (up to MAX_ENTRY_BYTES) to store and validate."""

    def __init__(
        self, scope: Scope, send: Send, cache: PageCache, key: tuple[Any, ...], version: int
    ) -> None:
        self.scope, self.send, self.cache = scope, send, cache
        self.key, self.version = key, version
        self.start: Message | None = None
        self.chunks: list[bytes] = []
        self.size = 0
        self.streaming = False

    async def __call__(self, message: Message) -> None:
        if self.streaming:
            await self.send(message)
        elif message["type"] == "http.response.start":
            self.start = message
        elif message["type"] == "http.response.body":
            await self._body(message)
        else:
            await self.send(message)

    async def _body(self, message: Message) -> None:
        assert self.start is not None
        self.chunks.append(message.get("body", b""))
        self.size += len(self.chunks[-1])
        if self.size > MAX_ENTRY_BYTES or not storable(
            self.start["status"], self.start.get("headers", [])
        ):
            # Too big or not ours to keep: send what was held back and stream the rest.
            self.streaming = True
            await self.send(self.start)
            await self.send({**message, "body": b"".join(self.chunks)})
            return
        if message.get("more_body", False):
            return
        await self._finish()

    async def _finish(self) -> None:
        assert self.start is not None
        body = b"".join(self.chunks)
        token = session_token(self.scope, create=False)
        entry = make_entry(list(self.start.get("headers", [])), body, token)
        self.cache.put(self.key, self.version, entry)
        tag = etag(entry, token)
        if matches(self.scope, tag):
            await send_not_modified(self.send, entry.headers, tag)
            return
        headers = [(k, v) for k, v in self.start.get("headers", []) if k.lower() != b"etag"]
        await self.send({**self.start, "headers": [*headers, (b"etag", tag.encode())]})
        await self.send({"type": "http.response.body", "body": body})
