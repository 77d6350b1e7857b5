"""One grant from the queue to the bank in a real Chromium, with axe-core on every page:
the handler takes the application from the queue, starts processing and approves it (an office
holder's decision, paid in one instalment without a payment request) → the decision letter is in
the applicant's folder → the handler corrects the payee's account → finance approves the payment
into a batch and marks it paid → the handler and the applicant both see "paid".
"""

import re
from decimal import Decimal

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from asiointi.cases.constants import AttachmentKind, CaseStatus, EventKind
from asiointi.payments.constants import PaymentStatus
from asiointi.payments.models import Payment, PaymentBatch
from tests.browser.test_handler_queue import KAISA, log_in_as, submitted_application

pytestmark = pytest.mark.browser

MATTI = "Matti Meikäläinen"
RAILI = "Raili Rahoitus"


def fi(text) -> str:
    with translation.override("fi"):
        return str(text)


def switch_to(page: Page, full_name: str, next_path: str) -> None:
    page.context.clear_cookies()
    log_in_as(page, full_name, next_path=next_path)


def test_handler_takes_an_application_from_the_queue_to_payment(page: Page, axe, demo_data):
    case = submitted_application(demo_data, "2400.00")
    case_path = f"/kasittely/{case.pk}/"

    log_in_as(page, KAISA, next_path="/kasittely/")
    expect(page.locator("#queue-table tbody tr")).to_have_count(1)
    axe(page, "queue with one new application")
    page.locator("#take-next").click()
    page.wait_for_url(f"**{case_path}")
    page.locator("#start-processing").click()
    page.wait_for_url(f"**{case_path}")
    axe(page, "case page in processing")

    page.locator("#outcome-approved").check()
    page.locator("#decide-granted_amount").fill("2 400,00")
    page.locator("#decide-reasoning").fill("Toimintasuunnitelma täyttää avustuksen ehdot.")
    page.locator("#decide-submit").click()
    page.wait_for_url(re.compile(rf"{case_path}$"))
    expect(page.locator("#case-decision")).to_contain_text("2 400,00")
    expect(page.locator("#instalment-1 .payment-status")).to_have_text(
        fi(PaymentStatus.READY.label)
    )
    axe(page, "case page decided, payment ready")

    # The association wrote that its account has changed: the handler corrects it.
    page.locator("#account-change-1 summary").click()
    page.locator("#account-iban-1").fill("FI00 1234")
    page.locator("#account-reason-1").fill("Yhdistyksen viesti: tili vaihtunut.")
    page.locator("#change-account-1").click()
    expect(page.locator("#account-errors-1")).to_be_visible()
    expect(page.locator("#account-reason-1")).to_have_value("Yhdistyksen viesti: tili vaihtunut.")
    axe(page, "account change with an error")
    page.locator("#account-iban-1").fill("FI49 5000 9420 0287 30")
    page.locator("#change-account-1").click()
    page.wait_for_url(re.compile(rf"{case_path}(#payments)?$"))
    expect(page.locator("#instalment-1")).to_contain_text("FI4950009420028730")
    letter = case.attachments.get(kind=AttachmentKind.DECISION_LETTER)

    switch_to(page, RAILI, "/kasittely/maksatus/")
    payment = Payment.objects.get(case=case)
    axe(page, "finance: ready for payment")
    page.locator(f"#choose-{payment.pk}").check()
    page.locator("#approve-batch").click()
    page.wait_for_url(re.compile(r"/kasittely/maksatus/erat/\d+/$"))
    axe(page, "finance: batch approved")
    page.locator("#mark-paid-submit").click()
    batch = PaymentBatch.objects.get()
    page.wait_for_url(f"**/kasittely/maksatus/erat/{batch.pk}/")
    axe(page, "finance: batch paid")

    switch_to(page, KAISA, case_path)
    expect(page.locator("#instalment-1 .payment-status")).to_have_text(fi(PaymentStatus.PAID.label))
    axe(page, "handler case page, paid")

    switch_to(page, MATTI, f"/asiointikansio/{case.pk}/")
    expect(page.locator("#instalment-1 .payment-status")).to_have_text(fi(PaymentStatus.PAID.label))
    expect(page.locator(f"a[href$='/liitteet/{letter.pk}/']").first).to_be_visible()
    axe(page, "applicant's application page, paid, with the decision letter")

    case.refresh_from_db()
    payment.refresh_from_db()
    assert (case.status, case.granted_amount) == (CaseStatus.DECIDED, Decimal("2400.00"))
    assert (payment.status, payment.amount, payment.batch_id) == (
        PaymentStatus.PAID,
        Decimal("2400.00"),
        batch.pk,
    )
    assert case.events.filter(kind=EventKind.PAID, visible_to_applicant=True).count() == 1
    assert payment.payee_iban == "FI4950009420028730"
