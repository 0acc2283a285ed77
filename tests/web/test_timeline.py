"""Timeline geometry and the actor-mix sentence (no database)."""

from __future__ import annotations

import datetime as dt

from app.queries.stance_views import ActorRef, TimelineRow
from app.queries.stances import TagRow, article_stances, current_stance
from app.web import timeline
from app.web.timeline import ActorMix, build_timeline, mix_sentence


def _row(n_articles: int, *, name: str = "A", stance: str = "supports") -> TimelineRow:
    start = dt.date(2023, 1, 1)
    tags = [
        TagRow(1, 1, i, start + dt.timedelta(days=i), i, stance, i % 2 == 0)
        for i in range(n_articles)
    ]
    actor = ActorRef(1, name, name.lower(), "lab")
    return TimelineRow(actor, current_stance(tags), article_stances(tags))


def test_marks_sit_on_a_shared_axis_in_percent_with_year_ticks():
    drawn = build_timeline([("A", "/a", _row(50)), ("B", "/b", _row(400))], title="t")
    assert drawn.lanes[0].marks[0].x == timeline.LEFT
    assert 13 < drawn.lanes[0].marks[-1].x < 14  # day 49 of 399, on 2% to 98%
    assert [t.label for t in drawn.ticks] == ["2024"]
    assert drawn.lanes[1].mark_y - drawn.lanes[0].mark_y == timeline.LANE_HEIGHT


def test_a_busy_lane_shows_one_mark_per_month_combined_by_the_same_rules():
    (lane,) = build_timeline([("A", "/a", _row(400))], title="t").lanes
    assert len(lane.marks) == 14  # Jan 2023 to Feb 2024
    assert lane.marks[0].period == "2023-01" and lane.marks[0].hollow is False
    assert len(lane.marks[0].claim_ids) == 16  # the month's confirmed articles outrank the rest


def test_a_quiet_lane_shows_every_article():
    (lane,) = build_timeline([("A", "/a", _row(3))], title="t").lanes
    assert [m.period for m in lane.marks] == ["2023-01-01", "2023-01-02", "2023-01-03"]
    assert [m.hollow for m in lane.marks] == [False, True, False]


def test_only_the_rows_with_most_claims_are_drawn():
    lanes = [(f"A{i}", "/a", _row(1 + i % 3)) for i in range(timeline.MAX_LANES + 5)]
    drawn = build_timeline(lanes, title="t")
    assert len(drawn.lanes) == timeline.MAX_LANES and drawn.hidden == 5


def test_the_sentence_counts_actors_and_says_split_and_mixed_apart():
    mix = ActorMix({"supports": 3, "opposes": 1, "mixed": 2, "neutral": 1}, split=1, claims=9)
    assert mix_sentence(mix) == "3 actors support, 1 opposes, 1 is split, 1 is mixed, 1 is neutral."
    one = ActorMix({"supports": 0, "opposes": 1, "mixed": 0, "neutral": 0}, split=0, claims=1)
    assert mix_sentence(one) == "1 actor opposes."
