"""Decisions: an office holder's decision, final at once; a proposal for a board's decision list,
final when the board's list is approved; and what follows every final decision — the timeline
event, the apps' in-transaction hooks (a grant's instalments) and, after commit, the decision
letter and the apps' after-commit hooks (``asiointi/cases/hooks.py``, docs/architecture.md).
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.cases import hooks, workflow
from asiointi.cases.access import require_case_member
from asiointi.cases.constants import GRANTING_OUTCOMES, DecisionOutcome, EventKind
from asiointi.cases.events import record_event
from asiointi.cases.models import Case
from asiointi.cases.services.case_lock import lock_case
from asiointi.catalogue.constants import DecisionMaker
from asiointi.common.errors import TransitionNotAllowed, ValidationFailed
from asiointi.common.queue import enqueue_on_commit


def _clean_decision(
    case: Case, outcome: str, granted_amount, reasoning: str
) -> tuple[str, Decimal | None, str]:
    errors: dict[str, list[str]] = {}
    if outcome not in DecisionOutcome.values:
        errors["outcome"] = [_("Choose the decision.")]
    amount = None
    if granted_amount not in (None, ""):
        try:
            amount = Decimal(str(granted_amount).strip().replace(",", "."))
            if not amount.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            errors["granted_amount"] = [_("Enter the amount in euros, e.g. 1500.00.")]
            amount = None
    if amount is not None and amount.as_tuple().exponent < -2:
        errors["granted_amount"] = [_("Enter the amount with at most two decimals.")]
    elif outcome in GRANTING_OUTCOMES and "granted_amount" not in errors:
        if amount is None:
            errors["granted_amount"] = [_("Enter the granted amount.")]
        elif amount <= 0:
            errors["granted_amount"] = [_("The granted amount must be more than zero.")]
        elif case.requested_amount is not None and amount > case.requested_amount:
            errors["granted_amount"] = [
                _("The granted amount cannot exceed the requested amount (%(amount)s €).")
                % {"amount": case.requested_amount}
            ]
    elif outcome == DecisionOutcome.REJECTED and amount not in (None, Decimal(0)):
        errors["granted_amount"] = [_("A rejection has no granted amount.")]
    reasoning = (reasoning or "").strip()
    if not reasoning:
        errors["reasoning"] = [_("Write the reasoning for the decision.")]
    if errors:
        raise ValidationFailed(_("The decision has errors."), errors)
    if outcome == DecisionOutcome.REJECTED:
        amount = None
    else:
        amount = amount.quantize(Decimal("0.01"))
    return outcome, amount, reasoning


def _call_decision_maker(case: Case) -> str:
    return case.grant_call.decision_maker if case.grant_call_id else DecisionMaker.OFFICE_HOLDER


def _store_decision(case: Case, *, outcome: str, amount, reasoning: str, status: str) -> None:
    case.status = status
    case.decision_outcome = outcome
    case.granted_amount = amount
    case.decision_reasoning = reasoning
    case.lock_version += 1
    case.save(
        update_fields=[
            "status",
            "decision_outcome",
            "granted_amount",
            "decision_reasoning",
            "lock_version",
            "updated_at",
        ]
    )


def _decision_details(case: Case) -> dict:
    amount = case.granted_amount
    return {
        "outcome": case.decision_outcome,
        "granted_amount": None if amount is None else str(amount),
    }


def _make_final(*, actor, case: Case, decided_at: datetime.datetime, details: dict) -> None:
    """Everything that follows a final decision: in the deciding transaction the event the
    applicant sees and the ``decision_made_in_transaction`` hooks (a grant's instalments), and
    once it commits the ``decision_made_after_commit`` hooks (the decision letter)."""
    case.decided_at = decided_at
    case.decided_by = actor
    case.save(update_fields=["decided_at", "decided_by"])
    record_event(
        case=case,
        kind=EventKind.DECIDED,
        actor=actor,
        reason=case.decision_reasoning,
        details={**_decision_details(case), **details},
    )
    for made in hooks.decision_made_in_transaction:
        made(actor=actor, case=case)
    for task in hooks.decision_made_after_commit:
        enqueue_on_commit(task, case.pk)


@transaction.atomic
def case_decide(
    *,
    actor,
    case: Case,
    outcome: str,
    granted_amount: Decimal | str | None = None,
    reasoning: str,
    expected_lock_version: int | None = None,
) -> Case:
    """An office holder approves (fully or partly) or rejects, with reasoning; final at once.
    Two handlers deciding from the same page load: the second carries a stale
    ``expected_lock_version`` and gets a conflict."""
    case = lock_case(case, expected_lock_version)
    require_case_member(actor, case)
    new_status = workflow.next_status("decide", case.status)
    if _call_decision_maker(case) == DecisionMaker.BOARD:
        raise TransitionNotAllowed(
            _("A board decides this grant call: propose the decision for a decision list.")
        )
    outcome, amount, reasoning = _clean_decision(case, outcome, granted_amount, reasoning)
    _store_decision(case, outcome=outcome, amount=amount, reasoning=reasoning, status=new_status)
    _make_final(actor=actor, case=case, decided_at=timezone.now(), details={})
    return case


@transaction.atomic
def case_propose_decision(
    *,
    actor,
    case: Case,
    outcome: str,
    granted_amount: Decimal | str | None = None,
    reasoning: str,
    expected_lock_version: int | None = None,
) -> Case:
    """The handler's proposal for a board's meeting. Internal until the board's list is
    approved (``case_finalise_decision``); the applicant still sees "in processing"."""
    case = lock_case(case, expected_lock_version)
    require_case_member(actor, case)
    new_status = workflow.next_status("propose_decision", case.status)
    if _call_decision_maker(case) != DecisionMaker.BOARD:
        raise TransitionNotAllowed(
            _("An office holder decides this grant call: make the decision instead.")
        )
    outcome, amount, reasoning = _clean_decision(case, outcome, granted_amount, reasoning)
    _store_decision(case, outcome=outcome, amount=amount, reasoning=reasoning, status=new_status)
    record_event(
        case=case,
        kind=EventKind.DECISION_PROPOSED,
        actor=actor,
        reason=reasoning,
        details=_decision_details(case),
    )
    return case


@transaction.atomic
def case_cancel_proposal(
    *, actor, case: Case, reason: str, expected_lock_version: int | None = None
) -> Case:
    """Take a proposal back to processing (e.g. the board sent it back for more preparation)."""
    case = lock_case(case, expected_lock_version)
    require_case_member(actor, case)
    _store_decision(
        case,
        outcome="",
        amount=None,
        reasoning="",
        status=workflow.next_status("cancel_proposal", case.status),
    )
    record_event(
        case=case, kind=EventKind.PROPOSAL_CANCELLED, actor=actor, reason=(reason or "").strip()
    )
    return case


@transaction.atomic
def case_finalise_decision(
    *, actor, case: Case, decided_at: datetime.datetime, details: dict
) -> Case:
    """The board approved the proposal (called by the decision list's approval, inside its
    transaction, for each case on the list). ``details`` names the meeting and its section."""
    case = lock_case(case, None)
    case.status = workflow.next_status("finalise_decision", case.status)
    case.lock_version += 1
    case.save(update_fields=["status", "lock_version", "updated_at"])
    _make_final(actor=actor, case=case, decided_at=decided_at, details=details)
    return case
