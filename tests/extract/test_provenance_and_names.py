"""Where a claim's words come from, and names found by the statistical model."""

from tests.extract.helpers import claim_with, claims_of


def test_words_inside_quotation_marks_with_a_speaker_are_a_quote() -> None:
    claims = claims_of(
        '"We need binding international rules for frontier AI," said Priya Raman, '
        "a researcher at the Lindqvist Institute."
    )
    claim = claim_with(claims, "binding international rules")
    assert claim.provenance == "quote"
    assert claim.actor == "Priya Raman"


def test_reported_speech_is_reported() -> None:
    claims = claims_of("Priya Raman argued that frontier AI developers should be licensed.")
    assert claim_with(claims, "licensed").provenance == "reported"


def test_a_reporters_own_sentence_is_narration() -> None:
    claims = claims_of(
        "Priya Raman argued that frontier AI developers should be licensed.\n\n"
        "The licensing debate has intensified as AI models grow more capable."
    )
    assert claim_with(claims, "debate").provenance == "narration"


def test_a_name_with_a_lower_case_particle_is_found_whole() -> None:
    claims = claims_of(
        "Henrike von Albrecht, Managing Director at Ostwind Capital, told reporters that "
        "Europe's AI rules should be simpler."
    )
    assert claim_with(claims, "simpler").actor == "Henrike von Albrecht"


def test_a_person_named_in_full_is_found_again_by_surname() -> None:
    claims = claims_of(
        "Mateo Quintana runs a lab that builds frontier AI models.\n\n"
        "Quintana stated that independent audits of AI models are necessary."
    )
    assert claim_with(claims, "audits").actor == "Mateo Quintana"


def test_he_is_the_person_who_holds_the_floor_not_one_named_in_passing() -> None:
    claims = claims_of(
        "Mateo Quintana welcomed the veto of Governor Lin's AI bill.\n\n"
        "He argued that state regulation of AI would slow open research."
    )
    assert claim_with(claims, "slow open research").actor == "Mateo Quintana"
