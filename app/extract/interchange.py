"""Claim candidates as claims-jsonl/1 records (see the interchange spec)."""

from collections.abc import Sequence
from typing import Any

from app.extract.model import ClaimCandidate
from app.extract.pipeline import EXTRACTOR_VERSION

FORMAT = "claims-jsonl/1"
# Article fields carried over unchanged when a claims-jsonl line is re-extracted.
KEPT_FIELDS = ("outlet", "authors", "published_at", "language")


def claim_record(claim: ClaimCandidate) -> dict[str, Any]:
    """Return one claim as a claims-jsonl/1 claim, its topics marked as suggested."""
    return {
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "actor": claim.actor,
        "actor_kind": claim.actor_kind,
        "kind": claim.kind,
        "provenance": claim.provenance,
        "topics": [
            {
                "topic": t.topic,
                "stance": t.stance,
                "status": "suggested",
                "evidence": t.evidence,
                "confidence": t.confidence,
            }
            for t in claim.topics
        ],
        "evidence": claim.evidence,
        "confidence": claim.confidence,
    }


def article_record(
    *,
    url: str,
    title: str,
    text: str,
    claims: Sequence[ClaimCandidate],
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return one article line of claims-jsonl/1."""
    record: dict[str, Any] = {"format": FORMAT, "url": url, "title": title}
    record.update({k: v for k, v in (extra or {}).items() if k in KEPT_FIELDS and v is not None})
    record.setdefault("language", "en")
    record["text"] = text
    record["extractor_version"] = EXTRACTOR_VERSION
    record["claims"] = [claim_record(c) for c in claims]
    return record
