"""The five requests as govclaims and Datasette URLs, and how answers are compared."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from bench.datasette_side import datasette_path, markers, parse_answer
from bench.workload import PUBLISHED, Answer, Facet, compare, govclaims_path


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_it_spells_the_drill_down_as_govclaims_filters() -> None:
    assert govclaims_path("Q3", api=True) == (
        "/api/claims?topic=pause-mechanism&stance=supports&actor=OpenAI"
    )
    assert govclaims_path("Q1", api=False) == "/claims"
    assert govclaims_path("Q5", api=False) == "/claims?topic=pause-mechanism&page=100"


def test_it_asks_datasette_for_every_facet_newest_first() -> None:
    args = _query(datasette_path("Q1"))

    assert args["_sort_desc"] == ["published_at"]
    assert args["_facet_array"] == ["topics", "stances"]
    assert args["_facet"] == ["actor"]
    assert args["_size"] == ["50"]


def test_it_filters_datasette_by_topic_through_the_tags_table() -> None:
    args = _query(datasette_path("Q4"))

    assert json.loads(args["_through"][0]) == {
        "table": "claim_topics",
        "column": "topic",
        "value": "human-oversight",
    }
    assert args["_search"] == ["international oversight"]
    assert args["_facet_array"] == ["topics", "tags"]  # stances on the filtered topic


def test_it_filters_topic_and_stance_on_one_tag_beside_the_actor() -> None:
    args = _query(datasette_path("Q3"))

    assert args["actor"] == ["OpenAI"]
    assert "tag = 'pause-mechanism:supports'" in args["_where"][0]
    assert "_through" not in args  # its parameter name collides with actor's in Datasette 0.65


def test_it_pages_datasette_with_its_own_keyset_token() -> None:
    args = _query(datasette_path("Q5", next_token="2026-11-12T11~3A56~3A03Z,989650"))

    assert args["_next"] == ["2026-11-12T11~3A56~3A03Z,989650"]


def test_it_reads_the_stance_facet_of_the_filtered_topic_from_datasette_tags() -> None:
    body = {
        "filtered_table_rows_count": 3,
        "rows": [{"id": 7, "published_at": "2026-11-30T23:55:51Z"}],
        "facet_results": {
            "topics": {"results": [{"value": "pause-mechanism", "count": 3}]},
            "tags": {
                "results": [
                    {"value": "pause-mechanism:supports", "count": 2},
                    {"value": "pause-mechanism:opposes", "count": 1},
                    {"value": "liability:supports", "count": 1},
                ]
            },
            "actor": {"results": [{"value": "OpenAI", "count": 3}]},
        },
    }

    answer, complete = parse_answer("Q2", body)

    assert complete
    assert answer.stances == Facet({"supports": 2, "opposes": 1})
    assert answer.first_id == 7


def test_it_calls_a_datasette_answer_incomplete_when_a_facet_timed_out() -> None:
    body = {"filtered_table_rows_count": 3, "rows": [], "facet_results": {"topics": {}}}

    assert parse_answer("Q1", body)[1] is False
    assert '!"filtered_table_rows_count": null' in markers("Q1")


def test_it_accepts_the_published_answer_and_names_each_difference() -> None:
    want = PUBLISHED[200_000]["Q3"]
    same = Answer(
        6962,
        1012506,
        "2026-11-30T09:42:22+00:00",
        topics=Facet(
            {
                "pause-mechanism": 6962,
                "international-governance": 1087,
                "national-regulation": 973,
                "liability": 5,
            }
        ),
        stances=Facet({"supports": 6962, "opposes": 0}),
        actors=Facet({"OpenAI": 6962}),
    )
    wrong = Answer(6961, 1012507, topics=same.topics, stances=same.stances, actors=None)

    assert compare(want, same) == []
    assert compare(want, wrong) == [
        "total 6961 != 6962",
        "first row id 1012507 != 1012506",
        "actor facet missing",
    ]


def test_the_research_views_are_in_the_workload_with_markers_their_pages_carry(client, db) -> None:
    from bench.workload import RESEARCH
    from tests.factories import make_actor, make_claim

    actor = make_actor(db)
    make_claim(db, actor_id=actor.id, tags=[("pause-mechanism", "supports")])
    make_claim(db, actor_id=actor.id, tags=[("pause-mechanism", "opposes", "confirmed")])

    assert {path for path, _ in RESEARCH.values()} == {
        "/topics/pause-mechanism",
        "/actors",
        "/changes.atom",
    }
    for path, needles in RESEARCH.values():
        body = client.get(path).text
        assert all(m in body for m in needles), path
