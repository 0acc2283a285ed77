"""Inter-editor agreement: Cohen's kappa per editor pair, averaged per topic (Light's kappa)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class Label:
    """One editor's label ('supports' … 'neutral' or 'rejected') for one tag."""

    topic_id: int
    item_id: int
    rater_id: int
    label: str


@dataclass(frozen=True)
class TopicAgreement:
    """How well editors agree on one topic."""

    topic_id: int
    items: int  # tags labelled by two or more editors
    pairs: int  # editor pairs that share at least one item
    observed: float  # share of paired labels that agree
    kappa: float | None  # mean pairwise Cohen's kappa; None when undefined


def cohens_kappa(pairs: Sequence[tuple[str, str]]) -> float | None:
    """Return Cohen's kappa for two raters' labels on the same items (None if undefined)."""
    n = len(pairs)
    if n == 0:
        return None
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[label] * second[label] for label in first) / (n * n)
    if expected == 1:
        # Both raters used one and the same label throughout: agreement is perfect
        # but chance explains it entirely, so kappa is undefined.
        return None
    return (observed - expected) / (1 - expected)


def topic_agreement(labels: Iterable[Label]) -> list[TopicAgreement]:
    """Return agreement per topic over items labelled by two or more raters."""
    by_topic: dict[int, dict[int, dict[int, str]]] = defaultdict(lambda: defaultdict(dict))
    for row in labels:
        by_topic[row.topic_id][row.item_id][row.rater_id] = row.label
    return [
        _one_topic(topic_id, items)
        for topic_id, items in sorted(by_topic.items())
        if any(len(raters) > 1 for raters in items.values())
    ]


def _one_topic(topic_id: int, items: dict[int, dict[int, str]]) -> TopicAgreement:
    per_pair: dict[tuple[int, int], list[tuple[str, str]]] = defaultdict(list)
    shared = 0
    for raters in items.values():
        if len(raters) < 2:
            continue
        shared += 1
        for a, b in combinations(sorted(raters), 2):
            per_pair[(a, b)].append((raters[a], raters[b]))
    all_pairs = [p for labels in per_pair.values() for p in labels]
    kappas = [k for k in (cohens_kappa(v) for v in per_pair.values()) if k is not None]
    return TopicAgreement(
        topic_id=topic_id,
        items=shared,
        pairs=len(per_pair),
        observed=sum(a == b for a, b in all_pairs) / len(all_pairs),
        kappa=sum(kappas) / len(kappas) if kappas else None,
    )
