"""Split an article's text into plain runs and claim spans for highlighting."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


class Span(Protocol):
    """Anything with a claim id and a text span."""

    @property
    def id(self) -> int: ...
    @property
    def start_pos(self) -> int: ...
    @property
    def end_pos(self) -> int: ...


@dataclass(frozen=True)
class Passage:
    """A run of article text, marked with the claim it belongs to (if any)."""

    text: str
    claim_id: int | None = None


def split_passages(text: str, spans: Sequence[Span]) -> list[Passage]:
    """Cut text at claim spans; overlapping spans are clipped to where the previous ended."""
    out: list[Passage] = []
    pos = 0
    for span in sorted(spans, key=lambda s: (s.start_pos, s.id)):
        start, end = max(span.start_pos, pos), min(span.end_pos, len(text))
        if start >= end:
            continue
        if start > pos:
            out.append(Passage(text[pos:start]))
        out.append(Passage(text[start:end], span.id))
        pos = end
    if pos < len(text):
        out.append(Passage(text[pos:]))
    return out


def excerpt_around(text: str, span: Span, *, context: int = 400) -> list[Passage]:
    """Return the text around one span (cut at word boundaries) with the span marked."""
    start = max(0, min(span.start_pos, len(text)))
    end = max(start, min(span.end_pos, len(text)))
    lo = _word_boundary(text, max(0, start - context), backwards=True)
    hi = _word_boundary(text, min(len(text), end + context), backwards=False)
    parts = [
        Passage(("…" if lo > 0 else "") + text[lo:start]),
        Passage(text[start:end], span.id),
        Passage(text[end:hi] + ("…" if hi < len(text) else "")),
    ]
    return [p for p in parts if p.text]


def _word_boundary(text: str, at: int, *, backwards: bool) -> int:
    """Move at to the nearest whitespace so an excerpt does not start mid-word."""
    if at <= 0 or at >= len(text):
        return at
    found = text.rfind(" ", 0, at) if backwards else text.find(" ", at)
    return at if found == -1 else found + (1 if backwards else 0)
