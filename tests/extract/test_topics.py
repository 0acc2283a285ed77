"""Topic cues match by stem and phrase, never as bare substrings."""

import pytest

from app.extract.taxonomy import DEFAULT_TOPICS, TopicSpec
from app.extract.tokens import tokenize
from app.extract.topics import compile_cues, find_topics, strong_topics
from tests.extract.helpers import claim_with, claims_of


def _topics(text: str, taxonomy: tuple[TopicSpec, ...] = DEFAULT_TOPICS) -> set[str]:
    tokens = tokenize(text)
    return set(strong_topics(find_topics(compile_cues(taxonomy), tokens, 0, len(tokens.words))))


@pytest.mark.parametrize(
    ("text", "topic", "found"),
    [
        ("The lab paused training last week.", "pause-mechanism", True),
        ("Pausing development would be wise.", "pause-mechanism", True),
        ("Officials are acting quickly.", "national-regulation", False),
        ("The EU AI Act takes effect.", "national-regulation", True),
        ("They called for an immediate stop to AI development.", "pause-mechanism", True),
        ("The model keeps improving itself.", "recursive-self-improvement", True),
        ("A computer scientist spoke.", "compute-governance", False),
        ("The UN should host talks.", "international-governance", True),
        ("Un día más.", "international-governance", False),
        ("Developers must be held liable.", "liability", True),
        ("It will race ahead of competitors.", "race-dynamics", True),
        (
            "Models will soon do most of the work of AI researchers.",
            "recursive-self-improvement",
            True,
        ),
    ],
)
def test_it_matches_cues_by_stem_phrase_and_case(text: str, topic: str, found: bool) -> None:
    assert (topic in _topics(text)) is found


def test_it_needs_a_strong_cue_besides_a_common_word() -> None:
    assert _topics("The minister briefed policymakers on Tuesday.") == set()
    assert "national-regulation" in _topics("Policymakers want binding legislation.")


def test_it_uses_an_editors_own_cue_terms() -> None:
    custom = (
        TopicSpec(
            "watermarks",
            "Watermarking",
            "AI output should be watermarked.",
            "",
            ("watermark", "content provenance"),
        ),
    )
    assert _topics("Labs agreed to watermarking generated images.", custom) == {"watermarks"}
    assert _topics("Labs agreed to pause.", custom) == set()


def test_the_default_taxonomy_has_the_fourteen_spec_topics() -> None:
    slugs = [t.slug for t in DEFAULT_TOPICS]
    assert len(slugs) == 14 == len(set(slugs))
    assert all(t.proposition and t.cues for t in DEFAULT_TOPICS)


def test_a_later_clause_of_a_sentence_that_refers_back_keeps_its_topic() -> None:
    claims = claims_of(
        "Some experts argue that compute thresholds are too blunt; "
        "Yoshua Bengio says they are the only practical lever."
    )
    later = claim_with(claims, "practical lever")
    assert [t.topic for t in later.topics] == ["compute-governance"]
