"""Pure helpers behind the pages: text passages for highlighting, and chart geometry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.queries.topics import MonthStances
from app.web.charts import monthly_stacked, stance_segments
from app.web.passages import Passage, excerpt_around, split_passages
from app.web.templating import highlight


@dataclass
class Span:
    id: int
    start_pos: int
    end_pos: int


def test_split_passages_marks_each_span_and_keeps_all_the_text():
    text = "One. Two three. Four."
    parts = split_passages(text, [Span(2, 5, 15), Span(1, 0, 4)])
    assert parts == [Passage("One.", 1), Passage(" "), Passage("Two three.", 2), Passage(" Four.")]
    assert "".join(p.text for p in parts) == text


def test_overlapping_and_out_of_range_spans_are_clipped_not_duplicated():
    text = "abcdefghij"
    parts = split_passages(text, [Span(1, 0, 6), Span(2, 4, 8), Span(3, 9, 99), Span(4, 20, 30)])
    assert "".join(p.text for p in parts) == text
    assert [(p.text, p.claim_id) for p in parts if p.claim_id] == [
        ("abcdef", 1),
        ("gh", 2),
        ("j", 3),
    ]


def test_excerpt_cuts_at_word_boundaries_around_the_quote():
    text = "word " * 200 + "THE QUOTE" + " tail" * 200
    start = text.index("THE QUOTE")
    parts = excerpt_around(text, Span(7, start, start + 9), context=50)
    assert parts[1] == Passage("THE QUOTE", 7)
    assert parts[0].text.startswith("…word") and parts[2].text.endswith("tail…")


def test_highlight_escapes_before_marking():
    assert str(highlight("a <b> \x02pause\x03 & \x02halt\x03")) == (
        "a &lt;b&gt; <mark>pause</mark> &amp; <mark>halt</mark>"
    )
    assert str(highlight(None)) == ""


def test_stance_segments_are_consecutive_shares_of_100():
    segments = stance_segments([3, 1, 0, 0])
    assert [(s.stance, s.start, s.share) for s in segments] == [
        ("supports", 0, 75.0),
        ("opposes", 75.0, 25.0),
    ]
    assert stance_segments([0, 0, 0, 0]) == []


def test_monthly_chart_stacks_stances_and_scales_to_the_busiest_month():
    months = [
        MonthStances(dt.date(2026, 10, 1), (2, 2, 0, 0)),
        MonthStances(dt.date(2026, 11, 1), (1, 0, 0, 0)),
    ]
    chart = monthly_stacked(months, title="t", height=228)
    tallest = [r for r in chart.rects if r.label.startswith("Oct")]
    assert sum(r.height for r in tallest) == chart.plot_bottom - chart.plot_top
    assert tallest[0].stance == "supports" and tallest[0].y > tallest[1].y  # supports at bottom
    assert "busiest month was Oct 2026 with 4" in chart.description
