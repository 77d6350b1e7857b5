"""A resident gives feedback in a real Chromium without JavaScript: meets a validation error,
fixes it, reads the receipt, follows the feedback with the tracking code; then the board, and
the form in Swedish. axe-core checks every page on the way.

Locators use ids and field names rather than visible texts: the translation catalogues change
independently of these tests.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from asiointi.feedback.constants import Publication
from asiointi.feedback.intake import FeedbackInput, feedback_submit
from asiointi.feedback.models import Feedback

pytestmark = pytest.mark.browser

DESCRIPTION = "Kaivopuiston leikkipaikan keinu on rikki ja vaarallinen."
CODE = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")


def check_without_js(axe, checker: Page, page: Page, name: str) -> None:
    """axe-core needs JavaScript, which ``page`` has switched off: check the very same markup in
    a JavaScript-enabled page at the same address (so styles and links resolve alike)."""
    checker.goto(page.url)
    checker.set_content(page.content())
    axe(checker, name)


def send(page: Page) -> None:
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_load_state()


def test_feedback_without_javascript_error_fix_receipt_and_status(page_without_js, page, axe):
    checker, page = page, page_without_js
    page.goto("/palaute/")
    expect(page.locator("#use-location")).to_be_hidden()
    check_without_js(axe, checker, page, "feedback form")

    page.locator("#id_type_1").check()  # "Feedback on a service"
    page.locator("#id_service").select_option("puistot")
    page.locator("#id_description").fill("Rikki.")
    page.locator("#id_address").fill("Kaivopuisto")
    page.locator("#id_name").fill("Aino Asukas")
    page.locator("#id_email").fill("aino@example.com")
    page.locator("#id_reply_wanted").check()
    send(page)

    # The error is shown next to the field and in the summary; what was typed is kept.
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_description-error")).to_be_visible()
    expect(page.locator("#id_description")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_description")).to_have_value("Rikki.")
    expect(page.locator("#id_address")).to_have_value("Kaivopuisto")
    expect(page.locator("#id_email")).to_have_value("aino@example.com")
    expect(page.locator("#id_service")).to_have_value("puistot")
    expect(page.locator("#id_type_1")).to_be_checked()
    expect(page.locator("#id_reply_wanted")).to_be_checked()
    assert Feedback.objects.count() == 0
    check_without_js(axe, checker, page, "feedback form with an error")

    page.locator("#id_description").fill(DESCRIPTION)
    send(page)

    page.wait_for_url(re.compile(r"/palaute/kiitos/[^/]+/$"))
    feedback = Feedback.objects.get()
    expect(page.locator("#tracking-code")).to_have_text(CODE)
    expect(page.locator("#tracking-code")).to_have_text(feedback.tracking_code)
    expect(page.locator("#feedback-number")).to_have_text(feedback.request_id)
    assert feedback.description == DESCRIPTION and feedback.department.code == "urban"
    check_without_js(axe, checker, page, "feedback receipt")

    page.goto("/palaute/seuranta/")
    check_without_js(axe, checker, page, "tracking form")
    page.locator("#id_code").fill("EIOLE-EIOLE")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#id_code-error")).to_be_visible()
    check_without_js(axe, checker, page, "tracking form with an unknown code")

    page.locator("#id_code").fill(feedback.tracking_code.replace("-", "").lower())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/palaute/seuranta/{feedback.tracking_code}/")
    expect(page.locator("h1")).to_contain_text(feedback.request_id)
    expect(page.locator("#feedback-status")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(DESCRIPTION)
    expect(page.locator("main")).not_to_contain_text("aino@example.com")
    check_without_js(axe, checker, page, "feedback status")


def test_the_board_and_the_swedish_form(page, axe, demo_data):
    feedback = feedback_submit(
        FeedbackInput(
            type="idea",
            service_code="kirjastot",
            title="Lauantain aukiolo",
            description="Alkuperäinen teksti jossa on nimeni Aino Asukas.",
            publish_consent=True,
        )
    )
    Feedback.objects.filter(pk=feedback.pk).update(
        publication=Publication.PUBLISHED,
        public_description="Kirjasto voisi olla auki pidempään lauantaisin.",
        public_answer="Aukioloa pidennetään syksyllä.",
        published_at=timezone.now(),
    )

    page.goto("/palaute/palsta/")
    expect(page.locator("main")).to_contain_text("Kirjasto voisi olla auki pidempään")
    expect(page.locator("main")).not_to_contain_text("Aino Asukas")
    axe(page, "feedback board")

    page.locator("#id_q").fill("pidennetään")
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".board-list > li")).to_have_count(1)
    expect(page.locator("#id_q")).to_have_value("pidennetään")
    axe(page, "feedback board search results")
    page.locator(".board-list a").first.click()
    page.wait_for_url(f"**/palaute/palsta/{feedback.request_id}/")
    expect(page.locator("main")).to_contain_text("Aukioloa pidennetään syksyllä.")
    axe(page, "feedback board item")

    page.goto("/sv/palaute/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    # The "use my location" button appears only with JavaScript.
    expect(page.locator("#use-location")).to_be_visible()
    axe(page, "feedback form in Swedish")

    page.locator("#id_type_4").check()  # praise
    page.locator("#id_description").fill("Tack för den fina nya lekparken i Brunnsparken!")
    send(page)
    page.wait_for_url(re.compile(r"/sv/palaute/kiitos/[^/]+/$"))
    given = Feedback.objects.get(description__startswith="Tack för")
    assert given.language == "sv" and given.type == "praise" and given.department is None
    expect(page.locator("#tracking-code")).to_have_text(given.tracking_code)
    axe(page, "feedback receipt in Swedish")
