"""The importer's only HTTP: a polite, bounded GET that refuses private addresses.

Every hop of a redirect chain is checked again (scheme, host, resolved addresses),
bodies are streamed with a size cap and a total deadline, and feeds are fetched
with conditional requests. Errors carry a one-line reason the dashboard shows.
"""

from __future__ import annotations

import email.utils
import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from app.config import Settings

USER_AGENT = "govclaims/0.1 (AI-governance claims tracker; feed and page importer)"
ACCEPT_PAGE = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1"
ACCEPT_FEED = (
    "application/rss+xml,application/atom+xml,application/rdf+xml;q=0.9,"
    "application/xml;q=0.8,text/xml;q=0.8,application/feed+json;q=0.7,*/*;q=0.1"
)
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
    """Fetch pages and feeds within the limits of settings."""

    def __init__(self, settings: Settings, *, transport: httpx.BaseTransport | None = None):
        self.settings = settings
        timeout = httpx.Timeout(settings.fetch_timeout_s, connect=settings.fetch_connect_timeout_s)
        self.client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            transport=transport,
            headers={"User-Agent": USER_AGENT},
            trust_env=False,
        )

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    def get(
        self,
        url: str,
        *,
        feed: bool = False,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """GET url, following at most fetch_max_redirects redirects, each one checked."""
        deadline = time.monotonic() + self.settings.fetch_timeout_s
        headers = {"Accept": ACCEPT_FEED if feed else ACCEPT_PAGE}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        seen: list[str] = []
        for _ in range(self.settings.fetch_max_redirects + 1):
            check_url(url, self.settings.fetch_allow_hosts)
            seen.append(url)
            result = self._one(url, headers, deadline)
            if isinstance(result, FetchResult):
                return result
            url = result
            if url in seen:
                raise FetchError(f"redirect loop at {url}")
        raise FetchError(
            f"too many redirects (more than {self.settings.fetch_max_redirects}) from {seen[0]}"
        )

    def _one(self, url: str, headers: dict[str, str], deadline: float) -> FetchResult | str:
        try:
            with self.client.stream("GET", url, headers=headers) as response:
                if response.status_code in (301, 302, 303, 307, 308):
                    location = response.headers.get("location")
                    if not location:
                        raise FetchError(f"HTTP {response.status_code} redirect without Location")
                    return urljoin(url, location)
                self._check_status(response)
                body = self._read(response, deadline)
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

    def _read(self, response: httpx.Response, deadline: float) -> bytes:
        limit = self.settings.fetch_max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"body too large: {int(declared):,} bytes declared, limit {limit:,}")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():  # per network read, so the deadline is checked
            size += len(chunk)
            if size > limit:
                raise FetchError(f"body too large: more than {limit:,} bytes")
            if time.monotonic() > deadline:
                raise FetchError(
                    f"too slow: not finished after {self.settings.fetch_timeout_s:g} s",
                    retryable=True,
                )
            chunks.append(chunk)
        return b"".join(chunks)
