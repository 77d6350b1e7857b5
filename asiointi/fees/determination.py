"""Income determination: which of a review's income records count, and the monthly totals the
fee is calculated from (docs/fees.md, “Income determination”; Client Fees Act 734/1992,
Decree 912/1992).

- Continuous home care (and the service-voucher income check) uses the family's **gross**
  income: the client's and the spouse's together.
- Long-term 24-hour care uses **net** income: the client's own, and the spouse's separately for
  the spouse rule (the calculator compares them).
- Counted: taxable earned, capital and forest income, taxable benefits, tax-free recurring
  income, the pensioner's care allowance. Not counted: child benefit, housing allowance, study
  grant, and for home care the disability allowance — in long-term care disability and care
  allowances ARE counted.
- Deducted: maintenance paid, costs of acquiring income, the guardian's fee.
- Holiday pay: the reference does not verify its treatment, so there is no rule for it here;
  staff record it (or not) as ordinary earned income and say why in a correction.

The figures used are the corrected ones; every line keeps the original, the source, the payer and
the period, and says why it was counted or not. ``reason`` codes (not texts) are what proposals
store, so the explanation is rendered in the reader's language (``note_text``).
"""

import datetime
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from asiointi.fees.constants import (
    ClientService,
    IncomeChoice,
    IncomeKind,
    Subject,
)
from asiointi.fees.models import IncomeReview

GROSS, NET = "gross", "net"

# Kinds that are never income under the fee rules (docs/fees.md, “Income determination”).
NEVER_COUNTED = {
    IncomeKind.HOUSING_ALLOWANCE,
    IncomeKind.CHILD_BENEFIT,
    IncomeKind.STUDY_GRANT,
}
DEDUCTIONS = {
    IncomeKind.MAINTENANCE_PAID,
    IncomeKind.INCOME_COSTS,
    IncomeKind.GUARDIANS_FEE,
}

# Reason codes → the note shown with a line (translated when shown).
COUNTED = "counted"
COUNTED_CARE_ALLOWANCE = "counted_care_allowance"
COUNTED_ALLOWANCE_LONG_TERM = "counted_allowance_long_term"
NOT_COUNTED = "not_counted"
NOT_COUNTED_DISABILITY_HOME_CARE = "not_counted_disability_home_care"
DEDUCTED = "deducted"

# Codes of ``Determination.missing``.
MISSING_INCOMES = "no_incomes"
MISSING_SPOUSE_INCOMES = "no_spouse_incomes"


def note_text(reason: str) -> str:
    texts = {
        COUNTED: _("Counted: continuous or recurring income."),
        COUNTED_CARE_ALLOWANCE: _("Counted: the pensioner's care allowance counts for home care."),
        COUNTED_ALLOWANCE_LONG_TERM: _(
            "Counted: in long-term 24-hour care disability and care allowances are income."
        ),
        NOT_COUNTED: _("Not counted: this benefit is not income under the client fee rules."),
        NOT_COUNTED_DISABILITY_HOME_CARE: _(
            "Not counted: the disability allowance is not income for home care."
        ),
        DEDUCTED: _("Deducted from the income."),
    }
    return texts.get(reason, reason)


def missing_text(code: str) -> str:
    texts = {
        MISSING_INCOMES: _("No incomes have been recorded for the client."),
        MISSING_SPOUSE_INCOMES: _(
            "The client has a spouse in the household, but no incomes of the spouse are recorded."
        ),
    }
    return texts.get(code, code)


@dataclass
class IncomeLine:
    record_id: int
    subject: str
    source: str
    kind: str
    payer: str
    period_start: datetime.date
    period_end: datetime.date
    # The figure used (gross or net by the basis; corrected if staff corrected it).
    amount: Decimal
    counted: bool
    deducted: bool
    # Why counted or not, in the current language; ``reason`` is the stored code.
    note: str
    reason: str = ""
    # The figure as fetched or first entered, when a correction changed it.
    original_amount: Decimal | None = None
    correction_reason: str = ""

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("note")
        data["amount"] = f"{self.amount:.2f}"
        data["period_start"] = self.period_start.isoformat()
        data["period_end"] = self.period_end.isoformat()
        if self.original_amount is not None:
            data["original_amount"] = f"{self.original_amount:.2f}"
        return data


@dataclass
class Determination:
    basis: str
    lines: list[IncomeLine]
    client_total: Decimal
    spouse_total: Decimal
    family_total: Decimal
    family_size: int
    # Codes (MISSING_*); ``missing_texts()`` for people.
    missing: list[str] = field(default_factory=list)
    has_spouse: bool = False

    def missing_texts(self) -> list[str]:
        return [missing_text(code) for code in self.missing]


def basis_for(service: str) -> str:
    return NET if service == ClientService.LONG_TERM_CARE else GROSS


def classify(kind: str, service: str) -> tuple[bool, bool, str]:
    """(counted, deducted, reason) of one kind of income for the service."""
    if kind in DEDUCTIONS:
        return False, True, DEDUCTED
    if kind in NEVER_COUNTED:
        return False, False, NOT_COUNTED
    long_term = service == ClientService.LONG_TERM_CARE
    if kind == IncomeKind.DISABILITY_ALLOWANCE:
        if long_term:
            return True, False, COUNTED_ALLOWANCE_LONG_TERM
        return False, False, NOT_COUNTED_DISABILITY_HOME_CARE
    if kind == IncomeKind.PENSIONERS_CARE_ALLOWANCE:
        return True, False, COUNTED_ALLOWANCE_LONG_TERM if long_term else COUNTED_CARE_ALLOWANCE
    return True, False, COUNTED


def spouse_in_household(review: IncomeReview) -> bool:
    """From the Population Information System (or entered by staff): ``household["spouse"]``."""
    household = review.household or {}
    return bool(household.get("spouse"))


def default_family_size(review: IncomeReview, *, has_spouse: bool) -> int:
    """The review's family size from the population data; otherwise the client and a known
    spouse (Decree 912/1992 §2: spouses and their minor children in the household)."""
    if review.family_size:
        return review.family_size
    return 1 + (1 if has_spouse else 0)


def determine_income(review: IncomeReview) -> Determination:
    service = review.client.service
    basis = basis_for(service)
    records = review.incomes.prefetch_related("corrections").order_by(
        "subject", "kind", "source", "pk"
    )
    lines: list[IncomeLine] = []
    sums = {Subject.CLIENT: Decimal(0), Subject.SPOUSE: Decimal(0)}
    subjects_seen = set()
    for record in records:
        subjects_seen.add(record.subject)
        amount = record.net_monthly if basis == NET else record.gross_monthly
        original = record.original_net_monthly if basis == NET else record.original_gross_monthly
        corrections = list(record.corrections.all())
        counted, deducted, reason = classify(record.kind, service)
        if counted:
            sums[record.subject] += amount
        elif deducted:
            sums[record.subject] -= amount
        lines.append(
            IncomeLine(
                record_id=record.pk,
                subject=record.subject,
                source=record.source,
                kind=record.kind,
                payer=record.payer,
                period_start=record.period_start,
                period_end=record.period_end,
                amount=amount,
                counted=counted,
                deducted=deducted,
                note=note_text(reason),
                reason=reason,
                original_amount=original if corrections and original != amount else None,
                correction_reason=corrections[-1].reason if corrections else "",
            )
        )

    has_spouse = spouse_in_household(review) or Subject.SPOUSE in subjects_seen
    missing = []
    if review.choice in (IncomeChoice.CONSENT, IncomeChoice.DECLARED):
        if Subject.CLIENT not in subjects_seen:
            missing.append(MISSING_INCOMES)
        if spouse_in_household(review) and Subject.SPOUSE not in subjects_seen:
            missing.append(MISSING_SPOUSE_INCOMES)

    # A deduction larger than the incomes leaves nothing, never a negative income.
    client_total = max(Decimal(0), sums[Subject.CLIENT])
    spouse_total = max(Decimal(0), sums[Subject.SPOUSE])
    family_total = max(Decimal(0), sums[Subject.CLIENT] + sums[Subject.SPOUSE])
    return Determination(
        basis=basis,
        lines=lines,
        client_total=client_total,
        spouse_total=spouse_total,
        family_total=family_total,
        family_size=default_family_size(review, has_spouse=has_spouse),
        missing=missing,
        has_spouse=has_spouse,
    )
