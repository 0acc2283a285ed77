"""Word tokens with offsets and stems, computed once per text."""

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_POSSESSIVE_ENDINGS = ("'s", "’s", "'S", "’S")
_STEMMER = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class Tokens:
    """Parallel lists of a text's words: surface, bare (no "'s"), lower case, stem, offsets."""

    words: list[str]
    bare: list[str]
    lowers: list[str]
    stems: list[str]
    starts: list[int]
    ends: list[int]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the Snowball stem of a lower-case word, ignoring a possessive "'s"."""
    base = word[:-2] if word.endswith(_POSSESSIVE_ENDINGS) else word
    stemmed: str = _STEMMER.stemWord(base)
    return stemmed


def tokenize(text: str) -> Tokens:
    """Split a text into word tokens (hyphenated words become several)."""
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _WORD.finditer(text):
        words.append(match.group())
        starts.append(match.start())
        ends.append(match.end())
    bare = [w[:-2] if w.endswith(_POSSESSIVE_ENDINGS) else w for w in words]
    lowers = [w.lower() for w in bare]
    stems = [stem(w) for w in lowers]
    return Tokens(words, bare, lowers, stems, starts, ends)


def cue_words(phrase: str) -> list[str]:
    """Split a cue or alias phrase the same way texts are split."""
    return _WORD.findall(phrase)
