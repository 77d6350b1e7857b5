"""A grant from decision to payment in a real Chromium: the association sends a payment request
with an attachment → the handler accepts it → finance approves it into a batch, downloads the
pain.001 file and marks the batch paid → the applicant sees "paid". axe-core checks every page.
"""

import re
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from django.utils import translation
from playwright.sync_api import Page, expect

from asiointi.cases.constants import DecisionOutcome
from asiointi.cases.services.decisions import case_decide
from asiointi.cases.services.processing import case_start_processing
from asiointi.catalogue.models import GrantCall
from asiointi.payments.constants import BatchStatus, PaymentStatus
from asiointi.payments.models import Payment, PaymentBatch
from asiointi.testing.fixtures import PDF_BYTES
from tests.browser.test_handler_queue import KAISA, log_in_as, submitted_application

pytestmark = pytest.mark.browser

MATTI = "Matti Meikäläinen"
RAILI = "Raili Rahoitus"
XSD = Path(sepaxml.__file__).with_name("schemas") / "pain.001.001.09.xsd"


def fi(text) -> str:
    with translation.override("fi"):
        return str(text)


def granted_application(users):
    call = GrantCall.objects.get(service__code="yleisavustus")
    call.instalments = 2
    call.payment_request_required = True
    call.save(update_fields=["instalments", "payment_request_required"])
    case = submitted_application(users, "3000.00")
    case_start_processing(actor=users["kaisa"], case=case)
    return case_decide(
        actor=users["kaisa"],
        case=case,
        outcome=DecisionOutcome.APPROVED,
        granted_amount="3000.00",
        reasoning="Hyvä toimintasuunnitelma.",
    )


def switch_to(page: Page, full_name: str, next_path: str) -> None:
    page.context.clear_cookies()
    log_in_as(page, full_name, next_path=next_path)


def test_payment_request_to_paid(page: Page, axe, demo_data, tmp_path):
    case = granted_application(demo_data)
    folder_path = f"/asiointikansio/{case.pk}/"

    log_in_as(page, MATTI, next_path=folder_path)
    expect(page.locator("#payment-table tbody tr")).to_have_count(2)
    axe(page, "application page with instalments awaiting a payment request")

    page.locator("#payment-report").fill("Avustus käytettiin kevään konserttisarjaan.")
    page.locator("#payment-request-submit").click()  # no attachment: the error summary
    expect(page.locator("#payment-errors")).to_be_visible()
    expect(page.locator("#payment-files-error")).to_be_visible()
    expect(page.locator("#payment-report")).to_have_value(
        "Avustus käytettiin kevään konserttisarjaan."
    )
    axe(page, "payment request form with errors")
    assert Payment.objects.get(case=case, number=1).status == PaymentStatus.AWAITING_REQUEST

    page.locator("#payment-files_usage_report").set_input_files(
        {"name": "kayttoselvitys.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.locator("#payment-request-submit").click()
    page.wait_for_url(re.compile(rf"{folder_path}(#payments)?$"))
    expect(page.locator("#instalment-1 .payment-status")).to_have_text(
        fi(PaymentStatus.REQUESTED.label)
    )
    expect(page.locator("#payments")).to_contain_text("kayttoselvitys.pdf")
    axe(page, "application page after sending the payment request")

    switch_to(page, KAISA, f"/kasittely/{case.pk}/")
    expect(page.locator("#payments")).to_contain_text("kayttoselvitys.pdf")
    axe(page, "handler case page with a payment request")
    page.locator("[id^=accept-request-]").click()
    page.wait_for_url(re.compile(rf"/kasittely/{case.pk}/(#payments)?$"))
    expect(page.locator("#instalment-1 .payment-status")).to_have_text(
        fi(PaymentStatus.READY.label)
    )
    axe(page, "handler case page after accepting")

    switch_to(page, RAILI, "/kasittely/maksatus/")
    payment = Payment.objects.get(case=case, number=1)
    expect(page.locator("#payments-table tbody tr")).to_have_count(1)
    axe(page, "finance: payments ready for payment")
    page.locator(f"#choose-{payment.pk}").check()
    page.locator("#approve-batch").click()
    page.wait_for_url(re.compile(r"/kasittely/maksatus/erat/\d+/$"))
    batch = PaymentBatch.objects.get()
    expect(page.locator("#batch-status")).to_have_text(fi(BatchStatus.EXPORTED.label))
    axe(page, "finance: the new payment batch")

    with page.expect_download() as download_info:
        page.locator("#download-pain001").click()
    download = download_info.value
    assert download.suggested_filename == f"{batch.message_id}.xml"
    path = tmp_path / "pain001.xml"
    download.save_as(path)
    content = path.read_text(encoding="utf-8")
    xmlschema.XMLSchema(str(XSD)).validate(content)
    assert "<CtrlSum>1500.00</CtrlSum>" in content
    assert f"<EndToEndId>{case.record_number}-1</EndToEndId>" in content

    page.locator("#mark-paid-submit").click()
    page.wait_for_url(f"**/kasittely/maksatus/erat/{batch.pk}/")
    expect(page.locator("#batch-status")).to_have_text(fi(BatchStatus.PAID.label))
    axe(page, "finance: the batch marked paid")
    page.goto("/kasittely/maksatus/erat/")
    axe(page, "finance: payment batches")

    switch_to(page, MATTI, folder_path)
    expect(page.locator("#instalment-1 .payment-status")).to_have_text(fi(PaymentStatus.PAID.label))
    expect(page.locator("#instalment-2 .payment-status")).to_have_text(
        fi(PaymentStatus.AWAITING_REQUEST.label)
    )
    axe(page, "application page with a paid instalment")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
