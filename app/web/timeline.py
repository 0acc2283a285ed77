"""Stance timelines and actor counts: geometry and words computed here, drawn by templates.

The timeline is an SVG without a viewBox whose x positions are percentages: it stretches to
any width while its text keeps its pixel size, so labels stay readable on a 390 px phone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from app.queries.stance_views import TimelineRow, busiest
from app.queries.stances import Combined, combine_stances
from app.vocabulary import STANCES

LANE_HEIGHT = 40
MAX_LANES = 30  # more rows than this would not be read; the table lists everyone
MAX_MARKS = 60  # a lane with more articles shows one mark per month instead
AXIS_HEIGHT = 24
LEFT, RIGHT = 2.0, 98.0  # percent of the width the time axis spans


@dataclass(frozen=True)
class Mark:
    """One article's stance on the time axis."""

    x: float  # percent
    stance: str
    hollow: bool  # rests on machine suggestions
    claim_id: int
    label: str
    period: str  # the date, or the month when the lane is drawn per month
    claim_ids: tuple[int, ...]


@dataclass(frozen=True)
class Lane:
    """One row of the timeline: a label, where it links, and its marks."""

    label: str
    href: str
    stance: str
    label_y: int
    mark_y: int
    marks: list[Mark]


@dataclass(frozen=True)
class Tick:
    """A year boundary on the time axis."""

    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    """Lanes of marks over a shared time axis."""

    height: int
    axis_y: int
    lanes: list[Lane]
    ticks: list[Tick]
    title: str
    description: str
    hidden: int = 0  # rows left out (MAX_LANES)


@dataclass(frozen=True)
class ActorMix:
    """Actors per current stance (split ones counted apart from other mixed ones)."""

    counts: dict[str, int]
    split: int
    claims: int

    @property
    def actors(self) -> int:
        """Return the actors counted."""
        return sum(self.counts.values())


def build_timeline(lanes: Sequence[tuple[str, str, TimelineRow]], *, title: str) -> Timeline:
    """Lay out (label, href, row) lanes on one time axis spanning every article."""
    hidden = max(0, len(lanes) - MAX_LANES)
    lanes = _busiest(lanes)
    days = [a.day for _, _, row in lanes for a in row.articles]
    first, last = _domain(days)
    span = (last - first).days or 1

    def x(day: dt.date) -> float:
        return round(LEFT + (RIGHT - LEFT) * (day - first).days / span, 2)

    drawn = []
    for i, (label, href, row) in enumerate(lanes):
        top = i * LANE_HEIGHT
        monthly = len(row.articles) > MAX_MARKS
        periods = _by_month(row.articles) if monthly else row.articles
        marks = [
            Mark(
                x(a.day),
                a.stance,
                not a.confirmed,
                a.claim_ids[0],
                _mark_label(label, a, monthly),
                f"{a.day:%Y-%m}" if monthly else a.day.isoformat(),
                a.claim_ids,
            )
            for a in periods
        ]
        drawn.append(Lane(label, href, row.stance.current.stance, top + 13, top + 27, marks))
    axis_y = len(lanes) * LANE_HEIGHT
    ticks = [Tick(x(dt.date(y, 1, 1)), str(y)) for y in _years(first, last)]
    described = _describe(lanes, days)
    return Timeline(axis_y + AXIS_HEIGHT, axis_y, drawn, ticks, title, described, hidden)


def actor_mix(rows: Sequence[TimelineRow]) -> ActorMix:
    """Count actors per current stance, and the claims behind them."""
    counts = {s: 0 for s in STANCES}
    split = 0
    for row in rows:
        counts[row.stance.current.stance] += 1
        split += row.stance.current.split
    return ActorMix(counts, split, sum(r.stance.claims for r in rows))


def mix_sentence(mix: ActorMix) -> str:
    """Say the actor mix in words: '3 actors support, 1 opposes, 1 is split.'"""
    if not mix.actors:
        return "No actor has a claim on this topic yet."
    parts = [
        (mix.counts["supports"], "supports", "support"),
        (mix.counts["opposes"], "opposes", "oppose"),
        (mix.split, "is split", "are split"),
        (mix.counts["mixed"] - mix.split, "is mixed", "are mixed"),
        (mix.counts["neutral"], "is neutral", "are neutral"),
    ]
    words = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
    n, rest = words[0].split(" ", 1)
    words[0] = f"{n} {'actor' if n == '1' else 'actors'} {rest}"
    return ", ".join(words) + "."


def _busiest(
    lanes: Sequence[tuple[str, str, TimelineRow]],
) -> Sequence[tuple[str, str, TimelineRow]]:
    """Keep the MAX_LANES rows with most claims, in their given order."""
    return [lanes[i] for i in busiest([row.stance.claims for _, _, row in lanes], MAX_LANES)]


def _domain(days: Sequence[dt.date]) -> tuple[dt.date, dt.date]:
    if not days:
        today = dt.date.today()
        return today, today + dt.timedelta(days=1)
    first, last = min(days), max(days)
    if (last - first).days < 60:  # a short span still gets a readable axis
        return first - dt.timedelta(days=30), last + dt.timedelta(days=30)
    return first, last


def _years(first: dt.date, last: dt.date) -> list[int]:
    years = list(range(first.year + 1, last.year + 1))
    step = max(1, len(years) // 6)
    return years[::step]


def _by_month(articles: Sequence[Combined]) -> list[Combined]:
    """Combine article stances per month (drawn at the month's first day), by the same rules."""
    months: dict[dt.date, list[Combined]] = {}
    for a in articles:
        months.setdefault(a.day.replace(day=1), []).append(a)
    out = []
    for month, items in sorted(months.items()):
        kept = [a for a in items if a.confirmed] or items
        stance, split = combine_stances(a.stance for a in kept)
        claims = tuple(sorted({c for a in kept for c in a.claim_ids}))
        articles_ = tuple(sorted({i for a in kept for i in a.article_ids}))
        out.append(Combined(stance, kept[0].confirmed, split, month, claims, articles_))
    return out


def _mark_label(label: str, article: Combined, monthly: bool) -> str:
    basis = "confirmed" if article.confirmed else "machine suggestion"
    when = f"in {article.day:%b %Y}" if monthly else f"on {article.day:%d %b %Y}"
    return f"{label}: {article.stance} {when} ({basis})"


def _describe(lanes: Sequence[tuple[str, str, TimelineRow]], days: Sequence[dt.date]) -> str:
    if not days:
        return "No dated claims yet."
    return (
        f"{len(lanes)} rows, {len(days)} articles from {min(days):%b %Y} to {max(days):%b %Y};"
        " each mark is one article's stance, hollow when it rests on machine suggestions."
    )
