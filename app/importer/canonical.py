"""Canonical article addresses and content hashes: what makes two fetches one article."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that only track the visitor; they never change the page.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wickedid",
        "ref_src",
        "ref_url",
        "cmpid",
        "ncid",
        "sr_share",
        "s_cid",
        "spm",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
        "at_medium",
        "at_campaign",
        "smid",
        "ocid",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "__s", "trk_")
_SPACE = re.compile(r"\s+")


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """Return url without fragment, tracking parameters, default port or host case."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    if parts.username or parts.password:
        host = f"{parts.username or ''}{':' + parts.password if parts.password else ''}@{host}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    )
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, query, ""))


def resolve_canonical(page_url: str, declared: str | None) -> str:
    """Return the canonical address: the page's rel=canonical when usable, else its own."""
    if declared:
        candidate = urljoin(page_url, declared.strip())
        target = urlsplit(candidate)
        # Only an absolute http(s) link on some host is trusted as the article's identity.
        if target.scheme in {"http", "https"} and target.hostname:
            return canonical_url(candidate)
    return canonical_url(page_url)


def normalise_text(text: str) -> str:
    """Return text with runs of white space as single spaces (what the hash covers)."""
    return _SPACE.sub(" ", text).strip()


def content_hash(text: str) -> str:
    """Return the hash that finds the same text under two addresses."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()
