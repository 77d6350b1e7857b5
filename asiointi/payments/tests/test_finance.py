"""Finance: payments ready for payment, batches, marking paid; finance-only, through HTTP."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from asiointi.cases.constants import EventKind
from asiointi.cases.models import TimelineEvent
from asiointi.payments.constants import BatchStatus, PaymentStatus
from asiointi.payments.models import Payment, PaymentBatch
from asiointi.testing.fixtures import url

pytestmark = pytest.mark.django_db


def reverse(name: str, args=()) -> str:
    """Pages in English (/en/…), so the messages asserted here do not depend on translations."""
    return url(name, *args, language="en")


def state() -> dict:
    return {
        "payments": list(Payment.objects.order_by("pk").values()),
        "batches": list(PaymentBatch.objects.order_by("pk").values()),
        "events": TimelineEvent.objects.count(),
    }


def approve(client, payments) -> object:
    return client.post(reverse("payments:batch_create"), {"payment": [p.pk for p in payments]})


def test_finance_lists_ready_payments_with_filters(client, finance_officer, ready_payments):
    client.force_login(finance_officer)
    response = client.get(reverse("payments:ready"))
    assert response.status_code == 200
    assert [p.pk for p in response.context["payments"]] == [p.pk for p in ready_payments]

    record = ready_payments[1].case.record_number
    response = client.get(reverse("payments:ready"), {"q": record})
    assert [p.pk for p in response.context["payments"]] == [ready_payments[1].pk]
    response = client.get(reverse("payments:ready"), {"q": "Kulttuuriyhdistys"})
    assert [p.pk for p in response.context["payments"]] == [
        ready_payments[0].pk,
        ready_payments[2].pk,
    ]
    education = ready_payments[0].case.department.pk + 1000
    response = client.get(reverse("payments:ready"), {"department": education})
    assert response.context["payments"] == []


def test_finance_approves_chosen_payments_into_a_batch(client, finance_officer, ready_payments):
    client.force_login(finance_officer)

    response = approve(client, ready_payments[:2])

    batch = PaymentBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("payments:batch", args=[batch.pk])
    assert (batch.status, batch.payment_count, batch.total, batch.created_by) == (
        BatchStatus.EXPORTED,
        2,
        Decimal("1750.50"),
        finance_officer,
    )
    assert list(Payment.objects.order_by("pk").values_list("status", "batch")) == [
        (PaymentStatus.APPROVED, batch.pk),
        (PaymentStatus.APPROVED, batch.pk),
        (PaymentStatus.READY, None),
    ]
    events = TimelineEvent.objects.filter(kind=EventKind.PAYMENT_APPROVED).order_by("pk")
    assert [(e.case_id, e.visible_to_applicant, e.actor) for e in events] == [
        (ready_payments[0].case_id, False, finance_officer),
        (ready_payments[1].case_id, False, finance_officer),
    ]
    page = client.get(reverse("payments:ready"))
    assert [p.pk for p in page.context["payments"]] == [ready_payments[2].pk]


def test_payment_already_in_a_batch_cannot_be_approved_again(
    client, finance_officer, ready_payments
):
    client.force_login(finance_officer)
    approve(client, ready_payments[:1])
    before = state()

    response = approve(client, ready_payments)

    assert response.status_code == 302
    assert state() == before
    record = ready_payments[0].case.record_number
    assert [str(m) for m in response.wsgi_request._messages][-1] == (
        f"{record}, instalment 1 is no longer ready for payment (now “Approved for payment”): "
        "someone else approved it first. Nothing was approved; reload the list and try again."
    )


def test_payment_without_a_valid_iban_cannot_be_approved(client, finance_officer, ready_payments):
    Payment.objects.filter(pk=ready_payments[1].pk).update(payee_iban="FI2112345600000786")
    Payment.objects.filter(pk=ready_payments[2].pk).update(payee_iban="")
    client.force_login(finance_officer)
    before = state()

    response = approve(client, ready_payments)

    assert response.status_code == 422
    assert state() == before
    assert response.context["error_message"] == (
        "Payments without a valid IBAN cannot be approved. Nothing was approved; leave them out "
        "or have the account corrected first."
    )
    second, third = ready_payments[1].case.record_number, ready_payments[2].case.record_number
    assert response.context["errors"]["payments"] == [
        f"{second}, instalment 1 (Aino Asukas): the account “FI2112345600000786” is not a valid "
        "IBAN.",
        f"{third}, instalment 1 (Kallion Kulttuuriyhdistys ry): the account “none given” is not "
        "a valid IBAN.",
    ]
    assert b'id="batch-errors"' in response.content
    # The chosen boxes stay checked; the invalid accounts are flagged in the list.
    assert response.content.count(b" checked") == 3
    flag = b'<span class="hds-status-label hds-status-label--error">not a valid IBAN</span>'
    assert response.content.count(flag) == 2


def test_nothing_chosen(client, finance_officer, ready_payments):
    client.force_login(finance_officer)
    response = approve(client, [])
    assert response.status_code == 422
    assert response.context["errors"]["payments"] == ["Choose at least one payment to approve."]
    assert not PaymentBatch.objects.exists()


def _batch(client, finance_officer, payments) -> PaymentBatch:
    client.force_login(finance_officer)
    approve(client, payments)
    return PaymentBatch.objects.get()


def test_mark_paid_updates_every_payment_and_the_applicant_sees_paid(
    client, finance_officer, ready_payments, resident
):
    batch = _batch(client, finance_officer, ready_payments)
    paid_on = timezone.localdate() - datetime.timedelta(days=1)

    response = client.post(
        reverse("payments:batch_mark_paid", args=[batch.pk]),
        {"paid_on": paid_on.isoformat(), "lock_version": 0},
    )

    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.paid_on, batch.marked_paid_by) == (
        BatchStatus.PAID,
        paid_on,
        finance_officer,
    )
    assert set(Payment.objects.values_list("status", "paid_on")) == {(PaymentStatus.PAID, paid_on)}
    events = TimelineEvent.objects.filter(kind=EventKind.PAID).order_by("pk")
    assert [(e.case_id, e.visible_to_applicant, e.details) for e in events] == [
        (
            p.case_id,
            True,
            {"instalment": 1, "amount": str(p.amount), "paid_on": paid_on.isoformat()},
        )
        for p in ready_payments
    ]
    client.force_login(resident)
    page = client.get(reverse("cases:detail", args=[ready_payments[1].case_id]))
    assert page.status_code == 200
    content = page.content.decode()
    assert 'hds-status-label--success status-paid payment-status">Paid</span>' in content
    assert "Grant paid" in content  # the timeline event


@pytest.mark.parametrize(
    ("paid_on", "message"),
    [
        ("", "Enter the payment date, e.g. 2026-03-31."),
        ("31.3.2026", "Enter the payment date, e.g. 2026-03-31."),
        ("2999-01-01", "The payment date cannot be in the future."),
    ],
)
def test_invalid_payment_date_changes_nothing(
    client, finance_officer, ready_payments, paid_on, message
):
    batch = _batch(client, finance_officer, ready_payments)
    before = state()
    response = client.post(
        reverse("payments:batch_mark_paid", args=[batch.pk]),
        {"paid_on": paid_on, "lock_version": 0},
    )
    assert response.status_code == 422
    assert response.context["errors"] == {"paid_on": [message]}
    assert b'id="mark-paid-errors"' in response.content
    assert state() == before


def test_marking_paid_twice_is_refused(client, finance_officer, ready_payments):
    batch = _batch(client, finance_officer, ready_payments)
    mark = reverse("payments:batch_mark_paid", args=[batch.pk])
    client.post(mark, {"paid_on": timezone.localdate().isoformat(), "lock_version": 0})
    before = state()
    response = client.post(mark, {"paid_on": timezone.localdate().isoformat()})
    assert state() == before
    assert [str(m) for m in response.wsgi_request._messages][-1] == (
        "The payment batch is already “Paid”."
    )


def test_stale_mark_paid_is_a_conflict(client, finance_officer, ready_payments):
    batch = _batch(client, finance_officer, ready_payments)
    PaymentBatch.objects.filter(pk=batch.pk).update(lock_version=3)
    before = state()
    response = client.post(
        reverse("payments:batch_mark_paid", args=[batch.pk]),
        {"paid_on": timezone.localdate().isoformat(), "lock_version": 0},
    )
    assert state() == before
    assert [str(m) for m in response.wsgi_request._messages][-1] == (
        "The payment batch was changed by someone else in the meantime (now “Approved, payment "
        "file ready”). Reload the page and try again."
    )


PERSONAS = ["resident", "representative", "handler_culture", "handler_education"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_finance_pages_and_actions_are_404_for_everyone_else(
    client, request, finance_officer, ready_payments, persona
):
    batch = _batch(client, finance_officer, ready_payments[:1])
    client.force_login(request.getfixturevalue(persona))
    before = state()
    for name, args in [
        ("payments:ready", []),
        ("payments:batches", []),
        ("payments:batch", [batch.pk]),
        ("payments:batch_file", [batch.pk]),
    ]:
        assert client.get(reverse(name, args)).status_code == 404, name
    assert approve(client, ready_payments[1:]).status_code == 404
    mark = reverse("payments:batch_mark_paid", args=[batch.pk])
    assert client.post(mark, {"paid_on": timezone.localdate().isoformat()}).status_code == 404
    assert state() == before


def test_finance_pages_open_for_finance(client, finance_officer, ready_payments):
    batch = _batch(client, finance_officer, ready_payments[:1])
    for name, args in [
        ("payments:ready", []),
        ("payments:batches", []),
        ("payments:batch", [batch.pk]),
        ("payments:batch_file", [batch.pk]),
    ]:
        assert client.get(reverse(name, args)).status_code == 200, name
    assert client.get(reverse("payments:batch", [batch.pk + 1])).status_code == 404


def test_finance_pages_show_accounts_in_groups_of_four_and_statuses_as_labels(
    client, finance_officer, ready_payments
):
    """Account numbers in the IBAN's print format (they wrap between the groups in a narrow
    column); the batch's and its payments' statuses as the design system's status labels."""
    client.force_login(finance_officer)
    Payment.objects.filter(pk=ready_payments[0].pk).update(payee_iban="FI2112345600000785")
    ready = client.get(reverse("payments:ready")).content.decode()
    assert "FI21 1234 5600 0007 85" in ready
    assert "FI2112345600000785" not in ready
    batch = _batch(client, finance_officer, ready_payments[:1])
    detail = client.get(reverse("payments:batch", [batch.pk])).content.decode()
    assert ">FI21 1234 5600 0007 85</td>" in detail
    status = "hds-status-label hds-status-label--info status-exported"
    assert f'<dd id="batch-status"><span class="{status}">' in detail
    assert '<span class="hds-status-label hds-status-label--info status-approved">' in detail


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("payments:ready"))
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_the_queue_links_to_payments_for_finance_staff_only(
    client, finance_officer, handler_culture
):
    client.force_login(finance_officer)
    page = client.get(reverse("handling:queue")).content.decode()
    assert f'href="{reverse("payments:ready")}" id="finance-link"' in page
    client.force_login(handler_culture)
    assert 'id="finance-link"' not in client.get(reverse("handling:queue")).content.decode()


@pytest.mark.parametrize(
    ("language", "approved", "favourable"),
    [("fi", "Hyväksytty", "Myönteinen"), ("sv", "Godkänd", "Positivt")],
)
def test_batch_pages_say_approved_not_favourable(
    client, finance_officer, ready_payments, language, approved, favourable
):
    batch = _batch(client, finance_officer, ready_payments)
    detail = client.get(url("payments:batch", batch.pk, language=language)).content.decode()
    listing = client.get(url("payments:batches", language=language)).content.decode()
    assert f"<dt>{approved}</dt>" in detail
    assert f'<th scope="col">{approved}</th>' in listing
    assert favourable not in detail and favourable not in listing


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        (
            "fi",
            "1 maksu hyväksyttiin maksuaineistoon.",
            "2 maksua hyväksyttiin maksuaineistoon.",
        ),
        (
            "sv",
            "1 betalning godkändes i ett betalningsparti.",
            "2 betalningar godkändes i ett betalningsparti.",
        ),
    ],
)
def test_the_approval_message_has_plural_forms(
    client, finance_officer, ready_payments, language, one, two
):
    client.force_login(finance_officer)
    create = url("payments:batch_create", language=language)
    for payments, expected in ((ready_payments[:1], one), (ready_payments[1:], two)):
        response = client.post(create, {"payment": [p.pk for p in payments]}, follow=True)
        assert [str(m) for m in response.context["messages"]] == [expected]
        assert expected in response.content.decode()
