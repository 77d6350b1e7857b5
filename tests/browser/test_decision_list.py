"""A board's decision in a real Chromium: the handler proposes, gathers the proposal into a
decision list, approves the list with the meeting's date and §, and the applicant sees the
decision and downloads the letter. axe-core checks every page state.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from asiointi.cases.constants import AttachmentKind, CaseStatus, DecisionOutcome
from asiointi.catalogue.constants import DecisionMaker
from asiointi.catalogue.models import GrantCall
from asiointi.grants.models import DecisionList
from tests.browser.test_handler_queue import KAISA, log_in_as, submitted_application

pytestmark = pytest.mark.browser


def test_board_decision_from_proposal_to_the_applicants_letter(page: Page, axe, demo_data):
    GrantCall.objects.filter(service__code="yleisavustus").update(
        decision_maker=DecisionMaker.BOARD
    )
    case = submitted_application(demo_data, "4000.00")
    case_path = f"/kasittely/{case.pk}/"

    log_in_as(page, KAISA, next_path=case_path)
    page.locator("#start-processing").click()
    page.wait_for_url(f"**{case_path}")
    expect(page.locator("#decide-title")).to_have_text(re.compile("Propose|Ehdota|ehdotus", re.I))
    expect(page.locator("#decide-board-note")).to_be_visible()
    axe(page, "case page with the proposal form")

    page.locator("#outcome-partially_approved").check()
    page.locator("#decide-granted_amount").fill("2 500,00")
    page.locator("#decide-reasoning").fill("Osa kuluista ei ole avustuskelpoisia.")
    page.locator("#decide-submit").click()
    page.wait_for_url(f"**{case_path}")
    expect(page.locator("#proposal-list")).to_be_visible()
    axe(page, "case page with a proposal not on a list")
    case.refresh_from_db()
    assert case.status == CaseStatus.DECISION_PROPOSED

    page.goto("/kasittely/paatoslistat/")
    axe(page, "decision lists, none yet")
    page.locator("#create-submit").click()  # nothing filled in: errors beside the fields
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#create-title-error")).to_be_visible()
    axe(page, "new decision list with errors")
    page.locator("#create-title").fill("Kulttuurilautakunta, kokous 2/2026")
    page.locator("#create-body_name").fill("Kulttuuri- ja vapaa-aikalautakunta")
    page.locator("#create-submit").click()
    decision_list = DecisionList.objects.get()
    page.wait_for_url(f"**/kasittely/paatoslistat/{decision_list.pk}/")
    axe(page, "empty decision list")

    page.locator(f"#add-case-{case.pk}").check()
    page.locator("#add-submit").click()
    page.wait_for_url(f"**/kasittely/paatoslistat/{decision_list.pk}/")
    expect(page.locator("#entries")).to_contain_text(case.record_number)
    axe(page, "decision list with a proposal")
    pdf = page.request.get(f"/kasittely/paatoslistat/{decision_list.pk}/pdf/")
    assert (pdf.status, pdf.headers["content-type"]) == (200, "application/pdf")
    csv = page.request.get(f"/kasittely/paatoslistat/{decision_list.pk}/csv/")
    assert case.record_number in csv.text()

    page.locator("#approve-submit").click()  # no date or §
    expect(page.locator("#approve-meeting_date-error")).to_be_visible()
    expect(page.locator("#approve-section-error")).to_be_visible()
    axe(page, "approval with errors")
    meeting = timezone.localdate() - datetime.timedelta(days=1)
    page.locator("#approve-meeting_date").fill(meeting.isoformat())
    page.locator("#approve-section").fill("§ 45")
    page.locator("#approve-submit").click()
    page.wait_for_url(f"**/kasittely/paatoslistat/{decision_list.pk}/")
    expect(page.locator("#list-meeting")).to_contain_text("§ 45")
    expect(page.locator("#approve")).to_have_count(0)
    axe(page, "approved decision list")

    case.refresh_from_db()
    assert (case.status, case.decision_outcome, str(case.granted_amount)) == (
        CaseStatus.DECIDED,
        DecisionOutcome.PARTIALLY_APPROVED,
        "2500.00",
    )
    letter = case.attachments.get(kind=AttachmentKind.DECISION_LETTER)

    page.goto(case_path)
    expect(page.locator("#handler-decision-letter a")).to_have_text(letter.display_name)
    axe(page, "handler case page with the final decision")

    log_in_as(page, "Matti Meikäläinen", next_path=f"/asiointikansio/{case.pk}/")
    expect(page.locator("#decision")).to_be_visible()
    expect(page.locator("#decision-amount")).to_have_text("2\xa0500,00\xa0€")
    expect(page.locator("#decision-reasoning")).to_have_text(
        "Osa kuluista ei ole avustuskelpoisia."
    )
    axe(page, "applicant's case page with the decision")
    with page.expect_download() as download_info:
        page.locator("#decision-letter").click()
    download = download_info.value
    assert download.suggested_filename == letter.display_name
    with open(download.path(), "rb") as handle:
        assert handle.read(8) == b"%PDF-1.7"
