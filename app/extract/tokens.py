"""Word tokens with offsets and stems, computed once per text."""

import re
import threading
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_POSSESSIVE_ENDINGS = ("'s", "’s", "'S", "’S")
# A Snowball stemmer keeps its working word in the object: one per thread, or two threads
# stemming at once corrupt each other's words (IndexError, or a wrong stem silently).
_STEMMERS = threading.local()


@dataclass(frozen=True)
class Tokens:
    """Parallel lists of a text's words: surface, bare (no "'s"), lower case, stem, offsets."""

    words: list[str]
    bare: list[str]
    lowers: list[str]
    stems: list[str]
    starts: list[int]
    ends: list[int]
    _found: dict[tuple[frozenset[str] | tuple[str, ...], ...], list[int]] = field(
        default_factory=dict, repr=False, compare=False
    )
    _columns: dict[str, dict[str, list[int]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def where(
        self,
        first: int,
        last: int,
        lowers: frozenset[str] = frozenset(),
        stems: frozenset[str] = frozenset(),
        bare: frozenset[str] = frozenset(),
        endings: tuple[str, ...] = (),
    ) -> list[int]:
        """Return the indexes in [first, last) whose lower-case form, stem or bare word is listed
        (or whose lower-case form has one of the endings).

        Every rule asks this of every clause, so each word list is looked up once per
        text (word lists are frozensets: they key that memo) and each clause only
        slices the answer.
        """
        key = (lowers, stems, bare, endings)
        found = self._found.get(key)
        if found is None:
            hits: set[int] = set()
            for column, listed in (("lowers", lowers), ("stems", stems), ("bare", bare)):
                if listed:
                    hits.update(*self._positions(column, listed))
            if endings:
                index = self._index("lowers")
                hits.update(*(p for w, p in index.items() if w.endswith(endings)))
            found = self._found[key] = sorted(hits)
        return found[bisect_left(found, first) : bisect_left(found, last)]

    def _positions(self, column: str, listed: frozenset[str]) -> list[list[int]]:
        index = self._index(column)
        if len(listed) < len(index):
            return [index[w] for w in listed if w in index]
        return [p for w, p in index.items() if w in listed]

    def _index(self, column: str) -> dict[str, list[int]]:
        """Map each distinct word of a column to its positions, built on first use."""
        index = self._columns.get(column)
        if index is None:
            positions: defaultdict[str, list[int]] = defaultdict(list)
            for i, word in enumerate(getattr(self, column)):
                positions[word].append(i)
            index = self._columns[column] = dict(positions)
        return index


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the Snowball stem of a lower-case word, ignoring a possessive "'s"."""
    base = word[:-2] if word.endswith(_POSSESSIVE_ENDINGS) else word
    stemmer = getattr(_STEMMERS, "english", None)
    if stemmer is None:
        stemmer = _STEMMERS.english = snowballstemmer.stemmer("english")
    stemmed: str = stemmer.stemWord(base)
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
