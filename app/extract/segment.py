"""Blocks (paragraphs, bullets, headings), sentences and clauses, as character spans."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

import syntok.segmenter

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


@dataclass(frozen=True)
class Block:
    """A paragraph, bullet item or heading; para numbers group lines between blank lines."""

    start: int
    end: int
    kind: str
    para: int


@dataclass(frozen=True)
class Clause:
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


def sentences(text: str, block: Block) -> Iterator[tuple[int, int]]:
    """Yield the sentence spans of a block, using syntok's segmenter."""
    chunk = text[block.start : block.end]
    for paragraph in syntok.segmenter.analyze(chunk):
        for sentence in paragraph:
            first, last = sentence[0], sentence[-1]
            start = block.start + first.offset
            end = min(block.end, block.start + last.offset + len(last.value))
            if end > start:
                yield start, end


def clauses(text: str, start: int, end: int) -> list[Clause]:
    """Split a sentence at reported clauses, semicolons and contrasting subjects."""
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
