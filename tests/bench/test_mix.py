"""The uncached mix: distinct URLs, the same ones for the same seed."""

from urllib.parse import parse_qs, urlsplit

from bench.mix import uncached_mix

TOPICS = ["pause-mechanism", "human-oversight", "liability"]
ACTORS = ["OpenAI", "Anthropic", "Google DeepMind"]


def test_the_mix_has_as_many_distinct_urls_as_asked():
    paths = uncached_mix(1000, topics=TOPICS, actors=ACTORS)
    assert len(paths) == len(set(paths)) == 1000


def test_the_same_seed_draws_the_same_urls_in_the_same_order():
    assert uncached_mix(50, topics=TOPICS, actors=ACTORS) == uncached_mix(
        50, topics=TOPICS, actors=ACTORS
    )


def test_every_url_asks_for_claims_by_the_web_or_the_api_with_known_filters():
    for path in uncached_mix(300, topics=TOPICS, actors=ACTORS):
        parts = urlsplit(path)
        assert parts.path in ("/claims", "/api/claims")
        params = parse_qs(parts.query)
        assert set(params) <= {"topic", "stance", "actor", "q", "from", "to", "sort", "page"}
        assert set(params.get("topic", [])) <= set(TOPICS)
