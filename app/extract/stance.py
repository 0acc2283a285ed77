"""Stance toward a topic's proposition: advocacy, rejection, negation, contrast, questions."""

from collections.abc import Sequence
from typing import NamedTuple

from app.extract import cues
from app.extract.attribution import is_reporting
from app.extract.tokens import Tokens
from app.extract.topics import TopicHit

_NEGATION_REACH = 3
_TARGET_REACH = 10  # how far an advocacy verb reaches to its object ("called for binding ...")
_NEGATED_ENDINGS = ("n't", "n’t")
# "no evidence that open models are dangerous": the negation does not reach past "that".
_SCOPE_ENDS = frozenset({"that", "which", "whether", "who", "because"})
# Advocacy words used as nouns: with an article, or opening the clause, they name
# someone's call rather than make one.
_ADVOCACY_NOUNS = frozenset(
    {"call", "calls", "proposal", "proposals", "demand", "demands", "push", "priority"}
)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "such"})
# Words whose stance depends on the next word; looked up by form, not stem.
_ADVOCACY_WORDS = frozenset(cues.ADVOCACY_BEFORE)
_REJECTION_WORDS = frozenset({"against", *cues.REJECTION_BEFORE, *cues.OBSTACLES})


class Signals(NamedTuple):
    """Stance-bearing words found once per clause."""

    advocacy: tuple[int, ...]
    rejection: tuple[int, ...]
    restriction: tuple[int, ...]
    negators: tuple[int, ...]
    qualifier: str | None
    contrast: str | None
    question: bool
    hedge: str | None
    reported_call: bool = False  # "calls for a moratorium are growing": someone else's call
    scope_ends: tuple[int, ...] = ()  # "that", "which": a negation before one stops there
    reform: str | None = None  # "simplify", "rather than": support in another form


class StanceCall(NamedTuple):
    """A stance with the words that justify it and how sure the rule is."""

    stance: str
    evidence: str
    confidence: float
    unmarked: bool = False  # no stance word: the topic is only mentioned


def read_signals(text: str, tokens: Tokens, first: int, last: int) -> Signals:
    """Collect the stance cues of tokens[first:last]."""
    start, end = tokens.starts[first], tokens.ends[last - 1]
    contrast = tokens.where(first, last, lowers=cues.CONTRAST_WORDS) and cues.CONTRAST.search(
        text, start, end
    )
    qualifiers = tokens.where(first, last, lowers=cues.QUALIFIERS)
    return Signals(
        advocacy=tuple(
            i
            for i in tokens.where(first, last, lowers=_ADVOCACY_WORDS, stems=cues.ADVOCACY)
            if _advocates(tokens, i, first, last)
        ),
        rejection=tuple(
            sorted(
                [
                    i
                    for i in tokens.where(
                        first, last, lowers=_REJECTION_WORDS, stems=cues.REJECTION
                    )
                    if _rejects(tokens, i, first)
                ]
                + [
                    i
                    for i in tokens.where(first, last, stems=cues.HARMS)
                    if _harm_foreseen(tokens, i, first)
                ]
            )
        ),
        restriction=tuple(tokens.where(first, last, stems=cues.RESTRICTION)),
        negators=tuple(tokens.where(first, last, lowers=cues.NEGATORS, endings=_NEGATED_ENDINGS)),
        qualifier=tokens.words[qualifiers[0]] if qualifiers else None,
        contrast=contrast.group().strip(", ") if contrast else None,
        question=_is_question(text, tokens, first, last, start, end),
        hedge=_hedge(tokens, first, last),
        scope_ends=tuple(tokens.where(first, last, lowers=_SCOPE_ENDS)),
        reform=_reform(tokens, first, last),
        reported_call=any(
            _names_a_call(tokens, i, first)
            for i in tokens.where(first, last, lowers=_ADVOCACY_NOUNS)
        ),
    )


def _reform(tokens: Tokens, first: int, last: int) -> str | None:
    for i in tokens.where(first, last, lowers=cues.REFORM):
        word = tokens.lowers[i]
        following = tokens.lowers[i + 1] if i + 1 < last else ""
        if word == "rather" and following != "than" or word == "instead" and following != "of":
            continue
        return tokens.words[i]
    return None


def _is_question(text: str, tokens: Tokens, first: int, last: int, start: int, end: int) -> bool:
    if "?" not in text[start : end + 2] and not tokens.where(
        first, last, lowers=cues.QUESTION_WORDS
    ):
        return False
    return bool(cues.QUESTION.search(text[start : end + 2]))


def _advocates(tokens: Tokens, i: int, first: int, last: int) -> bool:
    word = tokens.lowers[i]
    if word in cues.FALSE_FRIENDS:
        return False
    if word in _ADVOCACY_NOUNS and _names_a_call(tokens, i, first):
        return False
    if word in cues.ADVOCACY_BEFORE:
        needed = cues.ADVOCACY_BEFORE[word]
        return not needed or (i + 1 < last and tokens.lowers[i + 1] in needed)
    return tokens.stems[i] in cues.ADVOCACY


def _names_a_call(tokens: Tokens, i: int, first: int) -> bool:
    """Tell whether an advocacy noun names a call rather than makes one ("calls for a
    moratorium are growing", "vote on the proposal")."""
    return i == first or not _DETERMINERS.isdisjoint(tokens.lowers[max(first, i - 2) : i])


def _rejects(tokens: Tokens, i: int, first: int) -> bool:
    word = tokens.lowers[i]
    if word in cues.FALSE_FRIENDS:
        return False
    if word == "against":
        return i > first and tokens.stems[i - 1] in cues.AGAINST_VERBS
    if word in cues.OBSTACLES:
        return (
            i + 2 < len(tokens.lowers)
            and tokens.lowers[i + 1] == "to"
            and tokens.stems[i + 2] in cues.HARD_TO
        )
    if word in cues.REJECTION_BEFORE:
        return i + 1 < len(tokens.lowers) and tokens.lowers[i + 1] in cues.REJECTION_BEFORE[word]
    return tokens.stems[i] in cues.REJECTION


def _harm_foreseen(tokens: Tokens, i: int, first: int) -> bool:
    """Tell whether a harm is foreseen from a topic ("a pause would leave the frontier to ...")."""
    j = i - 1
    while j > first and tokens.lowers[j] in cues.EMPHASIS:
        j -= 1
    return j > first and tokens.lowers[j] in cues.FORESEEING_MODALS


def _hedge(tokens: Tokens, first: int, last: int) -> str | None:
    """Find a hedged reporting verb ("may note"): the speaker takes no position."""
    for i in tokens.where(first, last - 1, lowers=cues.HEDGED_MODALS):
        if is_reporting(tokens, i + 1):
            return f"{tokens.words[i]} {tokens.words[i + 1]}"
    return None


def _negated(signals: Signals, targets: tuple[int, ...]) -> int | None:
    """Return the first target preceded closely by a negator."""
    for t in targets:
        if any(
            0 < t - n <= _NEGATION_REACH and not any(n < e < t for e in signals.scope_ends)
            for n in signals.negators
        ):
            return t
    return None


def judge(
    signals: Signals,
    tokens: Tokens,
    topic: str,
    hits: list[TopicHit],
    clause_hits: Sequence[TopicHit] = (),
    *,
    restriction_opposes: bool = False,
) -> StanceCall:
    """Suggest a stance toward one topic of a clause (clause_hits: every topic's cues;
    restriction_opposes: restricting the topic's object opposes its proposition)."""
    cue = tokens.words[hits[0].first] if hits else topic
    if signals.question:
        return StanceCall("neutral", "question", 0.6)
    if signals.hedge:
        return StanceCall("neutral", f"hedged '{signals.hedge}'", 0.5)
    if signals.contrast:
        return StanceCall("mixed", f"contrast '{signals.contrast}'", 0.6)
    neg_adv = _negated(signals, signals.advocacy)
    if neg_adv is not None:
        return _against(signals, f"negated '{tokens.words[neg_adv]}'")
    neg_cue = _negated(signals, tuple(h.first for h in hits))
    if restriction_opposes and signals.restriction:
        return StanceCall("opposes", f"restriction '{tokens.words[signals.restriction[0]]}'", 0.6)
    target = _advocacy_target(signals, hits)
    if target is not None:
        turn = _turned_against(signals, tokens, target, clause_hits or hits)
        if turn is not None:
            evidence = f"advocacy '{tokens.words[target]}', then '{tokens.words[turn]}'"
            return StanceCall("mixed", evidence, 0.55)
        if signals.reform:
            return StanceCall("mixed", f"advocacy in another form, '{signals.reform}'", 0.55)
        return StanceCall("supports", f"advocacy '{tokens.words[target]}' before the cue", 0.75)
    if signals.rejection and _negated(signals, signals.rejection) is None:
        word = tokens.words[signals.rejection[0]]
        if signals.advocacy and signals.qualifier:
            return StanceCall("mixed", f"'{word}' and advocacy", 0.5)
        return StanceCall("opposes", f"rejection '{word}'", 0.7)
    if neg_cue is not None:
        return _against(signals, f"negated cue '{tokens.words[neg_cue]}'")
    if signals.reform:
        return StanceCall("mixed", f"in another form, '{signals.reform}'", 0.5)
    if signals.advocacy:
        return StanceCall("supports", f"advocacy '{tokens.words[signals.advocacy[0]]}'", 0.75)
    return StanceCall("supports", f"asserted with cue '{cue}'", 0.55, unmarked=True)


def _turned_against(
    signals: Signals, tokens: Tokens, target: int, clause_hits: Sequence[TopicHit]
) -> int | None:
    """Find a rejection after a "but" that follows the advocacy and aims at no other cue:
    "welcomed the AI Act but warned that its rules could stifle innovation"."""
    turns = tokens.where(target, len(tokens.lowers), lowers=cues.TURNS)
    if not turns:
        return None
    return next(
        (
            r
            for r in signals.rejection
            if r > turns[0]
            and _negated(signals, (r,)) is None
            and not any(h.first > r for h in clause_hits)
        ),
        None,
    )


def advocated(signals: Signals, hits: list[TopicHit]) -> set[str]:
    """Return the topics whose cues an advocacy word points at ("we need rigorous testing")."""
    return {
        h.topic
        for h in hits
        if h.words not in cues.ADDRESSEES and _advocacy_target(signals, [h]) is not None
    }


def _advocacy_target(signals: Signals, hits: list[TopicHit]) -> int | None:
    """Return an un-negated advocacy word shortly before a cue, with no rejection between."""
    for a in signals.advocacy:
        if _negated(signals, (a,)) is not None or any(0 < a - r <= 3 for r in signals.rejection):
            continue  # "not calling for", "dismissed calls for"
        for hit in hits:
            between = range(a, hit.first)
            if (
                0 < hit.first - a <= _TARGET_REACH
                and not any(r in between for r in signals.rejection)
                and not any(n in between for n in signals.negators)
            ):
                return a
    return None


def _against(signals: Signals, evidence: str) -> StanceCall:
    if signals.qualifier:
        return StanceCall("mixed", f"{evidence}, only its '{signals.qualifier}' form", 0.6)
    return StanceCall("opposes", evidence, 0.65)
