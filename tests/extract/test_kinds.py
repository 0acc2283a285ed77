"""Claim kinds: position, assertion, prediction, commitment."""

import pytest

from tests.extract.helpers import claim_with, claims_of

CASES = [
    ("OpenAI is calling for an international agency to oversee frontier AI.", "position"),
    ("Anthropic says Claude is self-improving faster than projections suggested.", "assertion"),
    ("Bengio warned that AI systems could soon escape human control.", "prediction"),
    (
        "Google DeepMind pledged to publish a safety framework for every frontier model.",
        "commitment",
    ),
    ("The UK Government confirmed it will introduce legislation on frontier AI.", "commitment"),
    ("Hinton argues that labs should be held liable for harms.", "position"),
    (
        "The real answer to AI safety, Priya Raman argued, is to fund independent audits.",
        "position",
    ),
    ("Mateo Quintana said the new AI rules will have an impact on small labs.", "prediction"),
    ("Researchers said that rules requiring audits of AI models would be essential.", "position"),
    ("OpenAI said it continues to advocate for a federal law on frontier AI.", "position"),
]


@pytest.mark.parametrize(("text", "kind"), CASES)
def test_it_tells_what_kind_of_claim_a_sentence_makes(text: str, kind: str) -> None:
    assert claim_with(claims_of(text), text.split()[1]).kind == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (
            "Google DeepMind said it would delay the release of its next model until external "
            "safety testing is complete.",
            "commitment",
        ),
        (
            "Microsoft president Brad Smith said the company would not release the model "
            "without independent audits.",
            "commitment",
        ),
        ("The minister said the licensing regime would take years to agree.", "prediction"),
        (
            "Senator Jane Doe said she would fund independent audits of frontier AI models.",
            "commitment",
        ),
        (
            "The Department for Science said the national strategy will fund three new AI "
            "safety testing centres.",
            "commitment",
        ),
    ],
)
def test_a_promise_reported_of_an_organisation_is_a_commitment(text: str, kind: str) -> None:
    assert claim_with(claims_of(text), text.split()[2]).kind == kind


ANNOUNCEMENT = (
    "OpenAI today set out how it will handle its most capable models.\n\n"
    "The new commitments include:\n\n"
    "- Independent red-teaming of every frontier model before release\n"
    "- Public system cards describing dangerous capability evaluations\n"
)
FINDINGS = (
    "The AI Security Institute published its first evaluation of frontier models.\n\n"
    "The report found:\n\n"
    "- Frontier models can help novices plan cyber attacks\n"
    "- Most labs do not meet their own responsible scaling policy commitments\n"
)


def test_items_of_an_announced_list_of_measures_are_commitments() -> None:
    claims = claims_of(ANNOUNCEMENT)
    item = claim_with(claims, "red-teaming")
    assert (item.actor, item.kind) == ("OpenAI", "commitment")
    assert claim_with(claims, "system cards").kind == "commitment"


def test_items_of_a_list_of_findings_are_not_commitments() -> None:
    claims = claims_of(FINDINGS)
    assert claim_with(claims, "responsible scaling").kind != "commitment"
