"""Grant reports in a real Chromium: Kaisa opens them from her queue, switches the grouping with
the plain GET form (also without JavaScript), and axe-core checks every grouping's page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from asiointi.accounts.models import ApplicantOrganisation
from asiointi.cases.constants import CaseStatus, DecisionOutcome
from asiointi.catalogue.models import Service
from asiointi.reports.tests.conftest import make_case, pay

pytestmark = pytest.mark.browser

KAISA = "Kaisa Käsittelijä"


def log_in_as(page: Page, full_name: str, *, next_path: str) -> None:
    page.goto(f"/kirjaudu/demo/?next={next_path}")
    page.get_by_label(full_name).check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


@pytest.fixture
def granted_cases(demo_data):
    """This year: a granted and partly paid association case, a rejected person's case, and a
    project application still waiting."""
    now = timezone.now()
    sent = now - datetime.timedelta(days=12)
    general = Service.objects.get(code="yleisavustus")
    project = Service.objects.get(code="projektiavustus")
    kallio = ApplicantOrganisation.objects.get(business_id="1234567-1")
    granted = make_case(
        service=general,
        applicant=demo_data["matti"],
        organisation=kallio,
        submitted_at=sent,
        requested="5000.00",
        status=CaseStatus.DECIDED,
        outcome=DecisionOutcome.APPROVED,
        granted="4000.00",
        decided_at=sent + datetime.timedelta(days=9),
    )
    pay(granted, 1, "2500.00")
    make_case(
        service=general,
        applicant=demo_data["aino"],
        submitted_at=sent,
        requested="800.00",
        status=CaseStatus.DECIDED,
        outcome=DecisionOutcome.REJECTED,
        decided_at=sent + datetime.timedelta(days=3),
    )
    make_case(
        service=project,
        applicant=demo_data["matti"],
        organisation=kallio,
        submitted_at=sent,
        requested="9000.00",
    )


def test_reports_from_the_queue_are_accessible_in_every_grouping(page, axe, granted_cases):
    log_in_as(page, KAISA, next_path="/kasittely/")
    page.locator("#reports-link").click()
    page.wait_for_url("**/kasittely/raportit/")
    total = page.locator("#grants-total")
    expect(total).to_contain_text("14")  # 14 800,00 € applied in all
    expect(page.locator("#grants-table tbody tr")).to_have_count(2)
    expect(page.locator("svg#grants-chart[role=img]")).to_have_count(1)
    expect(page.locator("#processing-department tbody tr")).to_have_count(1)
    axe(page, "grant report by department")

    page.locator("#id_by").select_option("service")
    page.locator("#report-form button[type=submit]").click()
    page.wait_for_url("**by=service**")
    expect(page.locator("#grants-table tbody tr")).to_have_count(2)
    axe(page, "grant report by service")

    page.locator("#id_by").select_option("applicant")
    page.locator("#report-form button[type=submit]").click()
    page.wait_for_url("**by=applicant**")
    rows = page.locator("#grants-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Kallion Kulttuuriyhdistys ry (1234567-1)")
    axe(page, "grant report by applicant")


def test_grouping_form_works_without_javascript(page_without_js, granted_cases):
    page = page_without_js
    log_in_as(page, KAISA, next_path="/kasittely/raportit/")
    page.locator("#id_by").select_option("applicant")
    page.locator("#report-form button[type=submit]").click()
    page.wait_for_url("**by=applicant**")
    expect(page.locator("#grants-table tbody tr")).to_have_count(2)
