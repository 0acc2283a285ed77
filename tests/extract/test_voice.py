"""Whose voice an article is in, and who speaks its unattributed and first-person claims."""

from app.extract import Article, article_voice, extract
from app.extract.voice import byline, join_names
from tests.extract.helpers import AI_LEAD, claim_with

LAB_POST = (
    AI_LEAD + "Northwind Labs supports the proposed state bill on frontier AI transparency. "
    "We have long argued that developers should publish their safety frameworks. "
    "Our view is that independent audits of frontier models must come before release. "
    "We will publish a system card for every new model."
)


def _claims(text: str, **article: object):
    return extract(Article(text=text, **article))  # type: ignore[arg-type]


def test_a_publishers_own_post_speaks_as_the_publisher() -> None:
    claims = _claims(LAB_POST, title="Why we back the bill", outlet="Northwind Labs")
    assert article_voice(Article(LAB_POST, outlet="Northwind Labs")).genre == "first-party"
    audits = claim_with(claims, "independent audits")
    assert audits.actor == "Northwind Labs"
    assert audits.provenance == "first-party"


def test_the_same_text_from_a_news_outlet_that_never_names_itself_is_a_report() -> None:
    report = AI_LEAD + (
        "Northwind Labs said on Tuesday that it supports the proposed state bill on frontier "
        "AI transparency. Critics said independent audits of frontier models would slow releases."
    )
    voice = article_voice(Article(report, outlet="Daily Wire Service"))
    assert voice.genre == "report"
    assert claim_with(_claims(report, outlet="Daily Wire Service"), "audits").actor == "Critics"


def test_an_essays_first_person_belongs_to_its_authors_joined_like_a_byline() -> None:
    essay = AI_LEAD + (
        "We think a licensing regime for frontier models would entrench incumbents. "
        "I have argued before that mandatory incident reporting is the better first step."
    )
    claims = _claims(essay, outlet="Some Newsletter", authors=("Ada Quill", "Ben Ortiz"))
    assert {c.actor for c in claims} == {"Ada Quill and Ben Ortiz"}


def test_a_byline_in_the_text_names_the_authors() -> None:
    assert byline("Rules for frontier AI\n\nBy Ada Quill and Ben Ortiz\n\nWe think ...") == (
        "Ada Quill",
        "Ben Ortiz",
    )
    assert byline("Rules for frontier AI\n\nAda Quill, Ben Ortiz, Cy Dunn\n\nWe think") == (
        "Ada Quill",
        "Ben Ortiz",
        "Cy Dunn",
    )
    assert byline("Introducing Our New Safety Framework\n\nWe think ...") == ()
    assert join_names(["A", "B", "C"]) == "A, B and C"


def test_a_signed_statements_i_is_the_signer_and_its_we_the_organisation() -> None:
    text = AI_LEAD + (
        "I believe that export controls on advanced chips are essential. "
        "We support federal legislation that sets transparency standards for frontier AI."
    )
    claims = _claims(text, title="A statement from Mara Vance on chips", outlet="Northwind Labs")
    assert claim_with(claims, "export controls").actor == "Mara Vance"
    assert claim_with(claims, "federal legislation").actor == "Northwind Labs"


def test_a_government_fact_sheet_speaks_as_the_administration() -> None:
    text = AI_LEAD + (
        "Today, President Jane Holloway signed an order on artificial intelligence. "
        "The Order directs agencies to conduct independent evaluations of frontier AI models. "
        "The United States must lead international cooperation on AI safety standards."
    )
    claims = _claims(
        text, title="Fact Sheet: President Holloway Signs AI Order", outlet="The White House"
    )
    directs = claim_with(claims, "Order directs")
    assert directs.actor == "Holloway Administration"
    assert directs.kind == "commitment"
    assert claim_with(claims, "must lead").actor == "Holloway Administration"


def test_a_joint_text_of_two_governments_speaks_for_both() -> None:
    text = AI_LEAD + "Both sides intend to cooperate on AI safety evaluations and standards."
    voice = article_voice(
        Article(text, title="Joint Statement: U.S.-Japan AI Dialogue", outlet="The White House")
    )
    assert voice.we is not None and voice.we.name == "United States and Japan"


def test_an_editor_can_say_whom_a_source_speaks_for() -> None:
    text = AI_LEAD + "We will publish the results of our dangerous capability evaluations."
    claims = _claims(text, outlet="Feed title", speaks_for="Northwind Labs")
    assert claim_with(claims, "dangerous capability").actor == "Northwind Labs"


def test_a_list_of_demands_in_an_advocates_own_voice_is_a_position() -> None:
    text = AI_LEAD + (
        "Our proposal for governing frontier AI:\n\n"
        "• Implement a moratorium on training runs above a compute threshold.\n"
        "• Set up an international agency to audit frontier AI labs.\n\n"
        "We believe these measures are needed and we ask governments to adopt them."
    )
    claims = _claims(text, title="Our proposal", outlet="Pause Now")
    assert claim_with(claims, "moratorium").kind == "position"
    assert claim_with(claims, "moratorium").actor == "Pause Now"


def test_a_report_that_says_we_asked_now_and_then_is_still_a_report() -> None:
    paragraph = (
        "Northwind Labs said on Tuesday that it supports the proposed state bill on frontier "
        "AI transparency, and critics said audits of AI models would slow releases. "
    )
    text = (
        AI_LEAD
        + paragraph * 20
        + (
            "We asked Northwind Labs for comment. Our reporting found three drafts. "
            "A spokesperson told us the lab would publish its framework."
        )
    )
    voice = article_voice(Article(text, outlet="Daily Wire Service"))
    assert voice.genre == "report"


def test_a_ministrys_press_release_on_a_shared_government_address_speaks_as_the_government():
    text = AI_LEAD + (
        "The government will introduce legislation to require the most powerful AI models "
        "to be tested before release. We will also fund the AI Security Institute."
    )
    voice = article_voice(
        Article(text, url="https://www.gov.uk/government/news/ai-bill", outlet="GOV.UK")
    )
    assert voice.first_party and voice.we is not None and voice.we.name == "UK Government"
