"""The claims search: stable order, exact totals, and facets equal on both counting paths."""

import datetime as dt

import pytest

from app.queries.claim_filter import ClaimFilter, parse_filter, resolve
from app.queries.facets import maintained_facets, recount_facets
from app.queries.search import search_claims
from tests.factories import make_actor, make_article, make_claim


@pytest.fixture
def corpus(db):
    anthropic = make_actor(db, name="Anthropic", slug="anthropic")
    openai = make_actor(db, name="OpenAI", slug="openai")
    older = make_article(
        db,
        published_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
        text="Anthropic calls for international oversight of frontier AI.",
    )
    newer = make_article(
        db,
        published_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
        text="OpenAI opposes a pause. Officials want a treaty.",
    )
    claims = [
        make_claim(
            db,
            article=older,
            actor_id=anthropic.id,
            text=older.text,
            tags=[("pause-mechanism", "supports", "confirmed"), ("human-oversight", "supports")],
        ),
        make_claim(
            db,
            article=newer,
            actor_id=openai.id,
            text="OpenAI opposes a pause.",
            tags=[("pause-mechanism", "opposes")],
        ),
        make_claim(
            db,
            article=newer,
            actor_id=None,
            text="Officials want a treaty.",
            tags=[("international-governance", "supports"), ("pause-mechanism", "mixed")],
        ),
        make_claim(
            db,
            article=newer,
            actor_id=anthropic.id,
            text="OpenAI opposes a pause.",
            kind="prediction",
        ),
    ]
    return claims


SCOPES = [
    ClaimFilter(),
    ClaimFilter(topics=("pause-mechanism",)),
    ClaimFilter(topics=("pause-mechanism",), stances=("opposes",)),
    ClaimFilter(topics=("human-oversight",), stances=("supports",)),
    ClaimFilter(topics=("licensing-and-registration",)),
    ClaimFilter(actors=("Anthropic",)),
    ClaimFilter(topics=("pause-mechanism",), actors=("Anthropic",)),
    ClaimFilter(topics=("pause-mechanism",), stances=("supports",), actors=("Anthropic",)),
    ClaimFilter(topics=("pause-mechanism",), stances=("opposes",), actors=("Anthropic",)),
]


@pytest.mark.parametrize(
    "flt", SCOPES, ids=lambda f: ",".join(f.topics + f.stances + f.actors) or "all"
)
def test_maintained_counts_equal_a_recount_for_every_kept_scope(db, corpus, flt):
    r = resolve(db, flt)
    assert maintained_facets(db, r) == recount_facets(db, r)


def test_newest_first_keeps_claims_of_one_article_in_reading_order(db, corpus):
    result = search_claims(db, ClaimFilter())
    ids = [row.id for row in result.rows]
    assert ids == [corpus[1].id, corpus[2].id, corpus[3].id, corpus[0].id]
    assert result.total == 4


def test_stance_facet_counts_only_tags_on_the_filtered_topic(db, corpus):
    result = search_claims(db, ClaimFilter(topics=("pause-mechanism",)))
    stances = {f.value: f.count for f in result.facets.stances}
    assert stances == {"supports": 1, "opposes": 1, "mixed": 1, "neutral": 0}
    topics = {f.value: f.count for f in result.facets.topics}
    assert topics["international-governance"] == 1 and topics["pause-mechanism"] == 3


def test_an_actor_filter_reads_the_actor_counts(db, corpus):
    result = search_claims(db, ClaimFilter(actors=("Anthropic",)))
    assert result.exact_from == "maintained counts"
    assert result.total == 2
    assert [(a.value, a.count) for a in result.facets.actors] == [("Anthropic", 2)]
    kinds = {k.value: k.count for k in result.facets.kinds}
    assert kinds["prediction"] == 1 and kinds["position"] == 1


def test_full_text_search_stems_and_highlights(db, corpus):
    result = search_claims(db, ClaimFilter(q="pausing"))
    assert result.total == 2
    assert all("\x02pause\x03" in row.headline for row in result.rows)


def test_dates_are_inclusive_days(db, corpus):
    flt = ClaimFilter(date_from=dt.date(2025, 3, 1), date_to=dt.date(2025, 3, 1))
    assert search_claims(db, flt).total == 1


def test_review_status_filter_finds_confirmed_and_untagged_claims(db, corpus):
    assert search_claims(db, ClaimFilter(review=("confirmed",))).total == 1
    assert search_claims(db, ClaimFilter(review=("untagged",))).total == 1


def test_several_topics_match_any_of_them(db, corpus):
    flt = ClaimFilter(topics=("human-oversight", "international-governance"))
    assert search_claims(db, flt).total == 2


def test_unknown_names_match_nothing_and_are_reported(db, corpus):
    flt, problems = parse_filter(db, {"topic": ["no-such-topic"], "from": ["yesterday"]})
    assert search_claims(db, flt).total == 0
    assert any("unknown topic" in p for p in problems)
    assert any("not a date" in p for p in problems)


def test_hostile_search_text_is_just_text(db, corpus):
    flt, _ = parse_filter(db, {"q": ["'; DROP TABLE claims; -- <script>alert(1)</script>"]})
    assert search_claims(db, flt).total == 0
    flt, problems = parse_filter(db, {"q": ["x" * 10_000]})
    assert len(flt.q) == 500 and problems
    assert search_claims(db, flt).total == 0


def test_a_page_past_the_end_is_empty(db, corpus):
    result = search_claims(db, ClaimFilter(), page=99)
    assert result.rows == [] and result.total == 4


def test_extreme_dates_do_not_overflow(db, corpus):
    flt, problems = parse_filter(db, {"from": ["0001-01-01"], "to": ["9999-12-31"]})
    assert problems == [] and search_claims(db, flt).total == 4


def test_nul_characters_in_parameters_are_dropped(db, corpus):
    flt, _ = parse_filter(db, {"q": ["pau\x00se"], "topic": ["pause-mechanism\x00"]})
    assert flt.q == "pause" and flt.topics == ("pause-mechanism",)
    assert search_claims(db, flt).total == 1
