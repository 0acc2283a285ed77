"""Cohen's kappa and per-topic agreement, against worked examples."""

from __future__ import annotations

import pytest

from app.agreement import Label, cohens_kappa, topic_agreement


def test_kappa_matches_the_textbook_example() -> None:
    # Wikipedia's worked example: 50 items, yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> 0.4.
    pairs = [("y", "y")] * 20 + [("y", "n")] * 5 + [("n", "y")] * 10 + [("n", "n")] * 15
    assert cohens_kappa(pairs) == pytest.approx(0.4)


def test_kappa_is_one_for_full_agreement_over_several_labels() -> None:
    assert cohens_kappa([("supports", "supports"), ("opposes", "opposes")]) == 1.0


def test_kappa_is_undefined_when_everyone_always_says_the_same() -> None:
    assert cohens_kappa([("supports", "supports")] * 3) is None
    assert cohens_kappa([]) is None


def test_kappa_can_be_negative_when_raters_systematically_disagree() -> None:
    kappa = cohens_kappa([("supports", "opposes"), ("opposes", "supports")])
    assert kappa is not None and kappa < 0


def test_topic_agreement_uses_only_items_with_two_raters_and_averages_pairs() -> None:
    labels = [
        Label(1, 10, 1, "supports"),
        Label(1, 10, 2, "supports"),
        Label(1, 11, 1, "opposes"),
        Label(1, 11, 2, "opposes"),
        Label(1, 12, 1, "mixed"),  # one rater only: left out
        Label(2, 20, 1, "supports"),
    ]
    [topic] = topic_agreement(labels)
    assert (topic.topic_id, topic.items, topic.pairs, topic.observed) == (1, 2, 1, 1.0)
    assert topic.kappa == 1.0


def test_three_raters_give_three_pairs() -> None:
    labels = [
        Label(1, i, r, "supports" if (i + r) % 2 else "opposes")
        for i in range(4)
        for r in (1, 2, 3)
    ]
    [topic] = topic_agreement(labels)
    assert topic.pairs == 3 and topic.items == 4
