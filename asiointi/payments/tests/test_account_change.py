"""A handler corrects the account an instalment is paid to; the applicant sees the change."""

import pytest

from asiointi.cases.constants import EventKind
from asiointi.cases.models import TimelineEvent
from asiointi.payments.constants import BatchStatus, PaymentStatus
from asiointi.payments.models import Payment, PaymentBatch
from asiointi.testing.fixtures import url

pytestmark = pytest.mark.django_db

NEW_ACCOUNT = "FI49 5000 9420 0287 30"


def change_url(case, number=1):
    return url("payments:change_account", case.pk, number, language="en")


def state(case) -> dict:
    return {
        "payments": list(Payment.objects.filter(case=case).order_by("number").values()),
        "events": TimelineEvent.objects.filter(case=case).count(),
    }


def test_handler_changes_the_account_and_the_applicant_sees_it(
    client, granted, handler_culture, representative
):
    client.force_login(handler_culture)
    response = client.post(
        change_url(granted),
        {"bank_account": NEW_ACCOUNT, "reason": "Yhdistyksen viesti 20.11.", "lock_version": 0},
    )
    assert response.status_code == 302
    payment = granted.payments.get(number=1)
    assert (payment.payee_iban, payment.lock_version) == ("FI4950009420028730", 1)
    event = granted.events.get(kind=EventKind.PAYEE_ACCOUNT_CHANGED)
    assert (event.actor, event.reason, event.visible_to_applicant) == (
        handler_culture,
        "Yhdistyksen viesti 20.11.",
        True,
    )
    assert event.details["account"] == "FI4950009420028730"
    # The other instalment keeps its account.
    assert granted.payments.get(number=2).payee_iban != "FI4950009420028730"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"bank_account": "FI00 1234", "reason": "x"}, "bank_account", "is not a valid IBAN"),
        ({"bank_account": "", "reason": "x"}, "bank_account", "Enter the bank account (IBAN)."),
        ({"bank_account": NEW_ACCOUNT, "reason": "  "}, "reason", "Say why the account"),
    ],
)
def test_bad_input_is_shown_beside_the_field_and_changes_nothing(
    client, granted, handler_culture, data, field, message
):
    before = state(granted)
    client.force_login(handler_culture)
    response = client.post(change_url(granted), {**data, "lock_version": 0})
    assert response.status_code == 422
    page = response.content.decode()
    assert f'id="account-{"iban" if field == "bank_account" else "reason"}-1-error"' in page
    assert message in page
    assert state(granted) == before


def test_stale_form_is_a_conflict(client, granted, handler_culture):
    before = state(granted)
    client.force_login(handler_culture)
    response = client.post(
        change_url(granted), {"bank_account": NEW_ACCOUNT, "reason": "x", "lock_version": 7}
    )
    assert response.status_code == 302
    assert state(granted) == before


def test_an_instalment_in_a_batch_keeps_its_account(client, granted, handler_culture):
    batch = PaymentBatch.objects.create(
        message_id="TEST-1",
        status=BatchStatus.EXPORTED,
        execution_date=granted.decided_at.date(),
        payment_count=1,
        total=granted.payments.get(number=1).amount,
        created_by=handler_culture,
        created_at=granted.decided_at,
    )
    Payment.objects.filter(case=granted, number=1).update(
        status=PaymentStatus.APPROVED, batch=batch
    )
    before = state(granted)
    client.force_login(handler_culture)
    response = client.post(change_url(granted), {"bank_account": NEW_ACCOUNT, "reason": "x"})
    assert [str(message) for message in response.wsgi_request._messages] == [
        "The account cannot be changed while instalment 1 is “Approved for payment”."
    ]
    assert state(granted) == before


@pytest.mark.parametrize(
    "persona", ["resident", "representative", "handler_education", "finance_officer"]
)
def test_only_the_departments_handlers_change_accounts(client, request, granted, persona):
    before = state(granted)
    client.force_login(request.getfixturevalue(persona))
    response = client.post(change_url(granted), {"bank_account": NEW_ACCOUNT, "reason": "x"})
    assert response.status_code == 404
    assert state(granted) == before
