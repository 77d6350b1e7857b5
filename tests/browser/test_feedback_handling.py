"""Feedback handling in a real Chromium: Kaisa claims, answers and publishes feedback; Tiina
(central triage) routes unrouted feedback using the suggestion. axe-core checks every page."""

import pytest
from playwright.sync_api import expect

from asiointi.feedback.constants import FeedbackStatus, Publication
from asiointi.feedback.intake import FeedbackInput, feedback_submit
from tests.browser.test_handler_queue import KAISA, log_in_as

pytestmark = pytest.mark.browser

QUEUE = "/kasittely/palaute/"


def test_handler_claims_answers_and_publishes(page, axe, demo_data):
    feedback = feedback_submit(
        FeedbackInput(
            service_code="kirjastot",
            description="Kirjaston aukioloajat ovat liian lyhyet. t. Maija 040 111 2222",
            contact_email="maija@example.com",
            reply_wanted=True,
            publish_consent=True,
        )
    )
    log_in_as(page, KAISA, next_path=QUEUE)
    expect(page.locator("#feedback-tabs [data-count=new]")).to_have_text("1")
    axe(page, "feedback queue")

    page.locator(f"#feedback-queue a[href='{QUEUE}{feedback.pk}/']").click()
    page.wait_for_url(f"**{QUEUE}{feedback.pk}/")
    expect(page.locator("#feedback-contact")).to_contain_text("maija@example.com")
    axe(page, "feedback detail")

    page.locator("#claim-submit").click()
    page.wait_for_url(f"**{QUEUE}{feedback.pk}/")
    expect(page.locator("#feedback-handler")).to_have_text(KAISA)

    # An empty answer: the error is shown next to the field.
    page.locator("#answer-submit").click()
    expect(page.locator("#id_answer-answer_error")).to_be_visible()
    axe(page, "feedback detail with an error")

    page.locator("#id_answer-answer").fill("Kiitos Maija! Pidennämme lauantain aukioloa.")
    page.locator("#answer-submit").click()
    page.wait_for_url(f"**{QUEUE}{feedback.pk}/")
    expect(page.locator(".hds-notification--success")).to_be_visible()
    expect(page.locator("#feedback-answer")).to_contain_text("Pidennämme")

    # The moderator edits the prefilled public version.
    description = page.locator("#id_publish-public_description")
    expect(description).to_have_value(feedback.description)
    description.fill("Kirjaston aukioloajat ovat liian lyhyet.")
    page.locator("#id_publish-public_answer").fill("Pidennämme lauantain aukioloa.")
    axe(page, "feedback answered, publish form")
    page.locator("#publish-submit").click()
    page.wait_for_url(f"**{QUEUE}{feedback.pk}/")
    expect(page.locator("#public-description")).to_contain_text("liian lyhyet.")
    axe(page, "feedback published")

    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.ANSWERED
    assert feedback.publication == Publication.PUBLISHED
    assert "040 111 2222" in feedback.description  # the original is kept
    assert "040" not in feedback.public_description


def test_triage_routes_unrouted_feedback_with_the_suggestion(page, axe, demo_data):
    feedback = feedback_submit(
        FeedbackInput(
            service_code="",
            description="Leikkipuiston keinu on rikki ja roskis on täynnä.",
        )
    )
    log_in_as(page, "Tiina Triage", next_path=QUEUE)
    expect(page.locator("#feedback-tabs [data-count=triage]")).to_have_text("1")
    axe(page, "triage queue")

    page.locator(f"#feedback-queue a[href='{QUEUE}{feedback.pk}/']").click()
    page.wait_for_url(f"**{QUEUE}{feedback.pk}/")
    suggestion = page.locator("#routing-suggestions li[data-service]").first
    expect(suggestion).to_contain_text("Puistot ja viheralueet")
    axe(page, "triage feedback detail")

    page.locator("#id_route-service").select_option(
        label="Puistot ja viheralueet (Kaupunkiympäristön toimiala)"
    )
    page.locator("#id_route-reason").fill("Ehdotuksen mukaan")
    page.locator("#route-submit").click()
    page.wait_for_url(f"**{QUEUE}{feedback.pk}/")
    expect(page.locator("#feedback-department")).to_contain_text("Kaupunkiympäristö")
    axe(page, "triage feedback routed")

    feedback.refresh_from_db()
    assert feedback.department.code == "urban" and feedback.service.code == "puistot"
