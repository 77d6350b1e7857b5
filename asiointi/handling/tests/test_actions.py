"""The handler's actions through the case page's forms: claim, assign, take next, request a
supplement, transfer, decide, close and internal notes. Each is posted to the real view and the
resulting state and timeline event are asserted; refused actions change nothing."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from asiointi.cases.constants import CaseStatus, DecisionOutcome, EventKind
from asiointi.cases.models import Case, InternalNote, Message, TimelineEvent
from asiointi.cases.services.assignment import case_claim, case_transfer
from asiointi.cases.services.decisions import case_decide
from asiointi.cases.services.notes import note_add
from asiointi.cases.services.processing import case_start_processing
from asiointi.cases.tests.conftest import in_status, snapshot
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.testing.fixtures import make_person

pytestmark = pytest.mark.django_db


def fi(msgid: str, **values) -> str:
    """The message as a Finnish page shows it (the default language of /kasittely/)."""
    with translation.override("fi"):
        text = translation.gettext(msgid)
    return text % values if values else text


@pytest.fixture
def kaisa(client, handler_culture):
    client.force_login(handler_culture)
    return handler_culture


@pytest.fixture
def kalle(catalogue):
    person = make_person("kalle", "Kalle", "Kollega", is_staff=True)
    Membership.objects.create(
        user=person, department=Department.objects.get(code="culture"), role=StaffRole.HANDLER
    )
    return person


def url(name: str, case: Case) -> str:
    return reverse(f"handling:{name}", args=[case.pk])


def only_message(response):
    [message] = list(response.context["messages"])
    return message


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


def processing(case: Case, handler) -> Case:
    return case_start_processing(actor=handler, case=case)


# --- What the page offers ----------------------------------------------------------------------


def test_received_case_offers_claim_assign_transfer_but_not_decide_or_close(
    client, kaisa, submitted
):
    content = client.get(url("case", submitted)).content.decode()
    for action in ("claim", "assign", "transfer", "note_add", "start_processing"):
        assert f'action="{url(action, submitted)}"' in content
    for action in ("decide", "request_supplement", "close"):
        assert f'action="{url(action, submitted)}"' not in content
    assert "Kaisa Käsittelijä" in content  # the assign select lists the department's handlers


def test_decided_case_offers_only_close_and_notes(client, kaisa, submitted):
    in_status(submitted, CaseStatus.DECIDED)
    content = client.get(url("case", submitted)).content.decode()
    assert f'action="{url("close", submitted)}"' in content
    assert f'action="{url("note_add", submitted)}"' in content
    for action in ("claim", "assign", "transfer", "decide", "request_supplement"):
        assert f'action="{url(action, submitted)}"' not in content


# --- Claim, assign, take next -----------------------------------------------------------------


def test_claim(client, kaisa, submitted):
    response = client.post(
        url("claim", submitted), {"lock_version": submitted.lock_version}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("case", submitted)
    assert only_message(response).level_tag == "success"
    case = Case.objects.get(pk=submitted.pk)
    assert (case.handler, case.status, case.lock_version) == (
        kaisa,
        CaseStatus.RECEIVED,
        submitted.lock_version + 1,
    )
    event = case.events.get(kind=EventKind.ASSIGNED)
    assert (event.actor, event.details["how"], event.visible_to_applicant) == (
        kaisa,
        "claim",
        False,
    )


def test_assign_to_a_colleague(client, kaisa, kalle, submitted):
    response = client.post(
        url("assign", submitted),
        {"lock_version": submitted.lock_version, "handler": kalle.pk},
        follow=True,
    )
    assert only_message(response).level_tag == "success"
    case = Case.objects.get(pk=submitted.pk)
    assert case.handler == kalle
    event = case.events.get(kind=EventKind.ASSIGNED)
    assert (event.actor, event.details["handler"], event.details["how"]) == (
        kaisa,
        kalle.pk,
        "assign",
    )


def test_assign_to_someone_outside_the_department_is_refused(
    client, kaisa, handler_education, submitted
):
    before = snapshot(submitted)
    response = client.post(
        url("assign", submitted),
        {"lock_version": submitted.lock_version, "handler": handler_education.pk},
        follow=True,
    )
    message = only_message(response)
    assert message.level_tag == "error"
    assert "Olli Opetus" in str(message)
    assert snapshot(submitted) == before


def test_take_next_claims_the_oldest_new_case(client, kaisa, queue_cases):
    response = client.post(reverse("handling:take_next"), follow=True)
    oldest = queue_cases["kallio"]  # received 10 days ago; "processing" is no longer new
    assert response.redirect_chain[-1][0] == url("case", oldest)
    oldest.refresh_from_db()
    assert oldest.handler == kaisa
    assert oldest.events.get(kind=EventKind.ASSIGNED).details["how"] == "take_next"


def test_take_next_on_an_empty_queue_says_so(client, kaisa, catalogue):
    response = client.post(reverse("handling:take_next"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("handling:queue"))
    message = only_message(response)
    assert (message.level_tag, str(message)) == ("info", fi("The queue is empty."))
    assert not TimelineEvent.objects.filter(kind=EventKind.ASSIGNED).exists()


def test_take_next_is_not_offered_by_get(client, kaisa, catalogue):
    assert client.get(reverse("handling:take_next")).status_code == 405


# --- Request a supplement ---------------------------------------------------------------------


def test_request_supplement(client, kaisa, submitted, representative, association):
    case = processing(submitted, kaisa)
    due = tomorrow() + datetime.timedelta(days=13)
    response = client.post(
        url("request_supplement", case),
        {
            "lock_version": case.lock_version,
            "message": "Lähettäkää tilinpäätös.",
            "due_date": due.isoformat(),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("case", case)
    assert only_message(response).level_tag == "success"
    after = Case.objects.get(pk=case.pk)
    assert (after.status, after.supplement_due_date) == (CaseStatus.AWAITING_SUPPLEMENT, due)
    message = Message.objects.get(case=case)
    assert (message.body, message.from_staff, message.sender) == (
        "Lähettäkää tilinpäätös.",
        True,
        kaisa,
    )
    event = after.events.get(kind=EventKind.SUPPLEMENT_REQUESTED)
    assert (event.actor, event.details["due_date"]) == (kaisa, due.isoformat())


def test_request_supplement_errors_are_shown_beside_the_fields(client, kaisa, submitted):
    case = processing(submitted, kaisa)
    before = snapshot(case)
    response = client.post(
        url("request_supplement", case),
        {"lock_version": case.lock_version, "message": "  ", "due_date": ""},
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert 'id="supplement-message-error"' in content
    assert 'id="action-errors"' in content
    assert snapshot(case) == before


# --- Transfer -----------------------------------------------------------------------------------


def test_transfer_moves_the_case_to_the_new_departments_queue(
    client, kaisa, handler_education, submitted
):
    education = Department.objects.get(code="education")
    response = client.post(
        url("transfer", submitted),
        {
            "lock_version": submitted.lock_version,
            "department": education.pk,
            "reason": "Kuuluu opetukselle.",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("handling:queue")
    assert only_message(response).level_tag == "success"
    case = Case.objects.get(pk=submitted.pk)
    assert (case.department, case.handler, case.status) == (education, None, CaseStatus.RECEIVED)
    event = case.events.get(kind=EventKind.TRANSFERRED)
    assert (event.actor, event.reason, event.details["to_department"]) == (
        kaisa,
        "Kuuluu opetukselle.",
        education.pk,
    )
    # The old department's handler no longer has access; the new one sees it as new.
    assert client.get(url("case", case)).status_code == 404
    client.force_login(handler_education)
    queue = client.get(reverse("handling:queue"))
    assert [c.pk for c in queue.context["cases"]] == [case.pk]
    assert client.get(url("case", case)).status_code == 200


def test_transfer_without_reason_or_department_changes_nothing(client, kaisa, submitted):
    before = snapshot(submitted)
    response = client.post(
        url("transfer", submitted),
        {"lock_version": submitted.lock_version, "department": "", "reason": ""},
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert 'id="transfer-department-error"' in content
    assert 'id="transfer-reason-error"' in content
    assert snapshot(submitted) == before


def test_acting_after_the_case_was_transferred_away_is_not_found(
    client, kaisa, handler_education, submitted
):
    case_transfer(
        actor=kaisa,
        case=submitted,
        department=Department.objects.get(code="education"),
        reason="Opetukselle",
    )
    before = snapshot(submitted)
    response = client.post(url("claim", submitted), {"lock_version": submitted.lock_version})
    assert response.status_code == 404
    assert snapshot(submitted) == before


# --- Decide -------------------------------------------------------------------------------------


def test_decide_partially_with_a_finnish_amount(client, kaisa, submitted):
    case = processing(submitted, kaisa)
    response = client.post(
        url("decide", case),
        {
            "lock_version": case.lock_version,
            "outcome": DecisionOutcome.PARTIALLY_APPROVED,
            "granted_amount": "1 234,50",
            "reasoning": "Osa kuluista ei ole avustuskelpoisia.",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("case", case)
    assert only_message(response).level_tag == "success"
    after = Case.objects.get(pk=case.pk)
    assert (
        after.status,
        after.decision_outcome,
        after.granted_amount,
        after.decision_reasoning,
        after.decided_by,
    ) == (
        CaseStatus.DECIDED,
        DecisionOutcome.PARTIALLY_APPROVED,
        Decimal("1234.50"),
        "Osa kuluista ei ole avustuskelpoisia.",
        kaisa,
    )
    event = after.events.get(kind=EventKind.DECIDED)
    assert (event.actor, event.details) == (
        kaisa,
        {"outcome": "partially_approved", "granted_amount": "1234.50"},
    )


def test_decide_errors_are_shown_per_field_and_change_nothing(client, kaisa, submitted):
    case = processing(submitted, kaisa)
    before = snapshot(case)
    response = client.post(
        url("decide", case),
        {
            "lock_version": case.lock_version,
            "outcome": DecisionOutcome.APPROVED,
            "granted_amount": "99 999,00",
            "reasoning": "",
        },
    )
    assert response.status_code == 422
    content = response.content.decode()
    assert 'id="action-errors"' in content
    assert 'id="decide-granted_amount-error"' in content
    assert 'id="decide-reasoning-error"' in content
    assert 'id="decide-outcome-error"' not in content
    # What the handler typed is kept.
    assert 'value="99 999,00"' in content
    assert 'id="outcome-approved" value="approved" checked' in content
    assert snapshot(case) == before


def test_decide_is_not_offered_and_refused_while_received(client, kaisa, submitted):
    before = snapshot(submitted)
    response = client.post(
        url("decide", submitted),
        {
            "lock_version": submitted.lock_version,
            "outcome": DecisionOutcome.REJECTED,
            "reasoning": "Ei",
        },
        follow=True,
    )
    message = only_message(response)
    assert message.level_tag == "error"
    assert str(message) == fi(
        "This cannot be done while the application is “%(status)s”.", status=fi("Received")
    )
    assert snapshot(submitted) == before


def test_decide_with_a_stale_lock_version_is_a_conflict(client, kaisa, kalle, submitted):
    case = processing(submitted, kaisa)
    page_version = case.lock_version
    note_add(actor=kalle, case=case, body="Ei muuta lukitusversiota")
    case_claim(actor=kalle, case=case)  # a colleague changed the case meanwhile
    before = snapshot(case)
    response = client.post(
        url("decide", case),
        {
            "lock_version": page_version,
            "outcome": DecisionOutcome.REJECTED,
            "reasoning": "Ei rahoitusta",
        },
        follow=True,
    )
    message = only_message(response)
    assert message.level_tag == "error"
    assert "Lataa sivu uudelleen" in str(message)
    assert snapshot(case) == before


# --- Close and notes ----------------------------------------------------------------------------


def test_close_a_decided_case(client, kaisa, submitted):
    case = processing(submitted, kaisa)
    case = case_decide(actor=kaisa, case=case, outcome="rejected", reasoning="Ei")
    response = client.post(url("close", case), {"lock_version": case.lock_version}, follow=True)
    assert only_message(response).level_tag == "success"
    after = Case.objects.get(pk=case.pk)
    assert after.status == CaseStatus.CLOSED
    assert after.events.get(kind=EventKind.CLOSED).actor == kaisa


def test_close_is_refused_in_processing(client, kaisa, submitted):
    case = processing(submitted, kaisa)
    before = snapshot(case)
    response = client.post(url("close", case), {"lock_version": case.lock_version}, follow=True)
    assert only_message(response).level_tag == "error"
    assert snapshot(case) == before


def test_internal_note_is_listed_for_handlers_and_never_for_the_applicant(
    client, kaisa, submitted, representative
):
    response = client.post(url("note_add", submitted), {"body": "Soitin hakijalle."}, follow=True)
    assert response.redirect_chain[-1][0] == url("case", submitted) + "#notes"
    note = InternalNote.objects.get(case=submitted)
    assert (note.author, note.body) == (kaisa, "Soitin hakijalle.")
    assert "Soitin hakijalle." in response.content.decode()
    event = submitted.events.get(kind=EventKind.NOTE_ADDED)
    assert event.visible_to_applicant is False
    client.force_login(representative)
    applicant_page = client.get(reverse("cases:detail", args=[submitted.pk])).content.decode()
    assert "Soitin hakijalle." not in applicant_page


def test_empty_note_is_shown_beside_the_field(client, kaisa, submitted):
    response = client.post(url("note_add", submitted), {"body": " "})
    assert response.status_code == 422
    assert 'id="note-body-error"' in response.content.decode()
    assert not InternalNote.objects.exists()


def test_handler_of_another_department_cannot_act(client, handler_education, submitted):
    client.force_login(handler_education)
    before = snapshot(submitted)
    for action in ("claim", "close", "decide", "transfer", "request_supplement", "note_add"):
        response = client.post(url(action, submitted), {"lock_version": submitted.lock_version})
        assert response.status_code == 404, action
    assert snapshot(submitted) == before
