"""Instalments: created when a decision becomes final, and the account each is paid to.

The payment requests that release an instalment are in ``requests``; finance's batches in
``batches``.
"""

from decimal import ROUND_DOWN, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import iban as stdnum_iban

from asiointi.cases.constants import GRANTING_OUTCOMES, CaseStatus, EventKind
from asiointi.cases.events import record_event
from asiointi.cases.models import Case
from asiointi.common.errors import TransitionNotAllowed, ValidationFailed
from asiointi.common.locking import lock_for_change
from asiointi.organisation.membership import require_member
from asiointi.payments.constants import PaymentStatus
from asiointi.payments.models import Payment


def split_into_instalments(total: Decimal, count: int) -> list[Decimal]:
    """Equal instalments rounded down to the cent; the last one takes the remainder, so the
    instalments always add up to the granted amount exactly."""
    share = (total / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [share] * (count - 1) + [total - share * (count - 1)]


def _payee(case: Case) -> tuple[str, str]:
    data = case.versions.order_by("-number").values_list("data", flat=True).first() or {}
    name = case.organisation.name if case.organisation_id else case.applicant.get_full_name()
    iban = stdnum_iban.compact(str(data.get("bank_account", "")))
    return name[:140], iban


@transaction.atomic
def payments_create_for_decision(*, actor, case: Case) -> list[Payment]:
    """Called in the transaction that makes a decision final. A positive decision gets its
    instalments; each waits for a payment request when the grant call asks for one.

    A confidential service's decision (social assistance) gets none: the city-wide finance
    staff who pay these instalments must not learn who receives it, so it is paid outside this
    payment list (docs/assistance-confidentiality.md)."""
    if case.status != CaseStatus.DECIDED or case.decision_outcome not in GRANTING_OUTCOMES:
        return []
    if case.service.confidential:
        return []
    call = case.grant_call
    count = call.instalments if call else 1
    first_status = (
        PaymentStatus.AWAITING_REQUEST
        if call and call.payment_request_required
        else PaymentStatus.READY
    )
    name, iban = _payee(case)
    now = timezone.now()
    return Payment.objects.bulk_create(
        Payment(
            case=case,
            number=number,
            amount=amount,
            status=first_status,
            payee_name=name,
            payee_iban=iban,
            created_at=now,
        )
        for number, amount in enumerate(split_into_instalments(case.granted_amount, count), 1)
    )


def clean_iban(raw: str) -> str:
    """The account in its compact form; raises ValidationFailed naming the field."""
    compact = stdnum_iban.compact(raw or "")
    if not compact:
        message = _("Enter the bank account (IBAN).")
        raise ValidationFailed(message, {"bank_account": [message]})
    if not stdnum_iban.is_valid(compact):
        message = _("“%(iban)s” is not a valid IBAN. Check the account number.") % {"iban": raw}
        raise ValidationFailed(message, {"bank_account": [message]})
    return compact


def payment_lock(payment: Payment, expected_lock_version: int | None) -> Payment:
    """The instalment and its case re-read under a row lock (a case action such as a transfer
    waits for it); ``Conflict`` if it changed since the page showed
    ``expected_lock_version``."""
    return lock_for_change(
        Payment.objects.select_related("case"),
        payment.pk,
        expected_lock_version,
        conflict=lambda locked: (
            _(
                "Instalment %(number)s was changed by someone else in the meantime (now "
                "“%(status)s”). Reload the page and try again."
            )
            % {"number": locked.number, "status": locked.get_status_display()}
        ),
        of=("self", "case"),
    )


def payment_require_status(payment: Payment, expected: str, action: str) -> None:
    if payment.status != expected:
        raise TransitionNotAllowed(
            _("%(action)s is not possible while instalment %(number)s is “%(status)s”.")
            % {"action": action, "number": payment.number, "status": payment.get_status_display()}
        )


def require_department_member(actor, case: Case) -> None:
    require_member(actor, case.department_id, not_found=_("Application not found."))


# Instalments whose account a handler may still correct: not yet approved into a batch.
ACCOUNT_CHANGEABLE = frozenset(
    {PaymentStatus.AWAITING_REQUEST, PaymentStatus.REQUESTED, PaymentStatus.READY}
)


@transaction.atomic
def payment_change_account(
    *,
    actor,
    payment: Payment,
    bank_account: str,
    reason: str,
    expected_lock_version: int | None = None,
) -> Payment:
    """A handler of the case's department corrects the account an instalment is paid to (the
    applicant told it in a message, say). The applicant sees the change in the timeline, as a
    safeguard against a wrong or fraudulent account."""
    payment = payment_lock(payment, expected_lock_version)
    require_department_member(actor, payment.case)
    if payment.status not in ACCOUNT_CHANGEABLE:
        raise TransitionNotAllowed(
            _("The account cannot be changed while instalment %(number)s is “%(status)s”.")
            % {"number": payment.number, "status": payment.get_status_display()}
        )
    errors: dict[str, list[str]] = {}
    iban = ""
    try:
        iban = clean_iban(bank_account)
    except ValidationFailed as error:
        errors.update(error.errors)
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Say why the account is changed, e.g. the applicant's message.")]
    if errors:
        raise ValidationFailed(_("The account change has errors."), errors)
    previous = payment.payee_iban
    payment.payee_iban = iban
    payment.lock_version += 1
    payment.save(update_fields=["payee_iban", "lock_version"])
    record_event(
        case=payment.case,
        kind=EventKind.PAYEE_ACCOUNT_CHANGED,
        actor=actor,
        reason=reason,
        details={"instalment": payment.number, "previous": previous, "account": iban},
    )
    return payment
