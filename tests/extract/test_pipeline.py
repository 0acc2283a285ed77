"""The extractor end to end on whole texts: spans, gates and options."""

from pathlib import Path

import pytest

from app.extract import DEFAULT_ACTORS, EXTRACTOR_VERSION, Article, TopicSpec, extract
from app.extract.gazetteer import ACTOR_KINDS

FIXTURES = Path(__file__).parent / "fixtures"
SEED = Path(__file__).parents[3] / "shared" / "data" / "seed-article.txt"


def _fixture(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["football-report", "cooking-column"])
def test_a_text_not_about_ai_governance_yields_no_claims(name: str) -> None:
    assert extract(Article(_fixture(name))) == []


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_an_empty_text_yields_no_claims(text: str) -> None:
    assert extract(Article(text)) == []


@pytest.mark.parametrize(
    "name", ["eu-registration-report", "pause-op-ed", "uk-government-statement"]
)
def test_every_claim_text_is_its_span_of_the_article(name: str) -> None:
    text = _fixture(name)
    claims = extract(Article(text))
    assert claims
    for claim in claims:
        assert claim.text == text[claim.start : claim.end]
        assert claim.text == claim.text.strip() and not claim.text.startswith("•")


def test_it_suggests_only_the_topics_of_a_custom_taxonomy() -> None:
    custom = [
        TopicSpec(
            "watermarks", "Watermarking", "AI output should be watermarked.", "", ("watermark",)
        )
    ]
    text = _fixture("eu-registration-report") + "\nOpenAI said it will watermark AI images."
    claims = extract(Article(text), topics=custom)
    assert {t.topic for c in claims for t in c.topics} == {"watermarks"}


def test_it_ignores_headings_and_navigation() -> None:
    text = (
        "The Case for an AI Pause\n\nAnthropic said a pause mechanism is needed for AI.\n\n"
        "Further reading: our AI pause explainer and more AI governance news."
    )
    claims = extract(Article(text))
    assert [c.text for c in claims] == ["Anthropic said a pause mechanism is needed for AI"]


def test_the_public_constants_are_well_formed() -> None:
    assert EXTRACTOR_VERSION.startswith("rules-")
    assert all(a.kind in ACTOR_KINDS for a in DEFAULT_ACTORS)
    names = [a.name.lower() for a in DEFAULT_ACTORS]
    assert len(names) == len(set(names))


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed article is not present")
def test_the_seed_list_of_key_facts_inherits_its_actor() -> None:
    claims = extract(Article(SEED.read_text(encoding="utf-8")))
    bullets = [c for c in claims if 980 < c.start < 1424]
    assert len(bullets) == 5 and {c.actor for c in bullets} == {"Anthropic"}
