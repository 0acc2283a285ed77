"""The five requests of shared/bench/WORKLOAD.md: their URLs, answers and how answers compare."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

QUERIES = ("Q1", "Q2", "Q3", "Q4", "Q5")

# Filters per request, as govclaims spells them in its URLs.
PARAMS: dict[str, dict[str, str]] = {
    "Q1": {},
    "Q2": {"topic": "pause-mechanism"},
    "Q3": {"topic": "pause-mechanism", "stance": "supports", "actor": "OpenAI"},
    "Q4": {"q": "international oversight", "topic": "human-oversight"},
    "Q5": {"topic": "pause-mechanism", "page": "100"},
}


# The research views (issue 12), loaded like the five requests; each answer must carry its
# markers (a complete page or feed), but there is no reference answer to compare with.
RESEARCH: dict[str, tuple[str, tuple[str, ...]]] = {
    "topic page": ("/topics/pause-mechanism", ('class="timeline"', 'class="stance-sentence"')),
    "matrix": ("/actors", ('class="stance-matrix"', "</table>")),
    "changes feed": ("/changes.atom", ("<feed", "</feed>")),
}


def govclaims_path(query: str, *, api: bool) -> str:
    """Return the path and query string of a request on govclaims (HTML page or JSON API)."""
    qs = urlencode(PARAMS[query])
    path = "/api/claims" if api else "/claims"
    return f"{path}?{qs}" if qs else path


@dataclass(frozen=True)
class Facet:
    """Counts per value; top_only means only the leading entries are known (top-k lists)."""

    counts: dict[str, int]
    top_only: bool = False

    def ranked(self) -> list[tuple[str, int]]:
        """Return the non-zero entries by count descending, then value."""
        return sorted(((k, v) for k, v in self.counts.items() if v), key=lambda e: (-e[1], e[0]))


@dataclass(frozen=True)
class Answer:
    """What a request must return: the total, the first row and the three facets."""

    total: int
    first_id: int | None
    first_published_at: dt.datetime | str | None = None
    first_text: str | None = None
    topics: Facet | None = None
    stances: Facet | None = None
    actors: Facet | None = None
    notes: list[str] = field(default_factory=list)


def _instant(value: dt.datetime | str | None) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def _facet_diff(name: str, expected: Facet | None, got: Facet | None) -> list[str]:
    if expected is None:
        return []
    if got is None:
        return [f"{name} facet missing"]
    want = expected.ranked()
    # both sides rank by count, then value (the workload's tie-break), so top-k lists compare
    have = got.ranked()[: len(want)] if expected.top_only else got.ranked()
    return [] if have == want else [f"{name} facet {have[:5]}... != expected {want[:5]}..."]


def compare(expected: Answer, got: Answer, *, facets: bool = True) -> list[str]:
    """List every way got differs from expected (empty when it is the same answer)."""
    problems = []
    if got.total != expected.total:
        problems.append(f"total {got.total} != {expected.total}")
    if got.first_id != expected.first_id:
        problems.append(f"first row id {got.first_id} != {expected.first_id}")
    want_at, got_at = _instant(expected.first_published_at), _instant(got.first_published_at)
    if want_at is not None and got_at is not None and got_at != want_at:  # HTML shows no instant
        problems.append(f"first row published_at {got_at} != {want_at}")
    if facets:
        problems += _facet_diff("topic", expected.topics, got.topics)
        problems += _facet_diff("stance", expected.stances, got.stances)
        problems += _facet_diff("actor", expected.actors, got.actors)
    return problems


def _top(pairs: str) -> Facet:
    counts = {}
    for entry in pairs.split(";"):
        value, _, count = entry.strip().rpartition(" ")
        counts[value] = int(count.replace(",", ""))
    return Facet(counts, top_only=True)


def _full(pairs: str) -> Facet:
    return Facet(_top(pairs).counts)


_Q2 = dict(
    topics=_top(
        "pause-mechanism 215,137; international-governance 30,646; national-regulation 28,359"
    ),
    stances=_full("supports 100,944; opposes 40,030; mixed 33,971; neutral 40,192"),
    actors=_top("Anthropic 22,084; OpenAI 13,551; Google DeepMind 9,730"),
)

# The reference answers printed in WORKLOAD.md for the 200,000-article corpus (seed 1).
PUBLISHED: dict[int, dict[str, Answer]] = {
    200_000: {
        "Q1": Answer(
            1_013_280,
            1013277,
            "2026-11-30T23:55:51Z",
            topics=_top(
                "pause-mechanism 215,137; international-governance 191,711; "
                "national-regulation 179,842"
            ),
            stances=_full("supports 454,665; opposes 191,395; mixed 145,233; neutral 186,492"),
            actors=_top("Anthropic 104,221; OpenAI 63,750; Google DeepMind 45,650"),
        ),
        "Q2": Answer(215_137, 1013277, "2026-11-30T23:55:51Z", **_Q2),
        "Q3": Answer(
            6_962,
            1012506,
            "2026-11-30T09:42:22Z",
            topics=_top(
                "pause-mechanism 6,962; international-governance 1,087; national-regulation 973"
            ),
            stances=_full("supports 6,962"),
            actors=_top("OpenAI 6,962"),
        ),
        "Q4": Answer(
            962,
            1012869,
            "2026-11-30T15:56:08Z",
            topics=_top("human-oversight 962; international-governance 467; pause-mechanism 128"),
            stances=_full("supports 462; opposes 167; mixed 141; neutral 192"),
            actors=_top("Anthropic 103; OpenAI 52; Google DeepMind 41"),
        ),
        "Q5": Answer(215_137, 989649, "2026-11-12T11:56:03Z", **_Q2),
    }
}
