"""Who makes each claim: named speakers, inverted quotes, anaphors and the gazetteer."""

import pytest

from app.extract import ActorSpec
from tests.extract.helpers import claim_with, claims_of

CASES = [
    # (text, words of the claim, expected actor)
    (
        "According to the Centre for AI Safety, frontier labs should be licensed.",
        "licensed",
        "Centre for AI Safety",
    ),
    (
        "The Department for Science said the bill will require audits of frontier models.",
        "audits",
        "Department for Science",
    ),
    (
        "Google DeepMind published a new safety framework today.\n\n"
        '"We believe frontier labs must be licensed," said Demis Hassabis, chief executive '
        "of Google DeepMind.",
        "licensed",
        "Demis Hassabis",
    ),
    (
        "California Governor Gavin Newsom on Sunday vetoed a bill to regulate frontier AI models.",
        "vetoed",
        "Gavin Newsom",
    ),
    (
        '"Export controls on AI chips will stay," said Secretary of Commerce Gina Raimondo.',
        "Export controls",
        "Gina Raimondo",
    ),
    (
        "Anthropic's chief executive Dario Amodei has long backed binding AI legislation.",
        "legislation",
        "Dario Amodei",
    ),
    (
        "Anthropic published a new safety policy for frontier AI.\n\n"
        '"We back licensing for frontier labs," an OpenAI spokeswoman said.',
        "licensing",
        "OpenAI",
    ),
    (
        "Critics of Anthropic said the licensing plan was a mistake.",
        "licensing plan",
        "Critics",
    ),
    ('"Frontier models must be licensed," said Sam Altman.', "licensed", "Sam Altman"),
    (
        '"We need binding regulation now," the senator said, according to Reuters. ',
        "binding regulation",
        None,
    ),
    (
        "According to the Future of Life Institute, a moratorium is overdue.",
        "moratorium",
        "Future of Life Institute",
    ),
    (
        "Jane Okafor, a professor at the University of Lagos, warned that loss of control is a "
        "real risk.",
        "loss of control",
        "Jane Okafor",
    ),
    (
        "Microsoft released a model. The company called for an international treaty.",
        "treaty",
        "Microsoft",
    ),
    (
        "Geoffrey Hinton spoke at length. He said AI systems could escape human control.",
        "human control",
        "Geoffrey Hinton",
    ),
    ("Critics argue that the bill would stifle open-source models.", "open-source", "Critics"),
    (
        "The UK Government published a paper. Officials said the bill would create a licence "
        "for frontier labs.",
        "licence",
        "UK Government",
    ),
    ("Ministers have ruled out a licensing regime.", "licensing", "Ministers"),
]


@pytest.mark.parametrize(("text", "words", "actor"), CASES)
def test_it_credits_the_speaker_of_each_claim(text: str, words: str, actor: str | None) -> None:
    claim = claim_with(claims_of(text), words)
    if actor is not None:
        assert claim.actor == actor


def test_it_resolves_the_company_to_the_last_lab() -> None:
    claims = claims_of(
        "OpenAI and the UK Government met. Then Anthropic spoke. "
        "The company said a pause mechanism is needed."
    )
    assert claim_with(claims, "pause mechanism").actor == "Anthropic"


def test_it_resolves_she_to_the_last_person_not_the_last_organisation() -> None:
    claims = claims_of(
        "Jane Okafor told the committee that OpenAI was moving fast. "
        "She added that export controls on chips are essential."
    )
    assert claim_with(claims, "export controls").actor == "Jane Okafor"


def test_it_finds_a_new_named_speaker_and_its_surname_later() -> None:
    claims = claims_of(
        "Priya Raman, director of a policy group, said audits are essential. "
        "Raman said independent red-teaming should be mandatory."
    )
    assert claim_with(claims, "audits").actor == "Priya Raman"
    assert claim_with(claims, "red-teaming").actor == "Priya Raman"


def test_it_credits_a_list_of_key_points_to_the_article_actor() -> None:
    text = (
        "Key Facts\n\n• Google DeepMind says evaluations are essential\n"
        "• Model weights should not be released openly\n"
    )
    claims = claims_of(text)
    assert {c.actor for c in claims} == {"Google DeepMind"}


def test_it_lets_known_actors_override_the_gazetteer() -> None:
    actors = [ActorSpec("Acme Intelligence", "lab", ("Acme",))]
    claims = claims_of("Acme said frontier models need a licence.", actors=actors)
    assert claim_with(claims, "licence").actor == "Acme Intelligence"
    assert claim_with(claims, "licence").actor_kind == "lab"


def test_it_credits_an_op_ed_authors_own_sentences_to_the_byline() -> None:
    text = "By Maria Chen\n\nI believe a moratorium on frontier AI would be a mistake."
    assert claim_with(claims_of(text), "moratorium").actor == "Maria Chen"


def test_senators_speak_as_a_group_about_the_order_named_before() -> None:
    claims = claims_of(
        "The administration issued an executive order on frontier AI regulation.\n\n"
        "Republican senators said the order was government overreach."
    )
    claim = claim_with(claims, "overreach")
    assert claim.actor == "Senators"
    assert {t.topic: t.stance for t in claim.topics} == {"national-regulation": "opposes"}
