"""The Content-Security-Policy in a real Chromium: the check that every browser test relies on
reports what the policy blocks, and the pages that run scripts of their own (the feedback form's
location button, the focus on an error summary, the API docs' Swagger UI, the admin) work under
the policy. Any violation on these pages fails the test (tests/browser/conftest.py).
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from asiointi.accounts.models import User
from asiointi.fees.models import FeeClient, IncomeReview
from asiointi.organisation.models import Department

pytestmark = pytest.mark.browser


def test_the_check_reports_blocked_inline_script_and_style(page: Page, csp_violations):
    page.goto("/palaute/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true";
            document.body.append(script);
            const html = '<p id="styled" style="color: red">x</p>';
            document.body.insertAdjacentHTML("beforeend", html);
        }"""
    )
    expect(page.locator("#styled")).to_be_attached()
    assert page.evaluate("window.inlineRan === undefined")
    assert page.evaluate("getComputedStyle(document.getElementById('styled')).color") != (
        "rgb(255, 0, 0)"
    )
    page.evaluate("0")  # delivers the reports
    assert sorted(violation.split(" blocked ")[0] for violation in set(csp_violations)) == [
        f"{page.url}: script-src-elem",
        f"{page.url}: style-src-attr",
    ]
    csp_violations.clear()  # seen and expected: the check passes the test


def test_use_my_location_fills_the_coordinates(page: Page):
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 60.1699, "longitude": 24.9384})
    page.goto("/palaute/")
    page.locator("#use-location-button").click()
    expect(page.locator("#id_lat")).to_have_value("60.169900")
    expect(page.locator("#id_long")).to_have_value("24.938400")
    expect(page.locator("#use-location-status")).to_have_text("Koordinaatit täytettiin.")


def test_use_my_location_says_so_when_the_location_is_denied(page: Page):
    page.goto("/sv/palaute/")
    page.locator("#use-location-button").click()
    expect(page.locator("#use-location-status")).to_have_text(
        "Din position kunde inte hittas. Skriv adressen i stället."
    )
    expect(page.locator("#id_lat")).to_have_value("")


def test_the_error_summary_of_the_income_review_takes_the_focus(page: Page, demo_data):
    today = timezone.localdate()
    period_start = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    review = IncomeReview.objects.create(
        client=FeeClient.objects.create(
            person=demo_data["eino"],
            department=Department.objects.get(code="social"),
            service="home-care",
            monthly_hours=12,
            monthly_cost=Decimal("1200.00"),
            current_amount=Decimal("150.00"),
            next_review_due=period_start,
        ),
        period_start=period_start,
    )
    review_path = f"/asiointikansio/asiakasmaksut/{review.pk}/"
    page.goto(f"/kirjaudu/demo/?next={review_path}")
    page.get_by_label("Eino Eläkeläinen").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{review_path}")
    expect(page.locator("#error-summary")).to_have_count(0)

    page.locator("#save-choice").click()  # no choice made
    expect(page.locator("#error-summary")).to_be_focused()
    assert IncomeReview.objects.get(pk=review.pk).choice == ""


def test_the_api_docs_work_under_the_policy(page: Page):
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Asiointi API")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() > 5
    # An operation opens and shows its parameters: the interface's scripts run.
    operations.first.locator(".opblock-summary").click()
    expect(page.locator(".opblock-body").first).to_be_visible()


def test_the_admin_works_under_the_policy(page: Page, demo_data):
    User.objects.create_superuser("yllapitaja", "yllapito@example.fi", "Salasana-2026-pitka")
    page.goto("/yllapito/")
    page.locator("#id_username").fill("yllapitaja")
    page.locator("#id_password").fill("Salasana-2026-pitka")
    page.locator("input[type=submit]").click()
    expect(page.locator("#site-name")).to_be_visible()
    page.goto("/yllapito/accounts/user/")
    expect(page.locator("#result_list")).to_be_visible()
    # The changelist's select-all box is run by the admin's own scripts.
    page.locator("#action-toggle").check()
    expect(page.locator("tr.selected").first).to_be_visible()
    page.locator("#result_list tbody a").first.click()
    expect(page.locator("form#user_form")).to_be_visible()
