"""Feedback statistics in a real Chromium: Kaisa opens the page, changes the period and grouping
with the plain GET form (also without JavaScript), sees a bad period refused next to the field,
and axe-core checks every page she sees."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from asiointi.feedback.constants import FeedbackStatus
from asiointi.feedback.tests.test_reminders import make_feedback
from tests.browser.test_handler_queue import KAISA, log_in_as

pytestmark = pytest.mark.browser

PAGE = "/kasittely/palaute/tilastot/"


@pytest.fixture
def feedback_data(demo_data):
    """This year's feedback: a library answer on time, one late, and one still open past the
    promise; a park question answered on time."""
    now = timezone.now()
    start = timezone.localdate().replace(month=1, day=1)
    received = max(
        now - datetime.timedelta(days=20),
        datetime.datetime.combine(start, datetime.time(8), tzinfo=timezone.get_current_timezone()),
    )
    hour = datetime.timedelta(hours=1)
    for service, reaction, answer in (
        ("kirjastot", 2, 30),
        ("kirjastot", 5, 200),
        ("kirjastot", 7, None),
        ("puistot", 1, 50),
    ):
        make_feedback(
            service=service,
            now=received,
            reply_wanted=True,
            status=FeedbackStatus.ANSWERED if answer else FeedbackStatus.IN_PROCESS,
            first_reaction_at=received + reaction * hour,
            answered_at=received + answer * hour if answer else None,
        )


def test_statistics_page_and_form(page: Page, axe, feedback_data):
    log_in_as(page, KAISA, next_path=PAGE)
    # Located by ids: the page's texts get their Finnish translations after this change.
    expect(page.locator("#stats-form")).to_be_visible()
    axe(page, "feedback statistics by department")
    table = page.locator("#groups-table")
    expect(table.locator('tbody tr[data-key="culture"] td').first).to_have_text("3")
    expect(table.locator('tbody tr[data-key="urban"] td').first).to_have_text("1")
    expect(page.locator("#count-chart")).to_be_visible()
    expect(page.locator("#late-table tbody tr")).to_have_count(2)

    page.locator("#id_by").select_option("service")
    page.locator("#stats-form button[type=submit]").click()
    expect(page.locator('#groups-table tbody tr[data-key="kirjastot"]')).to_be_visible()
    axe(page, "feedback statistics by service")

    page.locator("#id_start").fill("2026-05-01")
    page.locator("#id_end").fill("2026-04-01")
    page.locator("#stats-form button[type=submit]").click()
    expect(page.locator(".field.invalid .error-message")).to_have_count(1)
    expect(page.locator("#id_start")).to_have_value("2026-05-01")
    axe(page, "feedback statistics with a bad period")


def test_form_works_without_javascript(page_without_js: Page, feedback_data):
    page = page_without_js
    log_in_as(page, KAISA, next_path=PAGE)
    page.locator("#id_by").select_option("service")
    page.locator("#stats-form button[type=submit]").click()
    page.wait_for_url("**by=service**")
    expect(page.locator('#groups-table tbody tr[data-key="puistot"]')).to_be_visible()
