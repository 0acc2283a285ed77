"""The actors an article has named so far, to resolve "the company", "she" or "officials"."""

from collections.abc import Sequence
from typing import NamedTuple

from app.extract.actors import GROUP_NOUNS, Mention
from app.extract.gazetteer import GROUP, PERSON


class Resolved(NamedTuple):
    """An actor a mention was resolved to, and how."""

    name: str
    kind: str
    how: str


class ActorContext:
    """Track named actors in reading order; answer what a referring expression means."""

    def __init__(self, names: Sequence[Mention], main: Resolved | None) -> None:
        self._names = names  # gazetteer mentions of the whole text, in order
        self._next = 0
        self._order = 0
        self._last_by_kind: dict[str, tuple[int, str]] = {}
        self._surnames: dict[str, Resolved] = {}
        self.main = main  # who the article is by or about
        self.current = main  # who unattributed claims are credited to

    def advance(self, token: int) -> None:
        """Take note of every gazetteer mention that starts before a token."""
        while self._next < len(self._names) and self._names[self._next].first < token:
            mention = self._names[self._next]
            self.note(mention.name or "", mention.kind or "")
            self._next += 1

    def note(self, name: str, kind: str) -> None:
        """Record that an actor was just mentioned."""
        self._order += 1
        self._last_by_kind[kind] = (self._order, name)
        words = name.split()
        if kind == PERSON and len(words) > 1:
            self._surnames[words[-1]] = Resolved(name, kind, f"surname of {name}")

    def new_paragraph(self) -> None:
        """Give the floor back to the main actor when a quoted person's paragraph ends."""
        if (
            self.current is not None
            and self.current.kind == PERSON
            and self.main is not None
            and self.main.kind != PERSON
        ):
            self.current = self.main

    def resolve(self, mention: Mention) -> Resolved | None:
        """Return the actor a mention names or points back to."""
        if mention.how == "name" and mention.name:
            # "Quintana" or "zu Waldheim": a surname, with its lower-case particles
            *particles, surname = mention.name.split()
            if surname in self._surnames and all(w.islower() for w in particles):
                return self._surnames[surname]
        if mention.name and mention.kind:
            return Resolved(mention.name, mention.kind, mention.how)
        if (
            mention.compatible == (PERSON,)
            and self.current is not None
            and self.current.kind == PERSON
        ):
            # "he" after a quoted person is that person, not someone named in passing since
            # ("Biden's order"): the speaker holds the floor.
            return Resolved(self.current.name, PERSON, f"'{mention.phrase}' → the speaker")
        best = max(
            (self._last_by_kind[k] + (k,) for k in mention.compatible if k in self._last_by_kind),
            default=None,
        )
        if best is not None:
            return Resolved(best[1], best[2], f"'{mention.phrase}' → last {best[2]} mentioned")
        if mention.phrase.lower() in GROUP_NOUNS:
            return Resolved(mention.phrase.capitalize(), GROUP, "group")
        return None
