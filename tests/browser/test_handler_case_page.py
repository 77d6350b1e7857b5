"""The handler's case page as a workspace (issue 17) in a real Chromium: two columns at 1,280 px
with the side column (status, handler, next actions, contact) beside the main one and in view
after scrolling; no horizontal scrolling at 1,024 px; claiming and adding a note with htmx
(no page load: a marker on the window survives) and, without JavaScript, with the plain forms.
"""

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from asiointi.assistance.constants import ASSISTANCE_SERVICE
from asiointi.cases.constants import AttachmentKind, EventKind
from asiointi.cases.models import InternalNote
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.sending import case_send
from asiointi.catalogue.models import Service
from asiointi.testing.fixtures import assistance_answers
from tests.browser.test_assistance_flow import SANNA, assistance_rules  # noqa: F401 (fixture)
from tests.browser.test_handler_queue import KAISA, log_in_as, submitted_application

pytestmark = pytest.mark.browser


def box(page: Page, selector: str) -> dict:
    return page.locator(selector).bounding_box()


def test_two_columns_with_the_side_in_view(page: Page, axe, reflow, screenshots, demo_data):
    case = submitted_application(demo_data, "5000.00")
    log_in_as(page, KAISA, next_path=f"/kasittely/{case.pk}/")

    main, side = box(page, ".asi-columns__main"), box(page, ".asi-columns__side")
    # Beside each other: the side column starts right of the main column, at the same height.
    assert side["x"] >= main["x"] + main["width"] - 1, (main, side)
    assert abs(side["y"] - main["y"]) < 40, (main, side)
    assert main["width"] > side["width"]
    # The next actions start with claiming a new application.
    expect(page.locator("#next-action-list > li").first).to_have_attribute("data-action", "claim")
    axe(page, "handler case page")
    screenshots(page, "handler-case-page")

    # Scrolled down to the messages, the side column is still in view (sticky), whole.
    page.evaluate("document.getElementById('messages').scrollIntoView()")
    assert page.evaluate("window.scrollY") > 600
    viewport = page.viewport_size["height"]
    side = box(page, ".asi-columns__side")
    assert 0 <= side["y"] < 40 and side["y"] + side["height"] <= viewport, side
    for part in ("#case-status", "#case-handler", "#claim", "#applicant-title"):
        part_box = box(page, part)
        assert 0 <= part_box["y"] and part_box["y"] + part_box["height"] <= viewport, part

    reflow(page, "handler case page", 1024)


def test_claim_and_note_with_htmx_without_a_page_load(page: Page, axe, demo_data):
    case = submitted_application(demo_data, "5000.00")
    case_path = f"/kasittely/{case.pk}/"
    log_in_as(page, KAISA, next_path=case_path)
    page.evaluate("window.__asiointiMarker = 'kept'")

    page.locator("#claim").click()
    expect(page.locator("#case-handler")).to_have_text(KAISA)
    expect(page.locator("#case-page-messages")).to_be_visible()
    expect(page.locator("#claim")).to_have_count(0)
    assert page.evaluate("window.__asiointiMarker") == "kept"
    assert page.url.endswith(case_path)
    axe(page, "case page after claiming with htmx")

    page.locator("#note-body").fill("Soitin hakijalle, liitteet tulossa.")
    page.locator("#add-note").click()
    expect(page.locator("#notes")).to_contain_text("Soitin hakijalle, liitteet tulossa.")
    expect(page.locator("#notes-messages")).to_be_visible()
    expect(page.locator("#note-body")).to_have_value("")
    # The note's event reached the timeline (swapped out of band).
    with translation.override("fi"):
        note_added = str(EventKind.NOTE_ADDED.label)
    expect(page.locator("#timeline")).to_contain_text(note_added)
    assert page.evaluate("window.__asiointiMarker") == "kept"

    # An empty note: the error beside the field, still without a page load.
    page.locator("#add-note").click()
    expect(page.locator("#note-body-error")).to_be_visible()
    expect(page.locator("#note-body")).to_have_attribute("aria-invalid", "true")
    assert page.evaluate("window.__asiointiMarker") == "kept"
    axe(page, "case page with a note error after htmx")
    assert InternalNote.objects.filter(case=case).count() == 1

    # A later action still works: the forms carry the lock version of after the claim.
    page.locator("#start-processing").click()
    page.wait_for_url(f"**{case_path}")
    expect(page.locator("#decide")).to_be_visible()


def test_claim_and_note_without_javascript(page_without_js: Page, demo_data):
    page = page_without_js
    case = submitted_application(demo_data, "5000.00")
    case_path = f"/kasittely/{case.pk}/"
    log_in_as(page, KAISA, next_path=case_path)

    page.locator("#claim").click()
    page.wait_for_url(f"**{case_path}")
    expect(page.locator("#case-handler")).to_have_text(KAISA)
    expect(page.locator("#claim")).to_have_count(0)

    page.locator("#note-body").fill("Paperiliitteet skannattu.")
    page.locator("#add-note").click()
    page.wait_for_url(f"**{case_path}#notes")
    expect(page.locator("#notes")).to_contain_text("Paperiliitteet skannattu.")


@pytest.mark.usefixtures("assistance_rules")
def test_a_social_assistance_case_page_shows_its_own_things(
    page: Page, axe, reflow, screenshots, demo_data
):
    """Sanna's case page of Aino's application: social-assistance attachment types only, the
    calculation aid, no grant panel; two columns, and no horizontal scrolling at 1,024 px."""
    aino = demo_data["aino"]
    service = Service.objects.get(code=ASSISTANCE_SERVICE)
    case = case_create_draft(actor=aino, service=service)
    case = case_send(actor=aino, case=case, data=assistance_answers(aino))
    log_in_as(page, SANNA, next_path=f"/kasittely/{case.pk}/")

    expect(page.locator("#confidential-notice")).to_be_visible()
    expect(page.locator("#calculation")).to_be_visible()
    expect(page.locator("#other-applications")).to_have_count(0)
    kinds = page.locator("#attachment-kind option")
    values = [kinds.nth(i).get_attribute("value") for i in range(kinds.count())]
    assert AttachmentKind.BANK_STATEMENT in values and AttachmentKind.RENT_AGREEMENT in values
    assert not {AttachmentKind.BUDGET, AttachmentKind.FINANCIAL_STATEMENT} & set(values)
    side = box(page, ".asi-columns__side")
    assert side["x"] >= box(page, ".asi-columns__main")["x"] + 300
    axe(page, "social-assistance case page")
    screenshots(page, "handler-case-page-social-assistance")
    reflow(page, "social-assistance case page", 1024)
