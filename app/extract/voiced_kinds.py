"""Claim kinds in a publication's own voice, read from part-of-speech tags.

A publication states its own course and demands differently from a reporter: a list item
that opens with a bare verb ("Implement a temporary pause", "Set up an agency") is a
demand, a position; one that opens with a gerund or a past form ("Expanding the
partnership", "Used the Act's authorities") reports what the publisher does or did, a
commitment; "we publish", "we conduct", "we aim to" and "the Order directs" are its own
course too.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from app.extract.nlp import tag

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_MODAL_OR_OPINION = frozenset(
    {
        "should",
        "must",
        "need",
        "believe",
        "think",
        "agree",
        "hope",
        "want",
        "urge",
        "support",
        "oppose",
        "would",
        "could",
        "might",
        "may",
        "can",
        "will",
    }
)
_INSTRUMENT_SUBJECTS = frozenset(
    {
        "order",
        "memorandum",
        "nsm",
        "directive",
        "administration",
        "framework",
        "policy",
        "we",
        "participants",
        "agencies",
    }
)
_OWN_COURSE = frozenset(
    {
        "direct",
        "designate",
        "introduce",
        "establish",
        "launch",
        "release",
        "publish",
        "conduct",
        "aim",
        "research",
        "require",
        "create",
        "announce",
        "commit",
        "intend",
        "plan",
        "build",
        "invest",
        "provide",
        "develop",
        "seek",
        "task",
        "issue",
        "implement",
        "continue",
        "work",
        "partner",
        "expand",
        "focus",
    }
)


# Verbs of advocating: in the past tense they tell what someone did ("we supported the
# bill", "the working group endorsed an approach"), a fact, not a call made here.
_ADVOCATING = frozenset(
    {"support", "endorse", "propose", "advocate", "urge", "recommend", "champion", "back"}
)


class Voiced(NamedTuple):
    """A clause in a publication's own voice, with the kind the general rules gave it."""

    text: str
    kind: str
    list_item: bool


def voiced_kinds(clauses: Sequence[Voiced], *, government: bool) -> list[str]:
    """Correct the kinds of clauses spoken in a publication's own voice."""
    docs = tag([c.text for c in clauses])
    return [
        _kind(doc, c.kind, government=government, list_item=c.list_item)
        for doc, c in zip(docs, clauses, strict=True)
    ]


def _kind(doc: "Doc", kind: str, *, government: bool, list_item: bool) -> str:
    words = [t for t in doc if not t.is_punct and not t.is_space]
    if not words:
        return kind
    head = words[0]
    if head.tag_ == "VB" and head.idx == 0:
        return "position"  # an imperative: a demand
    if list_item and head.tag_ in ("VBG", "VBD", "VBN"):
        # A government lists what it does; an advocate's list, what it wants done.
        return "commitment" if government else "position"
    lowers = [t.lower_ for t in words]
    if kind == "position" and _reports_past_advocacy(words):
        return "assertion"
    if kind not in ("assertion", "position") or any(w in _MODAL_OR_OPINION for w in lowers[:6]):
        return kind
    for i, token in enumerate(words[:8]):
        progressive = token.tag_ == "VBG" and i > 0 and words[i - 1].lower_ in ("are", "is", "am")
        if (token.tag_ in ("VBZ", "VBP", "VBD") or progressive) and token.lemma_ in _OWN_COURSE:
            subject = {w.lower_ for w in words[:i]}
            # An instrument or "we" acting is the publisher's course even where the general
            # rules saw advocacy ("The Order directs agencies to ... must"); anyone else's
            # action only in a plain statement of a government's.
            if subject & _INSTRUMENT_SUBJECTS or (government and i <= 4 and kind == "assertion"):
                return "commitment"
            break
    return kind


def _reports_past_advocacy(words: list["Token"]) -> bool:
    """Tell whether a clause's only advocacy is a past act of advocating, with no modal
    or present call beside it."""
    past = any(t.tag_ == "VBD" and t.lemma_ in _ADVOCATING for t in words)
    return past and not any(t.lower_ in _MODAL_OR_OPINION for t in words)
