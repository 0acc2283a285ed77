"""The importer's only HTTP: a polite, bounded GET that refuses private addresses.

Every hop of a redirect chain is checked again (scheme, host, resolved addresses),
bodies are streamed with a cap on their decompressed size, one deadline covers the
whole fetch, and feeds are fetched with conditional requests. Errors carry a one-line
reason the dashboard shows.
"""

from __future__ import annotations

import asyncio
import email.utils
import ipaddress
import socket
import time
import zlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from app.config import Settings

USER_AGENT = "govclaims/0.1 (AI-governance claims tracker; feed and page importer)"
ACCEPT_PAGE = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
ACCEPT_FEED = (
    "application/rss+xml,application/atom+xml,application/rdf+xml;q=0.9,"
    "application/xml;q=0.8,text/xml;q=0.8,application/feed+json;q=0.7,*/*;q=0.1"
)
# Only what _Decoder can inflate in bounded steps (no brotli or zstd).
ENCODINGS = "gzip, deflate"
METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data"})


class FetchError(Exception):
    """A fetch that failed; `reason` is one line for people, `retry_after` a hint in seconds."""

    def __init__(self, reason: str, *, retryable: bool = False, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable
        self.retry_after = retry_after


@dataclass(frozen=True)
class FetchResult:
    """A response body with what parsing needs to know about it."""

    url: str
    status: int
    body: bytes
    content_type: str | None
    charset: str | None
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        """Say whether a conditional request found nothing new."""
        return self.status == 304


def _refuse_address(host: str, address: str) -> str | None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return f"{host} is a loopback address ({ip})"
    if ip.is_link_local:
        return f"{host} is a link-local or cloud metadata address ({ip})"
    if ip.is_private or ip.is_reserved or ip.is_multicast or ip.is_unspecified:
        return f"{host} is a private or reserved address ({ip})"
    if not ip.is_global:
        return f"{host} is not a public address ({ip})"
    return None


def check_url(url: str, allow_hosts: list[str] | tuple[str, ...]) -> None:
    """Raise FetchError unless url is http(s) to a public host (or an allowed one)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"refused {parts.scheme or 'a relative'}: URL; only http and https")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise FetchError("refused: the URL names no host")
    if host in {h.lower() for h in allow_hosts}:
        return
    if host in METADATA_HOSTS:
        raise FetchError(f"refused: {host} is a cloud metadata service")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}", retryable=True) from None
    for info in infos:
        problem = _refuse_address(host, str(info[4][0]))
        if problem:
            raise FetchError(f"refused: {problem}")


def url_refusal(url: str, allow_hosts: list[str] | tuple[str, ...]) -> str | None:
    """Return why url can never be fetched (scheme, private address), else None.

    The one check for web forms and the command line alike. A name that does not
    resolve now is let through: it may resolve when the worker fetches it.
    """
    try:
        check_url(url, allow_hosts)
    except FetchError as exc:
        return None if exc.retryable else exc.reason
    return None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    parsed = email.utils.parsedate_to_datetime(value) if value else None
    return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def _content_type(headers: httpx.Headers) -> tuple[str | None, str | None]:
    raw = headers.get("content-type")
    if not raw:
        return None, None
    mime, _, params = raw.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return mime.strip().lower() or None, charset


class Fetcher:
    """Fetch pages and feeds within the limits of settings.

    Each fetch runs on its own short-lived event loop under one deadline that covers
    name resolution, connecting, the header block and the body: per-read timeouts let a
    server that sends one byte a second hold a worker for ever, a total deadline cannot.
    """

    def __init__(self, settings: Settings, *, transport: httpx.AsyncBaseTransport | None = None):
        self.settings = settings
        self.transport = transport

    def close(self) -> None:
        """Nothing to close: every fetch opens and closes its own connections."""

    def get(
        self,
        url: str,
        *,
        feed: bool = False,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """GET url within one deadline, following at most fetch_max_redirects checked redirects."""
        return asyncio.run(self.get_async(url, feed=feed, etag=etag, last_modified=last_modified))

    async def get_async(
        self,
        url: str,
        *,
        feed: bool = False,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """GET url as get() does, on the running event loop."""
        limit = self.settings.fetch_timeout_s
        headers = {"Accept": ACCEPT_FEED if feed else ACCEPT_PAGE, "Accept-Encoding": ENCODINGS}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            async with asyncio.timeout(limit), self._client() as client:
                return await self._follow(client, url, headers)
        except TimeoutError:
            raise FetchError(
                f"too slow: {url} not fetched within {limit:g} s", retryable=True
            ) from None

    def _client(self) -> httpx.AsyncClient:
        timeout = httpx.Timeout(
            self.settings.fetch_timeout_s, connect=self.settings.fetch_connect_timeout_s
        )
        return httpx.AsyncClient(
            timeout=timeout,
            follow_redirects=False,
            transport=self.transport,
            headers={"User-Agent": USER_AGENT},
            trust_env=False,
        )

    async def _follow(
        self, client: httpx.AsyncClient, url: str, headers: dict[str, str]
    ) -> FetchResult:
        seen: list[str] = []
        for _ in range(self.settings.fetch_max_redirects + 1):
            # getaddrinfo blocks; in a thread, so the deadline covers a slow resolver too.
            await asyncio.to_thread(check_url, url, self.settings.fetch_allow_hosts)
            seen.append(url)
            result = await self._one(client, url, headers)
            if isinstance(result, FetchResult):
                return result
            url = result
            if url in seen:
                raise FetchError(f"redirect loop at {url}")
        raise FetchError(
            f"too many redirects (more than {self.settings.fetch_max_redirects}) from {seen[0]}"
        )

    async def _one(
        self, client: httpx.AsyncClient, url: str, headers: dict[str, str]
    ) -> FetchResult | str:
        try:
            async with client.stream("GET", url, headers=headers) as response:
                if response.status_code in (301, 302, 303, 307, 308):
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"HTTP {response.status_code} redirect without Location")
                    return urljoin(url, location)
                self._check_status(response)
                body = await self._read(response)
        except httpx.TimeoutException as exc:
            raise FetchError(
                f"timed out fetching {url} ({type(exc).__name__})", retryable=True
            ) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch {url}: {exc}", retryable=True) from None
        mime, charset = _content_type(response.headers)
        return FetchResult(
            url=url,
            status=response.status_code,
            body=body,
            content_type=mime,
            charset=charset,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            headers={k.lower(): v for k, v in response.headers.items()},
        )

    def _check_status(self, response: httpx.Response) -> None:
        status = response.status_code
        if status == 304 or 200 <= status < 300:
            return
        if status in (429, 503):
            wait = _retry_after(response.headers.get("retry-after"))
            raise FetchError(
                f"HTTP {status}: the server asks us to slow down", retryable=True, retry_after=wait
            )
        raise FetchError(
            f"HTTP {status} {response.reason_phrase}".strip(),
            retryable=status >= 500 or status == 408,
        )

    async def _read(self, response: httpx.Response) -> bytes:
        limit = self.settings.fetch_max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"body too large: {int(declared):,} bytes declared, limit {limit:,}")
        decoder = _Decoder(response.headers.get("content-encoding", ""), limit)
        # Raw bytes, decompressed here a bounded step at a time: httpx's own decoder
        # inflates a whole network read at once, so a gzip bomb could cost a hundred
        # megabytes before any limit was checked.
        async for chunk in response.aiter_raw():
            decoder.feed(chunk)
        return decoder.finish()


class _Decoder:
    """Decompress gzip or deflate in bounded steps, refusing more than limit decoded bytes."""

    STEP = 64 * 1024

    def __init__(self, content_encoding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise FetchError(f"unsupported content encoding {content_encoding!r}")
        self.coding = codings[0] if codings else None
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0
        self.inflater: Any = None
        if self.coding in ("gzip", "x-gzip"):
            self.inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.coding == "deflate":
            self.inflater = zlib.decompressobj()
            self.first = True

    def feed(self, data: bytes) -> None:
        """Take one raw chunk; raise FetchError once the decoded size passes the limit."""
        if self.inflater is None:
            self._keep(data)
            return
        if self.coding == "deflate" and self.first and data:
            self.first = False
            # Servers send "deflate" as a zlib stream or, wrongly but often, raw deflate.
            if (data[0] & 0x0F) != 8:
                self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            while data:
                self._keep(self.inflater.decompress(data, self.STEP))
                data = self.inflater.unconsumed_tail
        except zlib.error as exc:
            raise FetchError(f"the compressed body is corrupt: {exc}") from None

    def finish(self) -> bytes:
        """Return the whole decoded body."""
        if self.inflater is not None:
            self._keep(self.inflater.flush())
        return b"".join(self.parts)

    def _keep(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            label = "decompressed body" if self.inflater is not None else "body"
            raise FetchError(f"{label} too large: more than {self.limit:,} bytes")
        self.parts.append(data)
