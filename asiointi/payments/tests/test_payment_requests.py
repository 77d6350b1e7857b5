"""The applicant's payment request (maksatuspyyntö) and the handler's answer, through HTTP."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from asiointi.cases.constants import AttachmentKind, EventKind
from asiointi.cases.models import Attachment, Case, TimelineEvent
from asiointi.payments.constants import PaymentRequestStatus, PaymentStatus
from asiointi.payments.models import Payment, PaymentRequest
from asiointi.payments.tests.conftest import pdf
from asiointi.testing.fixtures import url

pytestmark = pytest.mark.django_db


def reverse(name: str, args=()) -> str:
    """Pages in English (/en/…), so the messages asserted here do not depend on translations."""
    return url(name, *args, language="en")


REPORT = "Avustus käytettiin kevään konserttisarjaan."


def send_url(case):
    return reverse("payments_folder:request_send", args=[case.pk])


def post_request(client, case, *, number=1, lock_version=0, **overrides):
    data = {
        "instalment": number,
        "lock_version": lock_version,
        "report": REPORT,
        "bank_account": "FI21 1234 5600 0007 85",
        "files_usage_report": [pdf("kaytto.pdf")],
        "files_receipts": [pdf("kuitit.pdf")],
        **overrides,
    }
    return client.post(send_url(case), data)


def state(case) -> dict:
    """Everything a payment request could change; compared before and after a refusal."""
    return {
        "payments": list(Payment.objects.filter(case=case).values()),
        "requests": list(PaymentRequest.objects.filter(payment__case=case).values()),
        "attachments": Attachment.objects.filter(case=case).count(),
        "events": TimelineEvent.objects.filter(case=case).count(),
    }


def test_representative_sends_a_payment_request(client, granted, co_representative):
    client.force_login(co_representative)  # any representative of the organisation
    page = client.get(reverse("cases:detail", args=[granted.pk]))
    assert b'id="payment-request-form"' in page.content

    response = post_request(client, granted)

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[granted.pk]) + "#payments"
    payment = Payment.objects.get(case=granted, number=1)
    assert (payment.status, payment.lock_version, payment.payee_iban) == (
        PaymentStatus.REQUESTED,
        1,
        "FI2112345600000785",
    )
    request = PaymentRequest.objects.get(payment=payment)
    assert (request.status, request.report, request.sent_by) == (
        PaymentRequestStatus.SENT,
        REPORT,
        co_representative,
    )
    assert sorted(request.attachments.values_list("kind", "display_name")) == [
        (AttachmentKind.RECEIPTS, "kuitit.pdf"),
        (AttachmentKind.USAGE_REPORT, "kaytto.pdf"),
    ]
    event = TimelineEvent.objects.get(case=granted, kind=EventKind.PAYMENT_REQUEST_SENT)
    assert (event.actor, event.visible_to_applicant, event.details) == (
        co_representative,
        True,
        {"instalment": 1, "request": request.pk},
    )
    assert Payment.objects.get(case=granted, number=2).status == PaymentStatus.AWAITING_REQUEST


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"report": "  "}, "report", "Write a short report on the use of the grant."),
        (
            {"bank_account": "FI21 1234 5600 0007 86"},
            "bank_account",
            "“FI21 1234 5600 0007 86” is not a valid IBAN. Check the account number.",
        ),
        (
            {"files_usage_report": [], "files_receipts": []},
            "files",
            "Attach at least one file: the report on the use of the grant or receipts.",
        ),
        (
            {"files_receipts": [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00not a pdf")]},
            "files",
            "virus.pdf: This type of file is not accepted.",
        ),
    ],
)
def test_invalid_request_changes_nothing(
    client, granted, representative, overrides, field, message
):
    client.force_login(representative)
    before = state(granted)

    response = post_request(client, granted, **overrides)

    assert response.status_code == 422
    errors = response.context["payment_errors"]
    assert errors["message"] == "The payment request has errors."
    assert any(m.startswith(message) for m in errors[field]), errors
    assert b'id="payment-errors"' in response.content
    assert state(granted) == before


def test_stale_form_gets_a_conflict_and_nothing_changes(client, granted, representative):
    client.force_login(representative)
    Payment.objects.filter(case=granted, number=1).update(lock_version=5)
    before = state(granted)

    response = post_request(client, granted, lock_version=0)

    assert response.status_code == 302
    assert state(granted) == before
    page = client.get(response["Location"])
    assert "Instalment 1 was changed by someone else in the meantime" in page.content.decode()


def test_second_request_while_one_waits_is_refused(client, granted, representative):
    client.force_login(representative)
    post_request(client, granted)
    before = state(granted)

    response = post_request(client, granted, lock_version=1)

    assert response.status_code == 302
    assert state(granted) == before
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1] == (
        "Sending a payment request is not possible while instalment 1 is “Payment request sent”."
    )


def test_other_applicant_and_unknown_instalment_get_404(client, granted, resident, representative):
    before = state(granted)
    client.force_login(resident)
    assert post_request(client, granted).status_code == 404
    client.force_login(representative)
    assert post_request(client, granted, number=3).status_code == 404
    assert state(granted) == before


def _sent_request(client, case, person) -> PaymentRequest:
    client.force_login(person)
    post_request(client, case)
    return PaymentRequest.objects.get(payment__case=case)


def accept_url(case, request):
    return reverse("payments:request_accept", args=[case.pk, request.pk])


def return_url(case, request):
    return reverse("payments:request_return", args=[case.pk, request.pk])


def test_handler_accepts_the_request(client, granted, representative, handler_culture):
    request = _sent_request(client, granted, representative)
    client.force_login(handler_culture)
    page = client.get(reverse("handling:case", args=[granted.pk]))
    assert f'id="accept-request-{request.pk}"'.encode() in page.content
    assert b"kaytto.pdf" in page.content

    response = client.post(accept_url(granted, request), {"lock_version": 1})

    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.handled_by) == (PaymentRequestStatus.ACCEPTED, handler_culture)
    payment = Payment.objects.get(case=granted, number=1)
    assert (payment.status, payment.lock_version) == (PaymentStatus.READY, 2)
    event = TimelineEvent.objects.get(case=granted, kind=EventKind.PAYMENT_REQUEST_ACCEPTED)
    assert (event.actor, event.visible_to_applicant) == (handler_culture, True)


def test_handler_returns_with_reason_and_applicant_sends_again(
    client, granted, representative, handler_culture
):
    request = _sent_request(client, granted, representative)
    client.force_login(handler_culture)

    response = client.post(
        return_url(granted, request), {"lock_version": 1, "reason": "Kuitit puuttuvat."}
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.return_reason) == (
        PaymentRequestStatus.RETURNED,
        "Kuitit puuttuvat.",
    )
    assert Payment.objects.get(case=granted, number=1).status == PaymentStatus.AWAITING_REQUEST
    event = TimelineEvent.objects.get(case=granted, kind=EventKind.PAYMENT_REQUEST_RETURNED)
    assert (event.reason, event.visible_to_applicant) == ("Kuitit puuttuvat.", True)

    client.force_login(representative)
    page = client.get(reverse("cases:detail", args=[granted.pk])).content.decode()
    assert "Kuitit puuttuvat." in page
    assert post_request(client, granted, lock_version=2).status_code == 302
    assert list(
        PaymentRequest.objects.filter(payment__case=granted).values_list("status", flat=True)
    ) == [PaymentRequestStatus.RETURNED, PaymentRequestStatus.SENT]


def test_return_without_reason_shows_the_error_and_changes_nothing(
    client, granted, representative, handler_culture
):
    request = _sent_request(client, granted, representative)
    client.force_login(handler_culture)
    before = state(granted)

    response = client.post(return_url(granted, request), {"lock_version": 1, "reason": " "})

    assert response.status_code == 422
    content = response.content.decode()
    assert 'id="payment-errors"' in content
    assert "Write the reason for returning the payment request." in content
    assert f'aria-describedby="return-reason-{request.pk}-error"' in content
    assert state(granted) == before


def test_stale_accept_is_a_conflict(client, granted, representative, handler_culture):
    request = _sent_request(client, granted, representative)
    client.force_login(handler_culture)
    before = state(granted)

    response = client.post(accept_url(granted, request), {"lock_version": 0})

    assert response.status_code == 302
    assert state(granted) == before
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1] == (
        "Instalment 1 was changed by someone else in the meantime (now “Payment request sent”). "
        "Reload the page and try again."
    )


def test_accepting_twice_is_refused(client, granted, representative, handler_culture):
    request = _sent_request(client, granted, representative)
    client.force_login(handler_culture)
    client.post(accept_url(granted, request), {"lock_version": 1})
    before = state(granted)

    response = client.post(accept_url(granted, request))

    assert state(granted) == before
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1] == "This payment request has already been handled (“Accepted”)."


@pytest.mark.parametrize("persona", ["resident", "handler_education", "finance_officer"])
def test_only_the_departments_handlers_answer_requests(
    client, request, granted, representative, persona
):
    payment_request = _sent_request(client, granted, representative)
    before = state(granted)
    client.force_login(request.getfixturevalue(persona))
    assert client.post(accept_url(granted, payment_request), {"lock_version": 1}).status_code == 404
    assert (
        client.post(
            return_url(granted, payment_request), {"lock_version": 1, "reason": "x"}
        ).status_code
        == 404
    )
    assert state(granted) == before


def test_request_of_another_case_is_not_found(
    client, granted, representative, handler_culture, request_call, resident
):
    from asiointi.payments.tests.conftest import granted_case

    payment_request = _sent_request(client, granted, representative)
    other = granted_case(person=resident, call=request_call, handler=handler_culture)
    client.force_login(handler_culture)
    assert client.post(accept_url(other, payment_request)).status_code == 404
    assert Case.objects.get(pk=granted.pk).payments.get(number=1).status == "requested"
