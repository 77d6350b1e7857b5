"""A handler takes an application from the queue to a closed decision in a real Chromium:
take next → start processing → request a supplement (the applicant sends a new version) →
decide partially with a Finnish amount → close; axe-core checks every new page state.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from asiointi.cases.constants import CaseStatus, DecisionOutcome, EventKind
from asiointi.cases.services.sending import case_send
from asiointi.testing.builders import grant_answers
from tests.browser.test_handler_queue import KAISA, log_in_as, submitted_application

pytestmark = pytest.mark.browser


def test_handler_takes_next_and_decides(page: Page, axe, demo_data):
    case = submitted_application(demo_data, "5000.00")
    case_path = f"/kasittely/{case.pk}/"

    log_in_as(page, KAISA, next_path="/kasittely/")
    page.locator("#take-next").click()
    page.wait_for_url(f"**{case_path}")
    expect(page.locator("#case-handler")).to_have_text(KAISA)
    axe(page, "case page after take next")

    page.locator("#start-processing").click()
    page.wait_for_url(f"**{case_path}")
    expect(page.locator("#decide")).to_be_visible()
    axe(page, "case page in processing with the decision form")

    due = timezone.localdate() + datetime.timedelta(days=14)
    page.locator("#supplement-message").fill("Lähettäkää päivitetty talousarvio.")
    page.locator("#supplement-due_date").fill(due.isoformat())
    page.locator("#supplement-submit").click()
    page.wait_for_url(f"**{case_path}")
    expect(page.locator("#decide")).to_have_count(0)
    axe(page, "case page awaiting a supplement")

    case.refresh_from_db()
    assert (case.status, case.supplement_due_date) == (CaseStatus.AWAITING_SUPPLEMENT, due)
    matti = demo_data["matti"]
    case_send(
        actor=matti,
        case=case,
        data=grant_answers(case.organisation, matti, "4000.00"),
    )

    page.reload()
    page.locator("#decide-submit").click()  # nothing chosen: the errors beside the fields
    expect(page.locator("#action-errors")).to_be_visible()
    expect(page.locator("#decide-reasoning-error")).to_be_visible()
    axe(page, "decision form with errors")

    page.locator("#outcome-partially_approved").check()
    page.locator("#decide-granted_amount").fill("1 500,00")
    page.locator("#decide-reasoning").fill("Osa kuluista ei ole avustuskelpoisia.")
    page.locator("#decide-submit").click()
    page.wait_for_url(re.compile(rf"{case_path}$"))
    expect(page.locator("#case-decision")).to_contain_text("1 500,00")
    axe(page, "case page decided")

    page.locator("#close-case").click()
    page.wait_for_url(f"**{case_path}")
    expect(page.locator("#close-case")).to_have_count(0)
    axe(page, "case page closed")

    case.refresh_from_db()
    assert (case.status, case.decision_outcome, case.granted_amount, case.handler.username) == (
        CaseStatus.CLOSED,
        DecisionOutcome.PARTIALLY_APPROVED,
        Decimal("1500.00"),
        "kaisa",
    )
    assert list(
        case.events.filter(
            kind__in=[EventKind.SUPPLEMENT_REQUESTED, EventKind.NEW_VERSION, EventKind.DECIDED]
        ).values_list("kind", flat=True)
    ) == [EventKind.SUPPLEMENT_REQUESTED, EventKind.NEW_VERSION, EventKind.DECIDED]


def test_handler_of_another_department_searches_and_reads(page: Page, axe, demo_data):
    case = submitted_application(demo_data, "2500.00")

    log_in_as(page, "Olli Opetus", next_path="/kasittely/haku/")
    axe(page, "cross-department search, empty")
    page.locator("#search-q").fill("Kallion")
    page.locator("#search-form button[type=submit]").click()
    expect(page.locator("#search-results")).to_contain_text(case.record_number)
    axe(page, "cross-department search results")

    page.locator(f"#search-results a[href='/kasittely/luku/{case.pk}/']").click()
    page.wait_for_url(f"**/kasittely/luku/{case.pk}/")
    expect(page.locator("#read-only-note")).to_be_visible()
    expect(page.locator("#decide")).to_have_count(0)
    axe(page, "read-only case page")
    assert case.read_audits.count() == 1
