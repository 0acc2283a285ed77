"""Blocks, sentences and clauses are character spans that survive real layout."""

import pytest

from app.extract import segment

TEXT = (
    "Key Facts\n\n"
    "  • Anthropic says Claude is improving faster than expected\n"
    "  • The company is calling for a pause\n\n"
    'Sen. Jane Doe (D-Calif.) said the U.S. must act. "We cannot wait," she said.'
)


def _sentences(text: str) -> list[str]:
    return [
        text[s:e]
        for b in segment.blocks(text)
        if b.kind != segment.HEADING
        for s, e in segment.sentences(text, b)
    ]


def test_it_marks_a_short_line_without_final_punctuation_as_a_heading() -> None:
    kinds = [(TEXT[b.start : b.end], b.kind) for b in segment.blocks(TEXT)]
    assert kinds[0] == ("Key Facts", segment.HEADING)


def test_it_makes_each_bullet_a_block_without_its_marker() -> None:
    bullets = [TEXT[b.start : b.end] for b in segment.blocks(TEXT) if b.kind == segment.BULLET]
    assert bullets == [
        "Anthropic says Claude is improving faster than expected",
        "The company is calling for a pause",
    ]


def test_it_does_not_split_sentences_at_abbreviations() -> None:
    sentences = _sentences(TEXT)
    assert "Sen. Jane Doe (D-Calif.) said the U.S. must act." in sentences
    assert '"We cannot wait," she said.' in sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"We cannot wait!" officials said on Monday. The bill passed.',
            ['"We cannot wait!" officials said on Monday.', "The bill passed."],
        ),
        (
            "“Operating is different,” Mayer said. “I love what I do.”",
            ["“Operating is different,” Mayer said.", "“I love what I do.”"],
        ),
        (
            "South Dakota Gov. Kristi Noem defended it. Dr. Li agreed on Jan. 5 in Washington.",
            [
                "South Dakota Gov. Kristi Noem defended it.",
                "Dr. Li agreed on Jan. 5 in Washington.",
            ],
        ),
        (
            "Prices start at $12.99. Critics called it a mistake.",
            ["Prices start at $12.99.", "Critics called it a mistake."],
        ),
    ],
)
def test_it_splits_news_copy_at_sentence_ends_only(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_a_one_sentence_block_is_its_own_sentence() -> None:
    text = 'The minister said the rules would "stifle innovation."'
    assert _sentences(text) == [text]


def test_it_joins_hard_wrapped_lines_of_one_paragraph() -> None:
    text = "The lab said on Tuesday that it would\nslow down its work on new models."
    assert [text[b.start : b.end] for b in segment.blocks(text)] == [text]


def test_it_splits_a_glued_pull_quote_credit_from_its_sentence() -> None:
    text = (
        "The company believes it is better to have careful labs at the frontier than to "
        "cede that ground to others.Anthropic policy document"
    )
    assert _sentences(text)[-1] == "Anthropic policy document"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The firm published a warning, telling the public that models improve themselves.",
            ["The firm published a warning", "telling the public that models improve themselves"],
        ),
        (
            "The company builds new models, while arguing that a pause must be possible.",
            ["The company builds new models", "arguing that a pause must be possible"],
        ),
        (
            "The EU passed its AI Act; the US relies on voluntary commitments instead.",
            ["The EU passed its AI Act", "the US relies on voluntary commitments instead"],
        ),
        (
            "Critics said the bill, which passed on Tuesday, goes too far.",
            ["Critics said the bill, which passed on Tuesday, goes too far"],
        ),
    ],
)
def test_it_cuts_clauses_at_reported_speech_and_semicolons(
    sentence: str, expected: list[str]
) -> None:
    clauses = segment.clauses(sentence, 0, len(sentence))
    assert [sentence[c.start : c.end] for c in clauses] == expected
    assert [c.reported for c in clauses][1:] == [not s.startswith("the US") for s in expected[1:]]


def test_a_long_block_is_cut_for_the_segmenter_without_changing_its_sentences() -> None:
    text = " ".join(
        f"Dr. Smith met officials in room {n}. They agreed on the U.S. draft." for n in range(3000)
    )
    block = segment.Block(0, len(text), segment.PARAGRAPH, 0)
    whole = [(s, e) for s, e in segment._PUNKT.span_tokenize(text)]
    assert len(text) > 5 * segment._PUNKT_PIECE
    assert segment.sentences(text, block) == whole
