"""The stance definition: one rule per test, then the rows read from the database."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from app.queries import stances
from app.queries.stances import TagRow, combine_stances, current_stance, find_changes
from tests.factories import make_actor, make_article, make_claim, topic

_ids = itertools.count(1)


def tag(stance: str, day: int, *, article: int | None = None, confirmed: bool = False) -> TagRow:
    """A tag of actor 1 on topic 1, on 2025-01-<day>, in its own article unless given."""
    claim = next(_ids)
    return TagRow(1, 1, article or 1000 + claim, dt.date(2025, 1, day), claim, stance, confirmed)


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        (["supports", "supports"], ("supports", False)),
        (["opposes"], ("opposes", False)),
        (["supports", "opposes"], ("mixed", True)),
        (["supports", "mixed"], ("mixed", False)),
        (["neutral", "opposes"], ("opposes", False)),
        (["neutral", "neutral"], ("neutral", False)),
        (["supports", "neutral", "opposes"], ("mixed", True)),
    ],
)
def test_claims_combine_alike_split_mixed_and_neutral_only_when_nothing_else(found, expected):
    assert combine_stances(found) == expected


def test_one_articles_supports_and_mixed_claims_make_one_mixed_article_stance():
    rows = [tag("supports", 3, article=7), tag("mixed", 3, article=7)]
    (article,) = stances.article_stances(rows)
    assert (article.stance, article.claim_ids) == ("mixed", (rows[0].claim_id, rows[1].claim_id))
    assert current_stance(rows).current.stance == "mixed"


def test_two_sentences_of_the_same_article_are_not_a_change():
    assert find_changes([tag("supports", 3, article=7), tag("mixed", 3, article=7)]) == []


def test_articles_of_the_same_date_combine_and_a_tie_shows_as_split():
    rows = [tag("supports", 5, article=1), tag("opposes", 5, article=2), tag("opposes", 1)]
    now = current_stance(rows).current
    assert (now.stance, now.split, now.article_ids) == ("mixed", True, (1, 2))


def test_the_latest_date_wins():
    rows = [tag("supports", 1), tag("supports", 2), tag("opposes", 9)]
    now = current_stance(rows)
    assert (now.current.stance, now.current.day) == ("opposes", dt.date(2025, 1, 9))
    assert now.counts == (2, 1, 0, 0)


def test_an_editors_decision_outranks_a_newer_suggestion():
    rows = [tag("supports", 1, confirmed=True), tag("opposes", 9)]
    now = current_stance(rows)
    assert (now.current.stance, now.current.confirmed) == ("supports", True)
    assert now.confirmed_counts == (1, 0, 0, 0)


def test_within_an_article_confirmed_tags_outrank_suggested_ones():
    rows = [tag("opposes", 4, article=3, confirmed=True), tag("supports", 4, article=3)]
    (article,) = stances.article_stances(rows)
    assert (article.stance, article.confirmed, article.claim_ids) == (
        "opposes",
        True,
        (rows[0].claim_id,),
    )


def test_a_stance_resting_on_suggestions_only_says_so():
    assert current_stance([tag("supports", 1)]).current.confirmed is False


def test_a_change_is_the_stance_differing_between_two_dates():
    rows = [tag("supports", 1, confirmed=True), tag("supports", 2), tag("opposes", 3)]
    (change,) = find_changes(rows)
    assert (change.before.stance, change.after.stance) == ("supports", "opposes")
    assert (change.before.day, change.after.day) == (dt.date(2025, 1, 2), dt.date(2025, 1, 3))
    assert change.after.claim_ids == (rows[2].claim_id,)
    assert change.confirmed is False


def test_a_change_between_editors_decisions_is_confirmed():
    (change,) = find_changes([tag("opposes", 1, confirmed=True), tag("mixed", 2, confirmed=True)])
    assert change.confirmed is True


def test_the_database_rows_follow_the_rules_and_filters(db):
    actor = make_actor(db, kind="lab")
    other = make_actor(db, kind="person")
    early = make_article(db, published_at=dt.datetime(2024, 3, 1, 23, 30, tzinfo=dt.UTC))
    late = make_article(db, published_at=dt.datetime(2025, 6, 1, 8, tzinfo=dt.UTC))
    first = make_claim(db, article=early, actor_id=actor.id, tags=[("pause-mechanism", "supports")])
    make_claim(db, article=early, actor_id=other.id, tags=[("pause-mechanism", "opposes")])
    second = make_claim(db, article=late, actor_id=actor.id, tags=[("pause-mechanism", "mixed")])
    pause = topic(db, "pause-mechanism").id

    (found,) = stances.list_current_stances(db, topic_id=pause, actor_kind="lab")
    assert (found.actor_id, found.current.stance, found.current.claim_ids) == (
        actor.id,
        "mixed",
        (second.id,),
    )
    (then,) = stances.list_current_stances(db, actor_id=actor.id, as_of=dt.date(2024, 3, 1))
    assert (then.current.stance, then.current.day) == ("supports", dt.date(2024, 3, 1))
    (change,) = stances.list_changes(db, actor_id=actor.id)
    assert (change.before.claim_ids, change.after.claim_ids) == ((first.id,), (second.id,))
    assert stances.list_changes(db, actor_id=actor.id, since=dt.date(2025, 6, 2)) == []
