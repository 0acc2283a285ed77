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
]


@pytest.mark.parametrize(("text", "kind"), CASES)
def test_it_tells_what_kind_of_claim_a_sentence_makes(text: str, kind: str) -> None:
    assert claim_with(claims_of(text), text.split()[1]).kind == kind
