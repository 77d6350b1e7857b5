"""Decision-list data: a board's grant call in culture with proposals built through the services."""

import pytest

from asiointi.cases.constants import DecisionOutcome
from asiointi.cases.models import Case
from asiointi.cases.services.decisions import case_propose_decision
from asiointi.cases.services.processing import case_start_processing
from asiointi.catalogue.constants import DecisionMaker
from asiointi.catalogue.models import GrantCall
from asiointi.grants.models import DecisionList, DecisionListEntry, DecisionListEvent
from asiointi.handling.tests.conftest import sent_case


@pytest.fixture
def board_call(general_call) -> GrantCall:
    GrantCall.objects.filter(pk=general_call.pk).update(decision_maker=DecisionMaker.BOARD)
    general_call.refresh_from_db()
    return general_call


def proposed_case(*, person, call, handler, organisation=None, amount="5000.00", granted="3000"):
    case = sent_case(person=person, call=call, organisation=organisation, amount=amount)
    case = case_start_processing(actor=handler, case=case)
    outcome = DecisionOutcome.PARTIALLY_APPROVED if granted else DecisionOutcome.REJECTED
    return case_propose_decision(
        actor=handler,
        case=case,
        outcome=outcome,
        granted_amount=granted or None,
        reasoning=f"Ehdotus {amount}",
    )


@pytest.fixture
def proposals(board_call, representative, association, resident, handler_culture) -> list[Case]:
    return [
        proposed_case(
            person=representative,
            call=board_call,
            handler=handler_culture,
            organisation=association,
            amount="5000.00",
            granted="3000",
        ),
        proposed_case(
            person=resident, call=board_call, handler=handler_culture, amount="800.00", granted=""
        ),
    ]


def list_snapshot() -> dict:
    """Everything a decision-list action could change; compared around refused actions."""
    return {
        "lists": list(DecisionList.objects.order_by("pk").values()),
        "entries": list(DecisionListEntry.objects.order_by("pk").values()),
        "list_events": DecisionListEvent.objects.count(),
        "cases": list(
            Case.objects.order_by("pk").values(
                "pk", "status", "lock_version", "decided_at", "decision_outcome"
            )
        ),
    }
