"""Sentences that only refer back to a topic, words that look like stance words, and
past acts of advocacy: what real texts taught the rules."""

from app.extract import Article, extract
from tests.extract.helpers import AI_LEAD, claim_with

LAB = "Northwind Labs"
OWN_POST = AI_LEAD + "Northwind Labs supports the proposed state bill on frontier AI safety. "


def _claims(text: str, **article: object):
    return extract(Article(text=text, **article))  # type: ignore[arg-type]


def _reported(text: str):
    """A news outlet's article: nobody speaks unless the text says who."""
    return extract(Article(text, outlet="Daily Wire Service"))


def _own(sentences: str):
    """A post from a source that speaks for the lab: its own sentences are the lab's."""
    return _claims(OWN_POST + sentences, outlet=LAB, speaks_for=LAB)


def test_a_fact_that_only_refers_back_to_a_topic_is_background_not_a_claim() -> None:
    claims = _own(
        "We support mandatory incident reporting for frontier developers. "
        "These reports come from eleven partners across three continents."
    )
    assert claim_with(claims, "incident reporting").actor == LAB
    assert not [c for c in claims if "eleven partners" in c.text]


def test_a_judgement_that_refers_back_to_a_topic_still_carries_it() -> None:
    claims = _own(
        "We support mandatory incident reporting for frontier developers. "
        "These requirements would formalize practices that careful developers already follow."
    )
    carried = claim_with(claims, "formalize practices")
    assert [t.topic for t in carried.topics] == ["transparency"]


def test_someone_named_saying_something_about_a_topic_already_raised_is_still_a_claim() -> None:
    text = AI_LEAD + (
        "Northwind Labs has published a responsible scaling policy. "
        "Jane Doe, its chief scientist, describes this process as the core of its safety plans."
    )
    carried = claim_with(_claims(text, outlet="Daily Wire Service"), "describes this process")
    assert carried.actor == "Jane Doe"


def test_critical_capabilities_are_not_criticism() -> None:
    claims = _own(
        "We must set critical capability levels at which frontier models "
        "undergo independent evaluation before release."
    )
    claim = claim_with(claims, "critical capability")
    assert {t.stance for t in claim.topics} == {"supports"}


def test_progress_over_a_year_is_not_overly_anything() -> None:
    text = AI_LEAD + (
        "The agreement builds on international progress on AI governance over the last "
        "twelve months, thanks to the diplomatic engagement of many governments."
    )
    claim = claim_with(_claims(text, outlet="The White House"), "builds on")
    assert "opposes" not in {t.stance for t in claim.topics}


def test_having_backed_a_bill_is_a_fact_and_backing_one_now_is_a_position() -> None:
    claims = _own(
        "We therefore supported a carefully designed bill on frontier AI safety in California. "
        "We urge Congress to pass a federal transparency standard for frontier developers."
    )
    assert claim_with(claims, "carefully designed bill").kind == "assertion"
    assert claim_with(claims, "federal transparency standard").kind == "position"


def test_a_long_sentence_ending_in_a_colon_is_a_claim_a_short_lead_in_is_not() -> None:
    text = AI_LEAD + (
        "Jane Doe thinks the executive order on AI repeats the mistakes that regulators made "
        "with mobile phones a decade ago:\n\n"
        '"They imagined the future instead of watching it," she said.\n\n'
        "The bill has three key provisions:\n\n"
        "- Independent audits of frontier models before release.\n"
    )
    claims = _reported(text)
    assert claim_with(claims, "repeats the mistakes").actor == "Jane Doe"
    assert not [c for c in claims if "three key provisions" in c.text]


def test_a_sentence_that_only_points_ahead_is_a_lead_in_however_long() -> None:
    text = AI_LEAD + (
        "The two governments intend to deepen their cooperation on frontier AI safety "
        "research and on international standards in the six areas of the dialogue as follows:"
        "\n\nJoint evaluations of frontier models before release.\n"
    )
    claims = _reported(text)
    assert not [c for c in claims if "as follows" in c.text]


def test_agreeing_with_someone_takes_a_side() -> None:
    claims = _own(
        "We agree with several senators that an AI race with China would only help "
        "authoritarian governments."
    )
    assert claim_with(claims, "agree with").kind == "position"


def test_a_name_that_is_only_a_sentences_subject_makes_no_claim_without_a_topic() -> None:
    text = AI_LEAD + (
        "Today, Jane Doe leads a venture studio and speaks out frequently about AI policy. "
        "John Roe said that AI policy should be written by elected lawmakers."
    )
    claims = _reported(text)
    assert not [c for c in claims if "venture studio" in c.text]
    assert claim_with(claims, "elected lawmakers").actor == "John Roe"


def test_an_office_before_a_name_is_no_part_of_it() -> None:
    text = AI_LEAD + (
        "Director of the Office of Science and Technology Policy Mateo Quintana led the "
        "delegation to the summit. Quintana said that international standards for frontier "
        "AI must be set by a global body."
    )
    claims = _reported(text)
    assert claim_with(claims, "global body").actor == "Mateo Quintana"


def test_a_question_left_open_is_no_claim_whoever_asks_it() -> None:
    text = AI_LEAD + (
        "Time will tell if these global safety commitments catch on. "
        "Jane Doe said it remains to be seen whether an international treaty on AI can work. "
        "John Roe said an international treaty on AI is overdue."
    )
    claims = _reported(text)
    assert [c.actor for c in claims] == ["John Roe"]


def test_claimed_names_a_speaker_whose_surname_starts_in_lower_case() -> None:
    text = AI_LEAD + (
        "Ines zu Waldheim, who runs a startup alliance in Berlin, said the rules were unclear."
        "\n\n"
        "“Three regulators oversee the same AI models. That is slowing AI regulation down "
        "for every startup,” claimed zu Waldheim."
    )
    claims = _reported(text)
    assert claim_with(claims, "slowing AI regulation").actor == "Ines zu Waldheim"


def test_critical_is_not_a_reporting_verb() -> None:
    text = AI_LEAD + "Acme Partners critical of the plan want licensing for AI developers."
    claim = claim_with(_reported(text), "licensing")
    assert "critical" not in claim.evidence


def test_we_inside_a_quotation_is_not_who_is_quoted() -> None:
    text = AI_LEAD + (
        "John Roe, Google's policy head, said on Tuesday that India could lead on AI.\n\n"
        '"We worry about AI being held back by regulations that differ in every country. '
        'So the move towards international alignment is important," he pointed out.'
    )
    claims = extract(Article(text, title="India can lead on AI, says Google"))
    assert claim_with(claims, "international alignment").actor == "John Roe"


def test_an_organisation_in_the_plural_possessive_is_still_an_organisation() -> None:
    text = AI_LEAD + (
        "John Roe, Acme Labs' policy head, said on Tuesday that India could lead on AI.\n\n"
        '"We worry about AI being held back by regulations that differ in every country. '
        'So the move towards international alignment is important," he pointed out.'
    )
    claims = extract(Article(text, title="India can lead on AI, says Acme Labs"))
    assert claim_with(claims, "international alignment").actor == "John Roe"
