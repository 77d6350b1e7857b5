"""The official's fee decision (or service-voucher value decision) on a review's proposal.

Never automatic: ``review_decide`` is called only from the official's form on the review page
(docs/fees-handling.md). The proposal is a suggestion; the official may decide another amount,
and then says why. The decision copies the proposal's calculation, so the letter and the folder
show what the decision rested on even if the proposal is recomputed later for another review.
After the commit, a task renders the decision letter (letters.py) and the client gets an email
that only says a decision is in their e-services folder: email is not a secure channel, so it
carries no incomes, no amounts and no names.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from asiointi.cases.letters import person_language
from asiointi.common.errors import Conflict, NotFound, TransitionNotAllowed, ValidationFailed
from asiointi.common.formatting import format_money
from asiointi.common.queue import enqueue_on_commit
from asiointi.fees.constants import CENT, ClientService, DecisionKind, ReviewStatus
from asiointi.fees.models import FeeClient, FeeDecision, FeeProposal, IncomeReview
from asiointi.fees.review_lock import lock_review
from asiointi.organisation.models import Membership

# The review lifecycle's one transition made here: only a proposal can be decided.
DECIDE_FROM = frozenset({ReviewStatus.PROPOSED})
# The largest amount the DecimalField (max_digits=10, 2 decimals) stores.
LARGEST_AMOUNT = Decimal("99999999.99")
REASONING_MAX_LENGTH = 4000


def _invalid(errors: dict[str, str]) -> ValidationFailed:
    return ValidationFailed(
        _("Check the highlighted fields."), {field: [message] for field, message in errors.items()}
    )


def _amount(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() else None


def decision_kind(client: FeeClient) -> str:
    """A service voucher's income check ends in a voucher value decision, never a fee."""
    if client.service == ClientService.SERVICE_VOUCHER:
        return DecisionKind.VOUCHER_VALUE
    return DecisionKind.FEE


def one_year_later(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _validate(
    *, client: FeeClient, proposal: FeeProposal, amount, valid_from, reasoning: str
) -> tuple[Decimal, str]:
    errors: dict[str, str] = {}
    parsed = _amount(amount)
    if amount is None or amount == "":
        errors["amount"] = _("Enter the amount.")
    elif parsed is None:
        errors["amount"] = _("Enter the amount in euros, e.g. 150.00.")
    elif parsed < 0:
        errors["amount"] = _("The amount cannot be negative.")
    elif parsed != parsed.quantize(CENT):
        errors["amount"] = _("Give the amount in whole cents.")
    elif parsed > LARGEST_AMOUNT:
        errors["amount"] = _("The amount is too large.")
    elif (
        decision_kind(client) == DecisionKind.FEE
        and client.monthly_cost is not None
        and parsed > client.monthly_cost
    ):
        # Client Fees Act 734/1992 § 2: a fee never exceeds the cost of producing the service.
        errors["amount"] = _(
            "The fee cannot be more than the cost of the service (%(cost)s a month)."
        ) % {"cost": format_money(client.monthly_cost)}
    if not isinstance(valid_from, datetime.date) or isinstance(valid_from, datetime.datetime):
        errors["valid_from"] = _("Enter the date the decision applies from.")
    reasoning = (reasoning or "").strip()
    if len(reasoning) > REASONING_MAX_LENGTH:
        errors["reasoning"] = _(
            "The text can be at most %(max)d characters long; it is %(length)d."
        ) % {"max": REASONING_MAX_LENGTH, "length": len(reasoning)}
    elif "amount" not in errors and parsed != proposal.amount and not reasoning:
        # Departing from the calculated proposal is allowed, but the letter must say why.
        errors["reasoning"] = _(
            "Explain why the amount differs from the proposal: the reasoning goes into the "
            "decision letter."
        )
    if errors:
        raise _invalid(errors)
    return parsed.quantize(CENT), reasoning


def _require_department_member(actor, client: FeeClient) -> None:
    if not (
        actor is not None
        and actor.is_authenticated
        and Membership.objects.filter(user=actor, department_id=client.department_id).exists()
    ):
        raise NotFound(_("No such income review."))


@transaction.atomic
def review_decide(
    review: IncomeReview,
    *,
    actor,
    amount: Decimal,
    valid_from: datetime.date,
    reasoning: str = "",
) -> FeeDecision:
    """Decide the review's fee (or voucher value); only a member of the client's department.

    The review must be PROPOSED; its row is locked, so of two officials deciding at once the
    second gets ``TransitionNotAllowed`` and nothing of theirs is stored.
    """
    locked = lock_review(review.pk, related=("client", "client__person"))
    client = locked.client
    _require_department_member(actor, client)
    if locked.status not in DECIDE_FROM:
        raise TransitionNotAllowed(
            _(
                "A review that is “%(status)s” cannot be decided; only a proposal ready for the "
                "official can."
            )
            % {"status": ReviewStatus(locked.status).label}
        )
    proposal = FeeProposal.objects.filter(review=locked).first()
    if proposal is None:
        raise Conflict(_("The review has no proposal yet. Compute the proposal first."))
    amount, reasoning = _validate(
        client=client, proposal=proposal, amount=amount, valid_from=valid_from, reasoning=reasoning
    )
    decision = FeeDecision.objects.create(
        review=locked,
        kind=decision_kind(client),
        amount=amount,
        valid_from=valid_from,
        reasoning=reasoning,
        calculation=proposal.calculation,
        decided_by=actor,
        decided_at=timezone.now(),
        language=person_language(client.person),
    )
    locked.status = ReviewStatus.DECIDED
    locked.save(update_fields=["status", "updated_at"])
    client.current_amount = amount
    client.next_review_due = one_year_later(valid_from)
    client.save(update_fields=["current_amount", "next_review_due"])

    from asiointi.fees.tasks import notify_fee_decision, store_fee_letter

    decision_id = decision.pk
    # Queued in the decision's own transaction (one commit); run only once it has committed.
    enqueue_on_commit(store_fee_letter, decision_id)
    enqueue_on_commit(notify_fee_decision, decision_id)
    return decision


def folder_url(decision: FeeDecision) -> str:
    """The client's fee page in the e-services folder (the resident pages' URL names)."""
    with translation.override(decision.language or settings.LANGUAGE_CODE):
        for name, args in (
            ("fees_folder:detail", [decision.review_id]),
            ("fees_folder:index", []),
            ("cases:folder", []),
        ):
            try:
                return settings.SITE_URL + reverse(name, args=args)
            except NoReverseMatch:
                continue
    return settings.SITE_URL + "/asiointikansio/asiakasmaksut/"


def send_decision_email(decision_id: int) -> None:
    """Tell the client a decision is in their folder. No personal data: no amounts, no incomes."""
    decision = (
        FeeDecision.objects.select_related("review__client__person").filter(pk=decision_id).first()
    )
    if decision is None:
        return
    person = decision.review.client.person
    if not person.email:
        return
    with translation.override(decision.language or person_language(person)):
        context = {
            "voucher": decision.kind == DecisionKind.VOUCHER_VALUE,
            "link": folder_url(decision),
        }
        subject = render_to_string("fees/email/decision_subject.txt", context).strip()
        body = render_to_string("fees/email/decision_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
