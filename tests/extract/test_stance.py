"""Stance toward each topic's proposition: advocacy, rejection, negation, contrast, questions."""

import pytest

from tests.extract.helpers import claim_with, claims_of, stances

CASES = [
    (
        "The company is calling for a global pause on frontier development.",
        "pause-mechanism",
        "supports",
    ),
    (
        "Anthropic is not calling for an immediate stop to AI development.",
        "pause-mechanism",
        "mixed",
    ),
    (
        "Anthropic frames a pause option as a safeguard, not an immediate action.",
        "pause-mechanism",
        "mixed",
    ),
    (
        "Meta opposes the licensing regime proposed in Congress.",
        "licensing-and-registration",
        "opposes",
    ),
    ("OpenAI does not support a moratorium.", "pause-mechanism", "opposes"),
    ("Yann LeCun dismissed calls for a pause as alarmist.", "pause-mechanism", "opposes"),
    (
        "Senator Ted Cruz asked whether labs should face liability for harms.",
        "liability",
        "neutral",
    ),
    (
        "Cruz asked: should labs face liability for harms caused by their models?",
        "liability",
        "neutral",
    ),
    ("Critics may note that the race between labs is intensifying.", "race-dynamics", "neutral"),
    ("The group urged regulators to ban open-weight models.", "open-weights", "opposes"),
    (
        "The infrastructure to slow down responsibly does not yet exist and needs to be built.",
        "pause-mechanism",
        "supports",
    ),
    ("Nvidia lobbied against export controls on chips.", "compute-governance", "opposes"),
]


@pytest.mark.parametrize(("text", "topic", "stance"), CASES)
def test_it_suggests_the_stance_the_words_take(text: str, topic: str, stance: str) -> None:
    claim = claim_with(claims_of(text), text.split()[1])
    assert stances(claim).get(topic) == stance, claim.topics


def test_the_writers_own_question_is_not_a_claim() -> None:
    assert claims_of("Should labs face liability for harms caused by their models?") == []


def test_every_suggestion_carries_evidence_and_a_confidence() -> None:
    claim = claim_with(claims_of("The company is calling for a pause."), "pause")
    suggestion = claim.topics[0]
    assert "calling" in suggestion.evidence and "pause" in suggestion.evidence
    assert 0 < suggestion.confidence <= 1 and 0 < claim.confidence <= 1


def test_a_policy_only_mentioned_in_narration_is_reported_not_supported() -> None:
    claims = claims_of(
        "Calls for a moratorium on frontier AI development are growing louder.\n\n"
        "Parliament is debating whether to license the largest AI models."
    )
    assert stances(claim_with(claims, "moratorium")) == {"pause-mechanism": "neutral"}
    assert stances(claim_with(claims, "license")) == {"licensing-and-registration": "neutral"}


def test_a_fact_about_ai_in_narration_still_supports_its_proposition() -> None:
    claims = claims_of("Frontier labs now use AI systems to speed up their own safety research.")
    assert set(stances(claim_with(claims, "speed up")).values()) == {"supports"}


def test_a_named_call_is_reported_but_a_speakers_call_is_advocacy() -> None:
    reported = claims_of("The Senate is expected to vote on the licensing proposal next month.")
    assert "advocacy" not in claim_with(reported, "vote").evidence
    made = claims_of("OpenAI is calling for a licensing regime for frontier models.")
    assert stances(claim_with(made, "calling")) == {"licensing-and-registration": "supports"}


def test_welcome_that_does_not_go_far_enough_is_mixed_and_the_act_refers_back() -> None:
    claims = claims_of(
        "Parliament approved binding AI regulation on Wednesday.\n\n"
        "Max Tegmark said the act was an important first step but did not go far enough."
    )
    assert stances(claim_with(claims, "first step")) == {"national-regulation": "mixed"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Critics said a licensing regime for model weights would end open research.",
        "Yann LeCun argued that a pause would simply hand the lead to less careful labs.",
        "Dario Amodei said a global pause would be very hard to enforce.",
    ],
)
def test_a_harm_foreseen_from_a_proposal_opposes_it(sentence: str) -> None:
    assert set(stances(claim_with(claims_of(sentence), "would")).values()) == {"opposes"}


def test_a_harm_denied_is_not_opposition() -> None:
    claims = claims_of("Researchers said a pause would not harm innovation.")
    assert stances(claim_with(claims, "pause")) != {"pause-mechanism": "opposes"}


def test_an_op_ed_authors_own_sentences_keep_their_stance() -> None:
    claims = claims_of(
        "By Maria Chen\n\nI have studied this for years. "
        "Open-weight models let independent researchers find flaws that closed labs miss."
    )
    assert stances(claim_with(claims, "flaws")) == {"open-weights": "supports"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Mistral AI welcomed the AI Act but warned that its rules could stifle innovation.",
            {"national-regulation": "mixed"},
        ),
        (
            "OpenAI supports licensing in principle but opposes the current bill.",
            {"licensing-and-registration": "supports", "national-regulation": "opposes"},
        ),
    ],
)
def test_support_turned_by_but_is_mixed_unless_the_turn_aims_elsewhere(
    sentence: str, expected: dict[str, str]
) -> None:
    assert stances(claim_with(claims_of(sentence), "but")) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ('Andrew Ng called the idea of a pause "a terrible idea".', "opposes"),
        ("Yoshua Bengio called on governments to license frontier labs.", "supports"),
    ],
)
def test_calling_something_a_name_is_not_calling_for_it(sentence: str, expected: str) -> None:
    assert set(stances(claim_with(claims_of(sentence), "called")).values()) == {expected}


def test_a_negation_stops_at_that() -> None:
    claims = claims_of(
        '"There is no evidence that open models are more dangerous than closed ones," '
        "said Percy Liang."
    )
    assert stances(claim_with(claims, "evidence")) == {"open-weights": "supports"}
