"""The work queue as a workspace in a real Chromium (issue 17): at 1,280 and 1,024 px it needs no
horizontal scrolling; Kaisa sorts by clicking the column headers, filters with htmx (the filter
panel she opened stays open on her next visit), and assigns two chosen rows to a colleague at
once. Without JavaScript the same filter form works as a plain GET form."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from asiointi.cases.models import Case
from asiointi.fees.models import FeeClient, IncomeReview
from asiointi.handling.models import QueuePreference
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.testing.fixtures import make_person
from tests.browser.test_handler_queue import KAISA, log_in_as, submitted_application

pytestmark = pytest.mark.browser

ROWS = "#queue-table tbody tr"


def colleague() -> object:
    person = make_person("pirjo", "Pirjo", "Kollega", is_staff=True)
    Membership.objects.create(
        user=person, department=Department.objects.get(code="culture"), role=StaffRole.HANDLER
    )
    return person


def first_row(page: Page):
    return page.locator(ROWS).first


def test_queue_fits_sorts_filters_and_assigns_two_rows(page, axe, reflow, screenshots, demo_data):
    big = submitted_application(demo_data, "5000.00")
    middle = submitted_application(demo_data, "1500.00")
    small = submitted_application(demo_data, "700.00")
    pirjo = colleague()

    log_in_as(page, KAISA, next_path="/kasittely/")
    expect(page.locator(ROWS)).to_have_count(3)
    expect(page.locator("#queue-count")).to_have_attribute("data-total", "3")
    # The filter panel is closed at first; the search stays in view.
    expect(page.locator("#queue-filter-panel")).not_to_have_attribute("open", "")
    expect(page.locator("#id_amount_min")).to_be_hidden()
    expect(page.locator("#id_q")).to_be_visible()
    reflow(page, "handler queue", 1280)
    reflow(page, "handler queue", 1024)

    # Sorting: a click on a header sorts by it, a second click reverses the order.
    page.locator("#queue-table th a[data-sort=amount]").click()
    expect(page).to_have_url(re.compile(r"sort=amount"))
    expect(first_row(page)).to_contain_text(small.record_number)
    expect(page.locator("#queue-table th[aria-sort=ascending]")).to_contain_text("summa")
    page.locator("#queue-table th a[data-sort='-amount']").click()
    expect(page).to_have_url(re.compile(r"sort=-amount"))
    expect(first_row(page)).to_contain_text(big.record_number)

    # Filtering with htmx: the panel opens (and Kaisa's choice is stored), the results change in
    # place and the address follows.
    with page.expect_response(re.compile(r"/kasittely/suodattimet/")):
        page.locator("#queue-filter-summary").click()
    expect(page.locator("#id_amount_min")).to_be_visible()
    page.locator("#id_amount_min").fill("1 000")
    page.locator("#apply-filters").click()
    expect(page).to_have_url(re.compile(r"amount_min=1"))
    expect(page.locator(ROWS)).to_have_count(2)
    expect(first_row(page)).to_contain_text(big.record_number)  # the sort was kept
    expect(page.locator("#queue-count")).to_have_attribute("data-total", "2")
    assert QueuePreference.objects.get(user__username="kaisa").filters_open is True
    page.goto("/kasittely/")
    expect(page.locator("#queue-filter-panel")).to_have_attribute("open", "")
    screenshots(page, "handler-queue")

    # Two rows chosen, assigned to Pirjo at once.
    page.locator(f"#choose-{big.pk}").check()
    page.locator(f"#choose-{middle.pk}").check()
    page.locator("#bulk-handler").select_option(label="Pirjo Kollega")
    page.locator("#bulk-assign").click()
    page.wait_for_url("**/kasittely/")
    expect(page.locator("main .notices")).to_contain_text("Pirjo Kollega")
    expect(page.locator(f"#queue-table tr[data-case='{big.pk}']")).to_contain_text("Pirjo Kollega")
    axe(page, "handler queue after bulk assignment")
    handlers = dict(Case.objects.values_list("pk", "handler_id"))
    assert (handlers[big.pk], handlers[middle.pk], handlers[small.pk]) == (pirjo.pk, pirjo.pk, None)


def test_queue_filters_without_javascript(page_without_js, demo_data):
    page = page_without_js
    big = submitted_application(demo_data, "5000.00")
    small = submitted_application(demo_data, "700.00")

    log_in_as(page, KAISA, next_path="/kasittely/")
    expect(page.locator(ROWS)).to_have_count(2)
    # The panel opens natively (a <details>); the plain form filters with a page load.
    page.locator("#queue-filter-summary").click()
    page.locator("#id_amount_min").fill("1 000")
    page.locator("#apply-filters").click()
    page.wait_for_url(re.compile(r"amount_min=1"))
    expect(page.locator(ROWS)).to_have_count(1)
    expect(first_row(page)).to_contain_text(big.record_number)
    expect(page.locator(ROWS)).not_to_contain_text(small.record_number)
    # Sorting by a header is a plain link too.
    page.locator("#queue-table th a[data-sort=record]").click()
    page.wait_for_url(re.compile(r"sort=record"))
    expect(page.locator(ROWS)).to_have_count(1)

    # Keeping the panel open for the next visits is a button that posts the choice.
    page.locator("#filter-panel-remember button").click()
    page.wait_for_url(re.compile(r"amount_min=1"))
    page.goto("/kasittely/")
    expect(page.locator("#queue-filter-panel")).to_have_attribute("open", "")


def test_fee_official_finds_a_client_by_code_and_the_queues_fit(
    page, reflow, screenshots, demo_data
):
    department = Department.objects.get(code="social")
    people = [demo_data["eino"]] + [
        make_person(f"asiakas{number}", "Asiakas", f"Numero{number}") for number in range(3)
    ]
    for person in people:
        client = FeeClient.objects.create(
            person=person,
            department=department,
            service="home-care",
            monthly_hours=10,
            monthly_cost=Decimal("900.00"),
            next_review_due=datetime.date(2026, 12, 1),
        )
        IncomeReview.objects.create(client=client, period_start=datetime.date(2026, 12, 1))

    log_in_as(page, "Maija Maksu", next_path="/kasittely/asiakasmaksut/?tab=waiting")
    expect(page.locator("#fee-queue tbody tr")).to_have_count(4)
    reflow(page, "fee queue", 1280)
    reflow(page, "fee queue", 1024)
    # By personal identity code, in lower case: htmx replaces the tabs and the results.
    page.locator("#id_q").fill("040338-903x")
    page.locator("#filter-submit").click()
    expect(page).to_have_url(re.compile(r"q=040338-903x"))
    expect(page.locator("#fee-queue tbody tr")).to_have_count(1)
    expect(page.locator("#fee-queue tbody tr")).to_contain_text("Eino Eläkeläinen")
    expect(page.locator("#fee-tabs [data-count=waiting]")).to_have_text("1")
    # A part of a code is reported at the field (the whole page, with the error summary).
    page.locator("#id_q").fill("040338")
    page.locator("#filter-submit").click()
    expect(page.locator("#fee-filter-errors")).to_be_visible()
    screenshots(page, "fee-queue")

    page.goto("/kasittely/palaute/")
    reflow(page, "feedback queue", 1280)
    reflow(page, "feedback queue", 1024)
