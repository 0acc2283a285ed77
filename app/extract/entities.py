"""Names of people, organisations and countries found by spaCy's named-entity recogniser.

The gazetteer knows the actors editors have named; everyone else ("Jeannette zu
Fürstenberg", "General Catalyst", "Chatham House") is found here, whole, rather than by
guessing from capital letters. The names become mentions on the extractor's own tokens,
so the attribution rules treat them like gazetteer names.
"""

import re
from bisect import bisect_left
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app.extract.actors import Mention
from app.extract.attribution import OFFICE_WORDS, TITLES, organisation_kind
from app.extract.gazetteer import OTHER, PERSON
from app.extract.nlp import entities
from app.extract.relevance import AI_WORDS
from app.extract.tokens import Tokens

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# Places are left out: a city named by the model ("Paris") is rarely who speaks, and the
# governments that do are in the gazetteer under their capitals' names too.
_KINDS = {"PERSON": PERSON, "ORG": OTHER}
_MAX_WORDS = 6
_WINDOW = 5_000  # characters the model reads at once
MAX_CHARACTERS = 300_000  # characters of one article the model reads at most
# Words the small model takes for places or companies in AI writing.
_NOT_ACTORS = frozenset({"AI", "AGI", "LLM", "LLMs", "GPU", "GPUs", "Generative", "VC"})


def _joined_names(doc: "Doc") -> list[tuple["Span", str]]:
    """The entities of a text, with a person's name that the model cut before its last word
    ("Ursula von der" + "Leyen") joined again."""
    ents = list(doc.ents)
    out: list[tuple[Span, str]] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        if (
            ent.label_ == "PERSON"
            and nxt is not None
            and nxt.start == ent.end
            and len(nxt) == 1
            and ent[-1].whitespace_ == " "
        ):
            out.append((doc[ent.start : nxt.end], "PERSON"))
            i += 2
            continue
        out.append((ent, ent.label_))
        i += 1
    return out


def entity_mentions(
    text: str, tokens: Tokens, spans: Sequence[tuple[int, int]], known: Sequence[Mention]
) -> list[Mention]:
    """Return the named entities of the given spans of text that no known mention overlaps,
    as mentions on `tokens`, in text order."""
    taken = sorted((m.first, m.last) for m in known)
    found: list[Mention] = []
    spans = _bounded(text, spans)
    docs = entities([text[start:end] for start, end in spans])
    for (offset, _), doc in zip(spans, docs, strict=True):
        for ent, kind_label in _joined_names(doc):
            kind = _KINDS.get(kind_label)
            words = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
            if kind is None or not words or len(words) > _MAX_WORDS:
                continue
            if words[-1].text in ("'s", "’s", "'", "’"):  # "Acme's", "Acme Labs'"
                words = words[:-1]
            if kind == PERSON:
                # The model takes an office's name into the person's ("Science and
                # Technology Policy Michael Kratsios"): a name starts after it.
                while len(words) > 1 and (
                    words[0].text in _NOT_FIRST_NAMES | OFFICE_WORDS or words[0].is_lower
                ):
                    words = words[1:]
            if not words or not any(w.text[:1].isupper() for w in words):
                continue
            if all(w.text in _NOT_ACTORS or w.lower_ in AI_WORDS for w in words):
                continue
            start = offset + words[0].idx
            end = offset + words[-1].idx + len(words[-1].text)
            first = bisect_left(tokens.starts, start)
            last = bisect_left(tokens.starts, end)
            if first >= last or _overlaps(taken, first, last):
                continue
            name = text[start:end]
            if kind == PERSON and " " not in name:
                name = _full_name(text, name)
            if kind == OTHER or organisation_kind(name.split()) != OTHER:
                # "Acme Labs" read as a person by the model is still a lab by its name
                kind = organisation_kind(name.split())
            found.append(Mention(first, last, name, kind, "name", name))
    return found


def _full_name(text: str, surname: str) -> str:
    """The fullest form of a one-word personal name the text uses ("Mateo Quintana" for
    "Quintana"), so that a person introduced where the model did not look keeps the name."""
    pattern = rf"\b((?:[A-Z][\w'’.-]+ (?:(?:[a-z]{{1,3}} ){{0,2}}))+){re.escape(surname)}\b"
    found = re.search(pattern, text)
    if found is None:
        return surname
    # The given names are the words right before the surname, back to a title, an office
    # or an article ("Director Mateo Quintana", "Technology Policy Mateo Quintana").
    given: list[str] = []
    for word in reversed(found.group(1).split()[-3:]):
        if word in _NOT_FIRST_NAMES or word in OFFICE_WORDS:
            break
        given.insert(0, word)
    return " ".join([*given, surname])


# Capitalised words before a name that are no part of it: titles, and words that are
# capitalised only because they open a sentence.
_NOT_FIRST_NAMES = TITLES | frozenset(
    {"The", "A", "An", "In", "On", "At", "By", "For", "And", "But", "As", "If", "When", "While"}
    | {"After", "Before", "Judge", "Lady"}
)


def _bounded(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut long spans into windows the model handles in bounded memory, and stop after
    enough text: past it, names are found by the rules alone."""
    out: list[tuple[int, int]] = []
    budget = MAX_CHARACTERS
    for start, end in spans:
        while start < end and budget > 0:
            cut = min(end, start + _WINDOW)
            if cut < end:
                space = text.rfind(" ", start + _WINDOW // 2, cut)
                cut = space if space > start else cut
            out.append((start, cut))
            budget -= cut - start
            start = cut
    return out


def _overlaps(taken: list[tuple[int, int]], first: int, last: int) -> bool:
    i = max(0, bisect_left(taken, (first, first)) - 1)
    while i < len(taken) and taken[i][0] < last:
        if first < taken[i][1]:
            return True
        i += 1
    return False


def surname_mentions(tokens: Tokens, known: Sequence[Mention]) -> list[Mention]:
    """Return the later mentions of people by surname alone ("Amodei stated ..."), once the
    text has named them in full, where no known mention stands."""
    surnames: dict[str, Mention] = {}
    for m in known:
        words = (m.name or "").split()
        if m.kind == PERSON and len(words) > 1 and words[-1][:1].isupper():
            surnames.setdefault(words[-1], m)
    if not surnames:
        return []
    taken = sorted((m.first, m.last) for m in known)
    found = []
    for i in tokens.where(0, len(tokens.words), bare=frozenset(surnames)):
        full = surnames[tokens.bare[i]]
        if i >= full.last and not _overlaps(taken, i, i + 1):
            found.append(Mention(i, i + 1, full.name, PERSON, "surname", tokens.words[i]))
    return found
