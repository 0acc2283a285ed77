"""The pages a newcomer meets first: the login page says why, the claim page shows the
article once."""

from __future__ import annotations

from lxml import html

from tests.factories import make_claim


def test_the_login_page_says_why_the_visitor_was_sent_there(client) -> None:
    sent = html.fromstring(client.get("/review", follow_redirects=True).text)
    assert "review queue is for editors" in sent.xpath('string(//*[@class="login-reason"])')
    came = html.fromstring(client.get("/login").text)
    assert not came.xpath('//*[@class="login-reason"]')


def test_the_embedded_editor_keeps_the_article_text_folded(db, as_editor) -> None:
    claim = make_claim(db, tags=[("pause-mechanism", "supports")])
    panel = html.fromstring(as_editor.client.get(f"/claims/{claim.id}/edit?embedded=1").text)
    details = panel.xpath('//details[@class="span-editor"]')
    assert details and details[0].get("open") is None
    page = html.fromstring(as_editor.client.get(f"/claims/{claim.id}/edit").text)
    assert page.xpath('//details[@class="span-editor"]')[0].get("open") is not None


def test_the_import_page_gives_the_text_a_full_width_box(as_editor) -> None:
    page = html.fromstring(as_editor.client.get("/import").text)
    box = page.xpath('//form[contains(@class, "import-form")]//textarea[@name="body"]')
    assert box and int(box[0].get("rows")) >= 10
