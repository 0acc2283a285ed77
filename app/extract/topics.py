"""Topic cue matching: stemmed phrase cues compiled once per taxonomy."""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from app.extract.taxonomy import WEAK_CUES, TopicSpec
from app.extract.tokens import Tokens, cue_words, stem

_GAP = "..."
_MAX_GAP = 3
# How a cue word is compared with a text word (the order of find_topics' columns).
_STEM, _EXACT, _LOWER = 0, 1, 2
_NONE: list["_Cue"] = []


@dataclass(frozen=True)
class _Cue:
    topic: str
    phrase: str
    parts: tuple[tuple[int, str, bool], ...]  # (mode, key, gap allowed before)


class TopicHit(NamedTuple):
    """A cue found in the text: which topic, which cue, which tokens, how strong."""

    topic: str
    cue: str
    first: int
    last: int
    weak: bool
    words: str  # the matched text, lower case


@dataclass(frozen=True)
class CueIndex:
    """Cues of a taxonomy keyed by how their first word is compared."""

    by_mode: tuple[dict[str, list[_Cue]], ...]
    # The first words of the cues, per mode, to find where cues can start.
    starts: tuple[frozenset[str], ...]
    factual: frozenset[str] = frozenset()  # topics whose proposition is a matter of fact
    restriction_opposes: frozenset[str] = frozenset()  # restricting their object opposes them


@lru_cache(maxsize=32)
def compile_cues(topics: tuple[TopicSpec, ...]) -> CueIndex:
    """Build the cue index of a taxonomy (cached: taxonomies are few and immutable)."""
    by_mode: tuple[dict[str, list[_Cue]], ...] = ({}, {}, {})
    for spec in topics:
        for phrase in spec.cues:
            for cue in _compile(spec.slug, phrase):
                if cue.parts:
                    mode, key, _ = cue.parts[0]
                    by_mode[mode].setdefault(key, []).append(cue)
    return CueIndex(
        by_mode,
        tuple(frozenset(keys) for keys in by_mode),
        frozenset(spec.slug for spec in topics if spec.factual),
        frozenset(spec.slug for spec in topics if spec.restriction_opposes),
    )


def _compile(topic: str, phrase: str) -> list[_Cue]:
    """Compile a cue into patterns; a cue with short-stemmed words gets one per plural form."""
    variants: list[list[tuple[int, str, bool]]] = [[]]
    gap = False
    for raw in phrase.split():
        if raw == _GAP:
            gap = True
            continue
        for word in cue_words(raw):
            keys = _word_keys(word, phrase)
            variants = [v + [(mode, key, gap)] for v in variants for mode, key in keys]
            gap = False
    return [_Cue(topic, phrase, tuple(v)) for v in variants]


def _word_keys(word: str, phrase: str) -> list[tuple[int, str]]:
    if any(ch.isupper() for ch in word):
        return [(_EXACT, word)]
    if phrase.lower() in WEAK_CUES:
        # Weak cues match their own forms only, so "governments" never finds "governance".
        return [(_LOWER, word)]
    stemmed = stem(word)
    if len(stemmed) <= 3:
        # Three-letter stems are ambiguous ("acting" -> "act"): match the word and plurals.
        return [(_LOWER, form) for form in (word, word + "s", word + "es")]
    return [(_STEM, stemmed)]


def find_topics(index: CueIndex, tokens: Tokens, first: int, last: int) -> list[TopicHit]:
    """Find cue hits among tokens[first:last]."""
    hits: list[TopicHit] = []
    by_stem, by_word, by_lower = index.by_mode
    first_stems, first_words, first_lowers = index.starts
    columns = (tokens.stems, tokens.bare, tokens.lowers)
    for i in tokens.where(first, last, lowers=first_lowers, stems=first_stems, bare=first_words):
        cues = (
            by_stem.get(tokens.stems[i], _NONE)
            + by_word.get(tokens.bare[i], _NONE)
            + by_lower.get(tokens.lowers[i], _NONE)
        )
        for cue in cues:
            end = _match(cue, columns, i, last)
            if end is not None:
                matched = " ".join(tokens.lowers[i:end])
                hits.append(
                    TopicHit(cue.topic, cue.phrase, i, end, _is_weak(tokens, i, end), matched)
                )
    return hits


def _match(cue: _Cue, columns: tuple[list[str], ...], i: int, last: int) -> int | None:
    """Return the token index after the cue if it matches at i."""
    pos = i + 1
    for mode, key, gap in cue.parts[1:]:
        column = columns[mode]
        for j in range(pos, min(last, pos + (_MAX_GAP + 1 if gap else 1))):
            if column[j] == key:
                pos = j + 1
                break
        else:
            return None
    return pos


def _is_weak(tokens: Tokens, first: int, end: int) -> bool:
    return all(tokens.lowers[j] in WEAK_CUES for j in range(first, end))


def strong_topics(
    hits: Sequence[TopicHit], promoted: Collection[str] = ()
) -> dict[str, list[TopicHit]]:
    """Group hits by topic, keeping topics with a strong hit or promoted by the caller."""
    grouped: dict[str, list[TopicHit]] = {}
    for hit in hits:
        grouped.setdefault(hit.topic, []).append(hit)
    return {t: hs for t, hs in grouped.items() if t in promoted or any(not h.weak for h in hs)}
