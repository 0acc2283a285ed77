"""Blocks (paragraphs, bullets, headings), sentences and clauses, as character spans."""

import re
from collections.abc import Iterator
from typing import NamedTuple

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

PARAGRAPH = "paragraph"
BULLET = "bullet"
HEADING = "heading"

_LINE = re.compile(r"[^\n]*\n?")
_BULLET = re.compile(r"[ \t]*(?:[•◦▪‣·●■□➢►\-*–—]|\d{1,2}[.)])[ \t]+")
_TERMINAL = re.compile(r"[.!?:;\"”’'»)\]…]\s*$")
_HEADING_MAX_WORDS = 14
# A reported clause hanging off a main clause ("..., telling the public that ...");
# it keeps the main clause's speaker.
_PARTICIPLE = re.compile(
    r",\s+(?:(?:while|and|but|before|after)\s+)?(?=(?:telling|saying|arguing|warning|adding|"
    r"noting|insisting|stressing|urging|calling for|claiming|explaining|cautioning|"
    r"acknowledging|pointing out)\b)"
)
# A second subject after "while"/"whereas", or a semicolon, starts a separate claim.
_COORDINATE = re.compile(r";\s+|,\s+(?:while|whereas)\s+(?=[A-Z]|(?:the|it|he|she|they|its)\b)")
_TRAILING = re.compile(r"[\s.;,:]+$")
_MIN_CLAUSE_WORDS = 4
# Punkt learns abbreviations from training text; these are the ones news copy needs
# (titles, company suffixes, months, US states), as Punkt stores them: lower case,
# without the final period.
_ABBREVIATION_LIST = (
    "mr mrs ms dr prof sen rep gov gen col lt sgt capt maj adm st jr sr rev hon pres "
    "inc corp co ltd llc plc bros dept univ assn est approx vs etc al fig no nos vol pp "
    "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thurs fri "
    "u.s u.k u.n e.u e.g i.e a.m p.m d.c n.y calif mass wash ariz fla ill pa tex va"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_LIST.split())
# Punkt reads "others.Anthropic" as one word; a pasted caption glued on is a new sentence.
_GLUED = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
_PUNKT_PIECE = 20_000  # characters
_CLOSERS = ".?!\"”’')]» \t"
_DANGLING_QUOTE = re.compile(r"\s+[\"“«‘]$")


def _punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(_ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


_PUNKT = _punkt()


class Block(NamedTuple):
    """A paragraph, bullet item or heading; para numbers group lines between blank lines."""

    start: int
    end: int
    kind: str
    para: int


class Clause(NamedTuple):
    """A claim-sized span; reported clauses inherit the speaker of their sentence."""

    start: int
    end: int
    sentence_start: int
    reported: bool


def blocks(text: str) -> list[Block]:
    """Split a text into paragraphs, bullet items and headings."""
    found: list[Block] = []
    para, pos, blank_before = 0, 0, True
    for match in _LINE.finditer(text):
        line = match.group()
        if not match.group():
            break
        start, end = _strip(text, pos, pos + len(line))
        pos += len(line)
        if start == end:
            para, blank_before = para + (not blank_before), True
            continue
        found.append(_line_block(text, start, end, para))
        blank_before = False
    return _mark_headings(text, _merge_wrapped(text, found))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _line_block(text: str, start: int, end: int, para: int) -> Block:
    bullet = _BULLET.match(text, start, end)
    if bullet:
        return Block(bullet.end(), end, BULLET, para)
    return Block(start, end, PARAGRAPH, para)


def _merge_wrapped(text: str, found: list[Block]) -> list[Block]:
    """Join hard-wrapped lines: a line without final punctuation continued in lower case."""
    merged: list[Block] = []
    for block in found:
        last = merged[-1] if merged else None
        if (
            last is not None
            and block.kind == PARAGRAPH
            and last.para == block.para
            and not _TERMINAL.search(text, last.start, last.end)
            and text[block.start].islower()
        ):
            merged[-1] = Block(last.start, block.end, last.kind, last.para)
        else:
            merged.append(block)
    return merged


def _mark_headings(text: str, found: list[Block]) -> list[Block]:
    """Mark short lines without final punctuation that stand alone as headings."""
    marked = []
    for block in found:
        line = text[block.start : block.end]
        if (
            block.kind == PARAGRAPH
            and "\n" not in line
            and not _TERMINAL.search(line)
            and len(line.split()) <= _HEADING_MAX_WORDS
        ):
            block = Block(block.start, block.end, HEADING, block.para)
        marked.append(block)
    return marked


def sentences(text: str, block: Block) -> list[tuple[int, int]]:
    """Return the sentence spans of a block, using NLTK's Punkt segmenter."""
    body = text[block.start : block.end].rstrip(_CLOSERS)
    if not any(mark in body for mark in ".?!"):
        return [(block.start, block.end)]  # no sentence end before the last: nothing to split
    spans: list[tuple[int, int]] = []
    piece_start = block.start
    # Punkt reads "others.Anthropic" as one word; a pasted caption glued on is a new sentence.
    for glued in _GLUED.finditer(text, block.start, block.end):
        spans.extend(_punkt_spans(text, piece_start, glued.end()))
        piece_start = glued.end()
    spans.extend(_punkt_spans(text, piece_start, block.end))
    return _realign(text, spans)


def _punkt_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Yield Punkt's sentences of text[start:end], giving it at most _PUNKT_PIECE at once.

    NLTK gives each pattern search a time limit (against pathological input), which a
    paragraph of megabytes exceeds. Each piece's last sentence may be cut off, so the
    next piece starts where it starts: Punkt decides every boundary, as on the whole.
    """
    while end - start > _PUNKT_PIECE:
        spans = list(_PUNKT.span_tokenize(text[start : start + _PUNKT_PIECE]))
        if len(spans) < 2:  # no sentence end in a whole piece: not prose, cut anywhere
            yield from ((start + a, start + b) for a, b in spans)
            start += _PUNKT_PIECE
            continue
        for first, last in spans[:-1]:
            yield start + first, start + last
        start += spans[-1][0]
    for first, last in _PUNKT.span_tokenize(text[start:end]):
        yield start + first, start + last


def _realign(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Give an opening quote to the sentence it opens; rejoin a sentence cut before lower case.

    Punkt leaves the quote of 'he said. "We' on the first sentence, and cuts
    '"We got her!" officers said' after the exclamation mark.
    """
    fixed: list[tuple[int, int]] = []
    for start, end in spans:
        if fixed and text[start].islower():
            fixed[-1] = (fixed[-1][0], end)
            continue
        if fixed:
            last_start, last_end = fixed[-1]
            opening = _DANGLING_QUOTE.search(text, last_start, last_end)
            if opening:
                fixed[-1] = (last_start, opening.start())
                start = opening.end() - 1
        fixed.append((start, end))
    return fixed


def clauses(text: str, start: int, end: int) -> list[Clause]:
    """Split a sentence at reported clauses, semicolons and contrasting subjects."""
    if text.find(",", start, end) < 0 and text.find(";", start, end) < 0:
        return [_clause(text, start, end, start, False)]  # every cut starts at "," or ";"
    cuts: list[tuple[int, int, bool]] = []  # (cut start, next clause start, reported)
    for pattern, reported in ((_PARTICIPLE, True), (_COORDINATE, False)):
        for match in pattern.finditer(text, start, end):
            cuts.append((match.start(), match.end(), reported))
    cuts.sort()
    found: list[Clause] = []
    clause_start, reported = start, False
    for cut_start, next_start, next_reported in cuts:
        if (
            _words(text, clause_start, cut_start) >= _MIN_CLAUSE_WORDS
            and _words(text, next_start, end) >= _MIN_CLAUSE_WORDS
        ):
            found.append(_clause(text, clause_start, cut_start, start, reported))
            clause_start, reported = next_start, next_reported
    found.append(_clause(text, clause_start, end, start, reported))
    return found


def _words(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def _clause(text: str, start: int, end: int, sentence_start: int, reported: bool) -> Clause:
    trailing = _TRAILING.search(text, start, end)
    if trailing and trailing.start() > start:
        end = trailing.start()
    return Clause(start, end, sentence_start, reported)
