"""Claim kind: position, commitment, prediction or assertion."""

import re
from collections.abc import Collection

from app.extract import cues
from app.extract.stance import Signals
from app.extract.tokens import Tokens, stem

_SPEAKER_WILL_REACH = 8  # "The government will also host ..." but not a distant "will"
# What an organisation's own instrument is called: "the bill will give ..." is its promise.
_INSTRUMENTS = frozenset(
    {
        "bill",
        "law",
        "legislation",
        "act",
        "plan",
        "strategy",
        "framework",
        "regulation",
        "regulations",
        "rules",
        "code",
        "programme",
        "program",
        "package",
        "scheme",
        "fund",
        "policy",
        "initiative",
        "partnership",
        "agreement",
        "charter",
        "roadmap",
    }
)
# Who a reported "would" belongs to when it is the speaker's own promise ("Altman said
# the company would publish ...", "OpenAI said it would not release ...", "Newsom said
# he would work with experts ...").
_SELF_SUBJECTS = frozenset(
    {
        "it",
        "we",
        "he",
        "she",
        "company",
        "firm",
        "lab",
        "startup",
        "government",
        "administration",
        "ministry",
    }
)
_WOULD = frozenset({"would"})
# Words between a reported "would" and its verb ("would not release", "would also fund").
_ADVERBS = frozenset(
    {"not", "also", "still", "soon", "now", "then", "only", "never", "further", "be"}
)
# Things an organisation does, as stems: a reported "would" before one is a promise.
_ACTIONS = cues.COMMITMENT | frozenset(
    stem(w)
    for w in (
        "publish",
        "release",
        "share",
        "file",
        "create",
        "build",
        "fund",
        "open",
        "hire",
        "set",
        "provide",
        "require",
        "ban",
        "stop",
        "pause",
        "halt",
        "delay",
        "join",
        "work",
        "develop",
        "deploy",
        "submit",
        "comply",
        "adopt",
        "implement",
        "review",
        "report",
        "withdraw",
        "restrict",
        "allow",
        "give",
        "seek",
        "appoint",
        "spend",
        "expand",
        "cooperate",
        "collaborate",
        "partner",
        "test",
        "audit",
        "disclose",
        "rename",
        "introduce",
        "launch",
    )
)
# "will need to", "will have to": an obligation someone is said to face, not a promise.
_OBLIGED = frozenset({"need", "have", "likely", "probably"})
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MODALS = frozenset({"would", "could", "should"})
_WILL = frozenset({"will"})
_PREDICTION_STARTS = cues.PREDICTION_WORDS | {"expected", "by"}


def judge_kind(
    tokens: Tokens,
    first: int,
    last: int,
    signals: Signals,
    topics: Collection[str],
    stances: Collection[str],
    named_speaker: bool,
    *,
    factual: frozenset[str] = frozenset(),
    organisation: bool = False,
    listed_measure: bool = False,
) -> tuple[str, str]:
    """Return a claim's kind and the words that decided it.

    factual: the taxonomy's topics whose proposition is a matter of fact, not of policy;
    organisation: the claim's actor is an organisation (its instruments speak for it);
    listed_measure: the claim is an item of a list introduced as measures or plans.
    """
    if listed_measure and not signals.question:
        return "commitment", "item of a list of measures"
    policy = any(t not in factual for t in topics)
    commitment = _commitment_cue(tokens, first, last, named_speaker, organisation)
    # A promise made before any advocacy word is the claim's point ("will introduce
    # legislation requiring ..."); advocacy first makes it a position.
    if commitment and (not signals.advocacy or signals.advocacy[0] > commitment[0]):
        return "commitment", commitment[1]
    position = _position_cue(tokens, first, last, signals, policy, stances)
    if position:
        return "position", position
    if commitment:
        return "commitment", commitment[1]
    prediction = _prediction_cue(tokens, first, last)
    if prediction:
        return "prediction", prediction
    return "assertion", "no advocacy, promise or forecast"


def _position_cue(
    tokens: Tokens,
    first: int,
    last: int,
    signals: Signals,
    policy: bool,
    stances: Collection[str],
) -> str | None:
    if signals.advocacy:
        return f"advocacy '{tokens.words[signals.advocacy[0]]}'"
    if signals.rejection:
        return f"rejection '{tokens.words[signals.rejection[0]]}'"
    for i in tokens.where(first, last, lowers=cues.COPULAS):
        # "the real key ... is to ensure", "our goal is to build": what ought to be done.
        if i + 2 < last and tokens.lowers[i + 1] == "to" and i - first >= 2:
            return f"'{tokens.words[i]} to {tokens.words[i + 2]}'"
    for i in tokens.where(first, last, lowers=cues.EVALUATIVE):
        if tokens.where(max(first, i - 4), i, lowers=cues.COPULAS) or tokens.where(
            i + 1, min(last, i + 3), lowers=cues.COPULAS
        ):
            return f"judgement '{tokens.words[i]}'"
    for i in tokens.where(first, last, lowers=_SIDING):
        # "we agree with X that ...", "I disagree that ...": taking a side ("agree to" promises).
        if _next(tokens, i, last) in ("with", "that"):
            return f"'{tokens.words[i]} {tokens.words[i + 1]}'"
    opinions = tokens.where(first, last, stems=cues.OPINION)
    opinion = opinions[0] if opinions else None
    if opinion is not None and (policy or _has_modal(tokens, opinion, last)):
        return f"opinion verb '{tokens.words[opinion]}'"
    return None


_SIDING = frozenset({"agree", "agrees", "agreed", "disagree", "disagrees", "disagreed"})


def _has_modal(tokens: Tokens, start: int, last: int) -> bool:
    return bool(tokens.where(start, last, lowers=_MODALS))


def _commitment_cue(
    tokens: Tokens, first: int, last: int, named_speaker: bool, organisation: bool
) -> tuple[int, str] | None:
    """Find a promise: "pledged to", "will introduce" said of the speaker itself."""
    found = _stated_promise(tokens, first, last, named_speaker, organisation)
    would = _reported_promise(tokens, first, last) if named_speaker else None
    if found and would:
        return min(found, would)
    return found or would


def _stated_promise(
    tokens: Tokens, first: int, last: int, named_speaker: bool, organisation: bool
) -> tuple[int, str] | None:
    for i in tokens.where(first, last, lowers=_WILL, stems=cues.COMMITMENT):
        if (
            tokens.stems[i] in cues.COMMITMENT
            and i + 1 < last
            and tokens.lowers[i + 1] in ("to", "on", "a", "an", "the", "its", "their", "new")
            # "we continue to advocate for ...": taking a side again is a position
            and not (i + 2 < last and tokens.stems[i + 2] in cues.ADVOCACY)
        ):
            return i, f"'{tokens.words[i]} {tokens.words[i + 1]}'"
        if (
            tokens.lowers[i] == "will"
            and i > first
            and (i + 1 >= last or tokens.lowers[i + 1] not in _OBLIGED)
            and not _will_be_a_state(tokens, i, last)
            and (
                tokens.lowers[i - 1] in cues.FIRST_PERSON
                or (named_speaker and i - first < _SPEAKER_WILL_REACH)
                or (organisation and tokens.lowers[i - 1] in _INSTRUMENTS)
            )
        ):
            return i, f"'{tokens.words[i - 1]} will'"
    return None


def _will_be_a_state(tokens: Tokens, i: int, last: int) -> bool:
    """ "will be a crucial link", "will have an impact": a forecast of a state, not a promise
    ("will be publishing", "will be required" still act)."""
    if i + 2 >= last or tokens.lowers[i + 1] not in ("be", "have"):
        return False
    return not tokens.lowers[i + 2].endswith(("ing", "ed"))


def _reported_promise(tokens: Tokens, first: int, last: int) -> tuple[int, str] | None:
    """Find "the company would publish": a promise reported in the past tense."""
    for i in tokens.where(first, last, lowers=_WOULD):
        if i == first or tokens.lowers[i - 1] not in _SELF_SUBJECTS:
            continue
        verb = i + 1
        while verb < last and tokens.lowers[verb] in _ADVERBS:
            verb += 1
        if verb < last and tokens.stems[verb] in _ACTIONS:
            return i, f"'{tokens.words[i - 1]} would {tokens.words[verb]}'"
    return None


def _prediction_cue(tokens: Tokens, first: int, last: int) -> str | None:
    for i in tokens.where(first, last, lowers=_PREDICTION_STARTS):
        word = tokens.lowers[i]
        if tokens.words[i][:1].isupper() and i > first:
            continue  # "Future of Life Institute" is a name, not a forecast
        if word in cues.PREDICTION_WORDS or (word == "expected" and _next(tokens, i, last) == "to"):
            return f"'{tokens.words[i]}'"
        if word == "by" and _YEAR.match(_next(tokens, i, last)):
            return f"'by {tokens.words[i + 1]}'"
    return None


def _next(tokens: Tokens, i: int, last: int) -> str:
    return tokens.lowers[i + 1] if i + 1 < last else ""
