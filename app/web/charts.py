"""Server-drawn charts: geometry computed here, drawn as SVG by templates/partials."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.queries.topics import MonthStances
from app.vocabulary import STANCES


@dataclass(frozen=True)
class Rect:
    """One stacked bar segment."""

    x: float
    y: float
    width: float
    height: float
    stance: str
    label: str  # what a tooltip or screen reader says about it


@dataclass(frozen=True)
class Tick:
    """An axis label at a position."""

    at: float
    label: str


@dataclass(frozen=True)
class BarChart:
    """A stacked bar chart of claims per month by stance."""

    width: int
    height: int
    plot_top: int
    plot_bottom: int
    rects: list[Rect]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    title: str
    description: str


@dataclass(frozen=True)
class Segment:
    """One stance's share of a 100% bar, in percent."""

    stance: str
    start: float
    share: float
    count: int


def monthly_stacked(
    months: Sequence[MonthStances], *, title: str, width: int = 720, height: int = 220
) -> BarChart:
    """Lay out claims per month as bars stacked by stance (supports at the bottom)."""
    left, top, bottom = 48, 10, height - 28
    peak = max((sum(m.counts) for m in months), default=0) or 1
    slot = (width - left - 4) / max(len(months), 1)
    rects = []
    for i, month in enumerate(months):
        y = float(bottom)
        for stance, n in zip(STANCES, month.counts, strict=True):
            h = (bottom - top) * n / peak
            if n:
                y -= h
                label = f"{month.month:%b %Y}: {n:,} {stance}"
                rects.append(Rect(left + i * slot + 1, y, max(slot - 2, 1), h, stance, label))
    return BarChart(
        width=width,
        height=height,
        plot_top=top,
        plot_bottom=bottom,
        rects=rects,
        x_ticks=_month_ticks(months, left, slot),
        y_ticks=[Tick(bottom - (bottom - top) * f, f"{round(peak * f):,}") for f in (0, 0.5, 1)],
        title=title,
        description=_describe(months),
    )


def stance_segments(counts: Sequence[int]) -> list[Segment]:
    """Return each stance's share of the total as consecutive bar segments."""
    total = sum(counts)
    segments, start = [], 0.0
    for stance, n in zip(STANCES, counts, strict=True):
        share = 100 * n / total if total else 0.0
        if n:
            segments.append(Segment(stance, round(start, 3), round(share, 3), n))
        start += share
    return segments


def _month_ticks(months: Sequence[MonthStances], left: int, slot: float) -> list[Tick]:
    """Label about eight evenly spaced months, always including January of each year."""
    step = max(1, len(months) // 8)
    return [
        Tick(left + (i + 0.5) * slot, f"{m.month:%b %Y}" if i % step == 0 else "")
        for i, m in enumerate(months)
        if i % step == 0
    ]


def _describe(months: Sequence[MonthStances]) -> str:
    """Summarise the chart in words for screen readers."""
    if not months:
        return "No claims yet."
    totals = [sum(m.counts) for m in months]
    busiest = months[totals.index(max(totals))]
    return (
        f"{sum(totals):,} claims from {months[0].month:%b %Y} to {months[-1].month:%b %Y};"
        f" the busiest month was {busiest.month:%b %Y} with {max(totals):,}."
    )
