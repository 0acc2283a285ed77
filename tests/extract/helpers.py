"""Small helpers shared by the extractor tests."""

from app.extract import Article, ClaimCandidate, extract

# Enough AI vocabulary for a short text to pass the "is this about AI" gate.
AI_LEAD = "This report about artificial intelligence covers AI models from AI companies.\n\n"


def claims_of(text: str, **options: object) -> list[ClaimCandidate]:
    """Extract the claims of a text placed after the AI lead paragraph."""
    claims = extract(Article(AI_LEAD + text), **options)  # type: ignore[arg-type]
    assert all(c.start >= len(AI_LEAD) for c in claims), "the lead paragraph made a claim"
    return claims


def claim_with(claims: list[ClaimCandidate], words: str) -> ClaimCandidate:
    """Return the claim whose text contains some words, failing clearly if none does."""
    found = [c for c in claims if words in c.text]
    assert found, f"no claim contains {words!r}; got {[c.text for c in claims]}"
    return found[0]


def stances(claim: ClaimCandidate) -> dict[str, str]:
    """Return a claim's topics and suggested stances as a plain dict."""
    return {t.topic: t.stance for t in claim.topics}
