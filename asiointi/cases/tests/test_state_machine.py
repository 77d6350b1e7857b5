"""The full case lifecycle: every action of the TRANSITIONS table tried from every status.

Either the allowed transition happens (with its timeline event), or TransitionNotAllowed names the
current status and nothing changes.
"""

import pytest
from django.utils import timezone, translation

from asiointi.cases import workflow
from asiointi.cases.constants import CaseStatus, DecisionOutcome, EventKind
from asiointi.cases.models import Case
from asiointi.cases.services.assignment import case_assign, case_claim, case_transfer
from asiointi.cases.services.decisions import (
    case_cancel_proposal,
    case_decide,
    case_finalise_decision,
    case_propose_decision,
)
from asiointi.cases.services.drafts import case_delete_draft, locked_message
from asiointi.cases.services.processing import (
    case_close,
    case_request_supplement,
    case_start_processing,
)
from asiointi.cases.services.sending import case_send, case_withdraw
from asiointi.cases.tests.conftest import in_status, snapshot, tomorrow
from asiointi.catalogue.constants import DecisionMaker
from asiointi.catalogue.models import GrantCall
from asiointi.common.errors import TransitionNotAllowed
from asiointi.testing.fixtures import valid_answers

pytestmark = pytest.mark.django_db

# The applicant's one "send" button: case_send picks submit, new version or supplement by status.
SEND_ACTIONS = {"submit", "send_version", "send_supplement"}
SEND_FROM = frozenset().union(*(workflow.TRANSITIONS[a][0] for a in SEND_ACTIONS))

EVENT_OF = {
    "submit": EventKind.SUBMITTED,
    "send_version": EventKind.NEW_VERSION,
    "send_supplement": EventKind.NEW_VERSION,
    "withdraw": EventKind.WITHDRAWN,
    "delete": None,
    "claim": EventKind.ASSIGNED,
    "assign": EventKind.ASSIGNED,
    "transfer": EventKind.TRANSFERRED,
    "start_processing": EventKind.PROCESSING_STARTED,
    "request_supplement": EventKind.SUPPLEMENT_REQUESTED,
    "decide": EventKind.DECIDED,
    "propose_decision": EventKind.DECISION_PROPOSED,
    "cancel_proposal": EventKind.PROPOSAL_CANCELLED,
    "finalise_decision": EventKind.DECIDED,
    "close": EventKind.CLOSED,
}
# A board decides these on a decision list: tried on a board's grant call. ``decide`` is tried on
# the office holder's call (the default), and refused on a board's call (tested below).
BOARD_ACTIONS = {"propose_decision", "cancel_proposal", "finalise_decision"}


def use_board(case: Case) -> None:
    GrantCall.objects.filter(pk=case.grant_call_id).update(decision_maker=DecisionMaker.BOARD)


def perform(action: str, case: Case, people: dict):
    handler, applicant = people["handler"], people["applicant"]
    if action in BOARD_ACTIONS:
        use_board(case)
    if action in SEND_ACTIONS:
        data = valid_answers(people["association"], applicant, amount="4000.00")
        return case_send(actor=applicant, case=case, data=data)
    calls = {
        "withdraw": lambda: case_withdraw(actor=applicant, case=case),
        "delete": lambda: case_delete_draft(actor=applicant, case=case),
        "claim": lambda: case_claim(actor=handler, case=case),
        "assign": lambda: case_assign(actor=handler, case=case, handler=people["colleague"]),
        "transfer": lambda: case_transfer(
            actor=handler, case=case, department=people["education"], reason="Kuuluu opetukselle"
        ),
        "start_processing": lambda: case_start_processing(actor=handler, case=case),
        "request_supplement": lambda: case_request_supplement(
            actor=handler, case=case, message="Lähettäkää talousarvio.", due_date=tomorrow()
        ),
        "decide": lambda: case_decide(
            actor=handler,
            case=case,
            outcome=DecisionOutcome.APPROVED,
            granted_amount="5000.00",
            reasoning="Täyttää ehdot.",
        ),
        "propose_decision": lambda: case_propose_decision(
            actor=handler,
            case=case,
            outcome=DecisionOutcome.PARTIALLY_APPROVED,
            granted_amount="3000.00",
            reasoning="Ehdotetaan osittain.",
        ),
        "cancel_proposal": lambda: case_cancel_proposal(
            actor=handler, case=case, reason="Lautakunta palautti valmisteluun."
        ),
        "finalise_decision": lambda: case_finalise_decision(
            actor=handler,
            case=case,
            decided_at=timezone.now(),
            details={
                "body": "Kulttuurilautakunta",
                "meeting_date": "2026-03-15",
                "section": "§ 45",
            },
        ),
        "close": lambda: case_close(actor=handler, case=case),
    }
    return calls[action]()


def combinations() -> list:
    params = []
    for action in workflow.TRANSITIONS:
        allowed_from = workflow.TRANSITIONS[action][0]
        for status in CaseStatus.values:
            if action in SEND_ACTIONS and status in SEND_FROM - allowed_from:
                continue  # the same button does a sibling send action here: tested below
            params.append(pytest.param(action, status, id=f"{action}-from-{status}"))
    return params


def test_every_action_has_an_event_mapping():
    assert set(EVENT_OF) == set(workflow.TRANSITIONS)


@pytest.fixture
def people(representative, association, handler_culture, colleague_culture, education):
    return {
        "applicant": representative,
        "association": association,
        "handler": handler_culture,
        "colleague": colleague_culture,
        "education": education,
    }


@pytest.mark.parametrize(("action", "status"), combinations())
def test_action_from_status(action, status, submitted, people):
    case = in_status(submitted, status)
    allowed_from, target = workflow.TRANSITIONS[action]
    events_before = case.events.count()
    if status in allowed_from:
        perform(action, case, people)
        if action == "delete":
            assert not Case.objects.filter(pk=case.pk).exists()
            return
        case.refresh_from_db()
        assert case.status == (status if target is None else target)
        assert case.events.count() == events_before + 1
        assert case.events.order_by("-pk").first().kind == EVENT_OF[action]
        assert case.lock_version == submitted.lock_version + 1
    else:
        before = snapshot(case)
        with translation.override("en"), pytest.raises(TransitionNotAllowed) as error:
            perform(action, case, people)
        with translation.override("en"):
            names_status = str(CaseStatus(status).label) in error.value.message
            # The send button's own wording for a locked form (shown on the form page).
            is_locked_message = error.value.message == locked_message(case)
        assert names_status or (action in SEND_ACTIONS and is_locked_message)
        assert snapshot(case) == before


@pytest.mark.parametrize(
    ("status", "event"),
    [
        (CaseStatus.DRAFT, EventKind.SUBMITTED),
        (CaseStatus.RECEIVED, EventKind.NEW_VERSION),
        (CaseStatus.AWAITING_SUPPLEMENT, EventKind.NEW_VERSION),
    ],
)
def test_send_picks_the_action_by_status(status, event, submitted, people):
    case = in_status(submitted, status)
    perform("send_version", case, people)
    case.refresh_from_db()
    expected = {
        CaseStatus.DRAFT: CaseStatus.RECEIVED,
        CaseStatus.RECEIVED: CaseStatus.RECEIVED,
        CaseStatus.AWAITING_SUPPLEMENT: CaseStatus.IN_PROCESSING,
    }[status]
    assert case.status == expected
    assert case.events.order_by("-pk").first().kind == event


def test_forbidden_transition_message_names_the_status(submitted, handler_culture):
    with translation.override("en"), pytest.raises(TransitionNotAllowed) as error:
        case_close(actor=handler_culture, case=submitted)
    assert error.value.message == "This cannot be done while the application is “Received”."


def test_a_full_lifecycle_from_sending_to_closing(submitted, people):
    handler, applicant = people["handler"], people["applicant"]
    case = case_claim(actor=handler, case=submitted)
    case = case_start_processing(actor=handler, case=case)
    case = case_request_supplement(
        actor=handler, case=case, message="Talousarvio puuttuu.", due_date=tomorrow()
    )
    case = case_send(
        actor=applicant,
        case=case,
        data=valid_answers(people["association"], applicant, amount="4500.00"),
    )
    assert case.status == CaseStatus.IN_PROCESSING
    case = case_decide(
        actor=handler,
        case=case,
        outcome=DecisionOutcome.PARTIALLY_APPROVED,
        granted_amount="3000",
        reasoning="Osittain.",
    )
    case = case_close(actor=handler, case=case)
    assert case.status == CaseStatus.CLOSED
    assert list(case.events.values_list("kind", flat=True)) == [
        EventKind.CREATED,
        EventKind.SUBMITTED,
        EventKind.ASSIGNED,
        EventKind.PROCESSING_STARTED,
        EventKind.SUPPLEMENT_REQUESTED,
        EventKind.NEW_VERSION,
        EventKind.DECIDED,
        EventKind.CLOSED,
    ]
    assert all(event.actor_id for event in case.events.exclude(kind=EventKind.CREATED))


def test_decide_on_a_board_call_is_refused_and_changes_nothing(submitted, people):
    case = case_start_processing(actor=people["handler"], case=submitted)
    use_board(case)
    before = snapshot(case)
    with translation.override("en"), pytest.raises(TransitionNotAllowed) as error:
        perform("decide", case, people)
    assert error.value.message == (
        "A board decides this grant call: propose the decision for a decision list."
    )
    assert snapshot(case) == before


def test_proposing_on_an_office_holders_call_is_refused_and_changes_nothing(submitted, people):
    case = case_start_processing(actor=people["handler"], case=submitted)
    before = snapshot(case)
    with translation.override("en"), pytest.raises(TransitionNotAllowed) as error:
        case_propose_decision(
            actor=people["handler"], case=case, outcome="rejected", reasoning="Ei."
        )
    assert error.value.message == (
        "An office holder decides this grant call: make the decision instead."
    )
    assert snapshot(case) == before


def test_a_board_decision_from_proposal_to_final(submitted, people):
    handler = people["handler"]
    use_board(submitted)
    case = case_start_processing(actor=handler, case=submitted)
    case = case_propose_decision(
        actor=handler,
        case=case,
        outcome=DecisionOutcome.REJECTED,
        reasoning="Ei täytä ehtoja.",
    )
    assert (case.status, case.status_for_applicant) == (
        CaseStatus.DECISION_PROPOSED,
        CaseStatus.IN_PROCESSING,
    )
    case = case_cancel_proposal(actor=handler, case=case, reason="Lisäselvitys.")
    assert (case.status, case.decision_outcome) == (CaseStatus.IN_PROCESSING, "")
    case = case_propose_decision(
        actor=handler,
        case=case,
        outcome=DecisionOutcome.APPROVED,
        granted_amount="5000",
        reasoning="Hyvä.",
    )
    case = case_finalise_decision(
        actor=handler, case=case, decided_at=timezone.now(), details={"section": "§ 3"}
    )
    assert (case.status, case.decision_outcome, str(case.granted_amount)) == (
        CaseStatus.DECIDED,
        DecisionOutcome.APPROVED,
        "5000.00",
    )
    assert list(case.events.values_list("kind", flat=True))[-5:] == [
        EventKind.PROCESSING_STARTED,
        EventKind.DECISION_PROPOSED,
        EventKind.PROPOSAL_CANCELLED,
        EventKind.DECISION_PROPOSED,
        EventKind.DECIDED,
    ]
    assert not case.events.get(kind=EventKind.PROPOSAL_CANCELLED).visible_to_applicant
