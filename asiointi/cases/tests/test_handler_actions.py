"""Handler actions: claim, assign, supplement requests, transfer, withdrawal, decisions, close."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from asiointi.cases import selectors
from asiointi.cases.access import access_case_for_handler
from asiointi.cases.constants import CaseStatus, DecisionOutcome, EventKind
from asiointi.cases.models import Case
from asiointi.cases.services.assignment import case_assign, case_claim, case_transfer
from asiointi.cases.services.decisions import case_decide
from asiointi.cases.services.notes import note_add
from asiointi.cases.services.processing import (
    case_close,
    case_request_supplement,
    case_start_processing,
)
from asiointi.cases.services.sending import case_send, case_withdraw
from asiointi.cases.tests.conftest import in_status, snapshot, tomorrow
from asiointi.common.errors import Conflict, DomainError, NotFound, ValidationFailed
from asiointi.testing.fixtures import valid_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def processing(submitted, handler_culture):
    return case_start_processing(actor=handler_culture, case=submitted)


def last_event(case):
    return case.events.order_by("-pk").first()


def test_claim_makes_the_actor_the_handler(submitted, handler_culture):
    case = case_claim(actor=handler_culture, case=submitted)
    case.refresh_from_db()
    assert case.handler == handler_culture
    event = last_event(case)
    assert (event.kind, event.actor, event.visible_to_applicant) == (
        EventKind.ASSIGNED,
        handler_culture,
        False,
    )
    assert event.details["how"] == "claim"


def test_claiming_an_own_case_again_changes_nothing(submitted, handler_culture):
    case = case_claim(actor=handler_culture, case=submitted)
    before = snapshot(case)
    case_claim(actor=handler_culture, case=case)
    assert snapshot(case) == before


def test_assign_to_a_colleague_of_the_department(submitted, handler_culture, colleague_culture):
    case = case_assign(actor=handler_culture, case=submitted, handler=colleague_culture)
    case.refresh_from_db()
    assert case.handler == colleague_culture
    assert last_event(case).details == {
        "handler": colleague_culture.pk,
        "handler_name": "Kalle Kollega",
        "how": "assign",
    }


def test_assign_to_someone_outside_the_department_is_refused(
    submitted, handler_culture, handler_education
):
    before = snapshot(submitted)
    with translation.override("en"), pytest.raises(DomainError) as error:
        case_assign(actor=handler_culture, case=submitted, handler=handler_education)
    assert error.value.message == (
        "Olli Opetus is not a member of the department responsible for this application."
    )
    assert snapshot(submitted) == before


def test_request_supplement_messages_the_applicant_and_waits(processing, handler_culture):
    due = tomorrow() + datetime.timedelta(days=13)
    case = case_request_supplement(
        actor=handler_culture, case=processing, message="  Lähettäkää talousarvio.  ", due_date=due
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_SUPPLEMENT
    assert case.supplement_due_date == due
    assert case.unread_for_applicant == 1
    message = case.messages.get()
    assert (message.body, message.from_staff, message.sender) == (
        "Lähettäkää talousarvio.",
        True,
        handler_culture,
    )
    event = last_event(case)
    assert event.kind == EventKind.SUPPLEMENT_REQUESTED
    assert event.visible_to_applicant
    assert event.details == {"message": message.pk, "due_date": due.isoformat()}
    # Exactly one applicant-visible event for the request, not a second one for its message.
    assert case.events.filter(kind=EventKind.MESSAGE_FROM_HANDLER).count() == 0


def test_the_supplement_returns_the_case_to_processing(
    processing, handler_culture, representative, association
):
    case_request_supplement(
        actor=handler_culture, case=processing, message="Lisää tietoja.", due_date=tomorrow()
    )
    case = case_send(
        actor=representative,
        case=Case.objects.get(pk=processing.pk),
        data=valid_answers(association, representative, amount="4200.00"),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROCESSING
    assert case.supplement_due_date is None
    assert case.version_count == 2


@pytest.mark.parametrize(
    ("message", "due_date", "errors"),
    [
        ("", tomorrow(), {"message": ["Write a message."]}),
        ("Lisää.", None, {"due_date": ["Enter the due date."]}),
        ("Lisää.", "ei päivä", {"due_date": ["Enter the due date."]}),
        ("Lisää.", timezone.localdate(), {"due_date": ["The due date must be in the future."]}),
    ],
)
def test_request_supplement_validation(processing, handler_culture, message, due_date, errors):
    before = snapshot(processing)
    with translation.override("en"), pytest.raises(ValidationFailed) as error:
        case_request_supplement(
            actor=handler_culture, case=processing, message=message, due_date=due_date
        )
    assert error.value.errors == errors
    assert snapshot(processing) == before


def test_transfer_moves_the_case_and_tells_the_applicant(
    processing, handler_culture, handler_education, education
):
    case = case_transfer(
        actor=handler_culture, case=processing, department=education, reason="Koulun hanke"
    )
    case.refresh_from_db()
    assert (case.department, case.handler, case.status) == (
        education,
        None,
        CaseStatus.IN_PROCESSING,
    )
    event = last_event(case)
    assert (event.kind, event.reason, event.visible_to_applicant) == (
        EventKind.TRANSFERRED,
        "Koulun hanke",
        True,
    )
    assert event.details["to"]["en"] == education.name_en
    assert event.details["from"]["fi"] == processing.department.name_fi
    assert event in selectors.applicant_event_list(case=case)
    # The old department can no longer act on it; the new one can.
    with pytest.raises(NotFound):
        access_case_for_handler(handler_culture, case.pk)
    assert access_case_for_handler(handler_education, case.pk) == case


@pytest.mark.parametrize(
    ("reason", "same_department", "errors"),
    [
        ("", False, {"reason": ["Give the reason for the transfer."]}),
        ("Syy", True, {"department": ["The application is already in this department."]}),
    ],
)
def test_transfer_validation(
    submitted, handler_culture, education, reason, same_department, errors
):
    before = snapshot(submitted)
    department = submitted.department if same_department else education
    with translation.override("en"), pytest.raises(ValidationFailed) as error:
        case_transfer(actor=handler_culture, case=submitted, department=department, reason=reason)
    assert error.value.errors == errors
    assert snapshot(submitted) == before


def test_applicant_withdraws(submitted, co_representative):
    case = case_withdraw(actor=co_representative, case=submitted)
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN
    assert last_event(case).kind == EventKind.WITHDRAWN
    assert last_event(case).actor == co_representative


def test_a_stranger_cannot_withdraw(submitted, other_resident, handler_culture):
    before = snapshot(submitted)
    for person in (other_resident, handler_culture):
        with pytest.raises(NotFound):
            case_withdraw(actor=person, case=submitted)
    assert snapshot(submitted) == before


@pytest.mark.parametrize(
    ("outcome", "amount", "stored"),
    [
        (DecisionOutcome.APPROVED, "5000.00", Decimal("5000.00")),
        (DecisionOutcome.PARTIALLY_APPROVED, Decimal("1234.5"), Decimal("1234.50")),
        (DecisionOutcome.REJECTED, None, None),
        (DecisionOutcome.REJECTED, "0", None),
    ],
)
def test_decide(processing, handler_culture, outcome, amount, stored):
    case = case_decide(
        actor=handler_culture,
        case=processing,
        outcome=outcome,
        granted_amount=amount,
        reasoning=" Perustelut. ",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    assert case.decision_outcome == outcome
    assert case.granted_amount == stored
    assert case.decision_reasoning == "Perustelut."
    assert case.decided_by == handler_culture
    assert case.decided_at is not None
    event = last_event(case)
    assert (event.kind, event.reason, event.visible_to_applicant) == (
        EventKind.DECIDED,
        "Perustelut.",
        True,
    )
    assert event.details == {
        "outcome": outcome,
        "granted_amount": None if stored is None else str(stored),
    }


@pytest.mark.parametrize(
    ("outcome", "amount", "reasoning", "errors"),
    [
        (
            DecisionOutcome.APPROVED,
            "5000.01",
            "Hyvä.",
            {
                "granted_amount": [
                    "The granted amount cannot exceed the requested amount (5000.00 €)."
                ]
            },
        ),
        (
            DecisionOutcome.APPROVED,
            None,
            "Hyvä.",
            {"granted_amount": ["Enter the granted amount."]},
        ),
        (
            DecisionOutcome.PARTIALLY_APPROVED,
            "0",
            "Hyvä.",
            {"granted_amount": ["The granted amount must be more than zero."]},
        ),
        (
            DecisionOutcome.PARTIALLY_APPROVED,
            "10.005",
            "Hyvä.",
            {"granted_amount": ["Enter the amount with at most two decimals."]},
        ),
        (
            DecisionOutcome.APPROVED,
            "paljon",
            "Hyvä.",
            {"granted_amount": ["Enter the amount in euros, e.g. 1500.00."]},
        ),
        (
            DecisionOutcome.APPROVED,
            "100",
            "  ",
            {"reasoning": ["Write the reasoning for the decision."]},
        ),
        (
            DecisionOutcome.REJECTED,
            "100",
            "",
            {
                "granted_amount": ["A rejection has no granted amount."],
                "reasoning": ["Write the reasoning for the decision."],
            },
        ),
        ("maybe", None, "Hmm.", {"outcome": ["Choose the decision."]}),
    ],
)
def test_decide_validation(processing, handler_culture, outcome, amount, reasoning, errors):
    before = snapshot(processing)
    with translation.override("en"), pytest.raises(ValidationFailed) as error:
        case_decide(
            actor=handler_culture,
            case=processing,
            outcome=outcome,
            granted_amount=amount,
            reasoning=reasoning,
        )
    assert error.value.message == "The decision has errors."
    assert error.value.errors == errors
    assert snapshot(processing) == before


def test_second_handler_deciding_from_the_same_page_gets_a_conflict(
    processing, handler_culture, colleague_culture
):
    seen = processing.lock_version
    case_decide(
        actor=handler_culture,
        case=processing,
        outcome=DecisionOutcome.APPROVED,
        granted_amount="5000",
        reasoning="Hyvä.",
        expected_lock_version=seen,
    )
    before = snapshot(processing)
    with translation.override("en"), pytest.raises(Conflict) as error:
        case_decide(
            actor=colleague_culture,
            case=processing,
            outcome=DecisionOutcome.REJECTED,
            reasoning="Ei.",
            expected_lock_version=seen,
        )
    assert error.value.message == (
        "The application was changed by someone else in the meantime (now “Decided”). "
        "Reload the page and try again."
    )
    assert snapshot(processing) == before
    assert Case.objects.get(pk=processing.pk).decision_outcome == DecisionOutcome.APPROVED


@pytest.mark.parametrize(
    "act",
    [
        lambda case, actor: case_claim(actor=actor, case=case, expected_lock_version=0),
        lambda case, actor: case_transfer(
            actor=actor,
            case=case,
            department=case.service.department,
            reason="x",
            expected_lock_version=0,
        ),
        lambda case, actor: case_request_supplement(
            actor=actor, case=case, message="x", due_date=tomorrow(), expected_lock_version=0
        ),
    ],
    ids=["claim", "transfer", "request_supplement"],
)
def test_stale_lock_version_is_a_conflict(processing, handler_culture, act):
    before = snapshot(processing)
    with pytest.raises(Conflict):
        act(processing, handler_culture)
    assert snapshot(processing) == before


def test_close_after_decision_and_after_withdrawal(
    processing, submitted, handler_culture, representative
):
    case_decide(
        actor=handler_culture,
        case=processing,
        outcome=DecisionOutcome.REJECTED,
        reasoning="Ei määrärahaa.",
    )
    assert case_close(actor=handler_culture, case=processing).status == CaseStatus.CLOSED
    withdrawn = in_status(submitted, CaseStatus.WITHDRAWN)
    assert case_close(actor=handler_culture, case=withdrawn).status == CaseStatus.CLOSED


def test_note_is_stored_with_an_internal_event(submitted, handler_culture):
    note = note_add(actor=handler_culture, case=submitted, body="  Soitin hakijalle. ")
    assert (note.body, note.author) == ("Soitin hakijalle.", handler_culture)
    event = last_event(submitted)
    assert (event.kind, event.visible_to_applicant, event.details) == (
        EventKind.NOTE_ADDED,
        False,
        {"note": note.pk},
    )
    assert list(selectors.note_list(case=submitted)) == [note]


def test_empty_note_is_refused(submitted, handler_culture):
    before = snapshot(submitted)
    with translation.override("en"), pytest.raises(ValidationFailed) as error:
        note_add(actor=handler_culture, case=submitted, body=" ")
    assert error.value.errors == {"body": ["Write the note."]}
    assert snapshot(submitted) == before
