"""The fee (or voucher value) proposal of a review, for an official to decide on — never a
decision by itself.

``review_propose`` determines the income (determination.py), runs the calculator (calculation.py) or
the voucher formula (voucher.py), caps the fee at the cost of the service (Act 734/1992 §2),
flags what needs a person's attention and stores the one proposal of the review in place. It
stores structured data only; ``explanation`` renders it line by line in the reader's language
whenever it is shown (the official's page, the client's letter).

No HTTP here: the registries were queried before (fetching.py); this only reads the database.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from asiointi.common.errors import TransitionNotAllowed, ValidationFailed
from asiointi.fees import calculation, voucher
from asiointi.fees.constants import (
    HUNDRED,
    ClientService,
    IncomeChoice,
    IncomeKind,
    IncomeSource,
    Registry,
    ReviewFlag,
    ReviewStatus,
    Subject,
)
from asiointi.fees.determination import (
    Determination,
    determine_income,
    missing_text,
    note_text,
)
from asiointi.fees.models import FeeProposal, IncomeReview, RegistryQuery
from asiointi.fees.review_lock import lock_review

# Proposal-level codes in ``calculation["missing"]`` besides determination.MISSING_*.
MISSING_HOURS = "no_hours"
MISSING_SETTING = "no_setting"
MISSING_COST = "no_cost"
MISSING_FORMULA = "no_formula"


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else calculation.euros(amount)


def _failed_queries(review: IncomeReview) -> list[dict]:
    """Registries whose latest query for this review (per registry and person) failed: an
    earlier failure that a later fetch fixed does not count."""
    latest: dict[tuple[str, str], RegistryQuery] = {}
    for query in review.queries.order_by("at", "pk"):
        latest[(query.registry, query.subject)] = query
    return [
        {"registry": query.registry, "subject": query.subject, "error": query.error}
        for query in latest.values()
        if not query.ok
    ]


def _change(amount: Decimal | None, current: Decimal | None) -> dict | None:
    if amount is None or current is None:
        return None
    if current == 0:
        percent = None if amount == 0 else HUNDRED * 100  # from zero: any fee is a large change
    else:
        percent = abs(amount - current) / current * HUNDRED
    return {
        "current_amount": _money(current),
        "percent": None
        if percent is None
        else calculation.percent_text(percent.quantize(Decimal("0.1"))),
        "large": percent is not None and percent > settings.FEE_CHANGE_THRESHOLD_PERCENT,
    }


def _fee_request(
    review: IncomeReview, determination: Determination, missing: list[str]
) -> dict | None:
    client = review.client
    date = review.period_start.isoformat()
    if client.service == ClientService.HOME_CARE:
        if client.monthly_hours is None:
            missing.append(MISSING_HOURS)
            return None
        return {
            "service": ClientService.HOME_CARE.value,
            "date": date,
            "family_size": str(determination.family_size),
            "hours": str(client.monthly_hours),
            "gross_income": _money(determination.family_total),
        }
    if not client.setting:
        missing.append(MISSING_SETTING)
        return None
    request = {
        "service": ClientService.LONG_TERM_CARE.value,
        "setting": client.setting,
        "date": date,
        "net_income": _money(determination.client_total),
    }
    if determination.has_spouse:
        request["spouse_net_income"] = _money(determination.spouse_total)
    return request


def _calculate(review: IncomeReview, data: dict, flags: set, determination) -> Decimal | None:
    """Fill ``data`` with the calculation of a consent or declaration review; return the amount
    before the cost cap."""
    client = review.client
    if client.service == ClientService.SERVICE_VOUCHER:
        try:
            result = voucher.voucher_value(
                date=review.period_start,
                family_size=determination.family_size,
                gross_income=determination.family_total,
            )
        except ValidationFailed as error:
            data["missing"].append(MISSING_FORMULA)
            data["errors"] = error.errors
            return None
        data["result"] = result.as_dict()
        if not result.verified:
            flags.add(ReviewFlag.UNVERIFIED_RULE)
        return result.value

    request = _fee_request(review, determination, data["missing"])
    if request is None:
        return None
    data["request"] = request
    try:
        result = calculation.calculate(calculation.clean_fee_request(**request))
    except ValidationFailed as error:
        # No rule for the date, a minimum amount not known…: the official has to look.
        data["errors"] = error.errors
        return None
    stored = result.as_dict()
    stored.pop("explanation")  # rendered again in the reader's language
    data["result"] = stored
    if not result.verified:
        flags.add(ReviewFlag.UNVERIFIED_RULE)
    return result.monthly_fee


def _highest(review: IncomeReview, data: dict) -> Decimal | None:
    client = review.client
    if client.service == ClientService.SERVICE_VOUCHER:
        # Without an income check the voucher has its smallest value.
        formula = voucher.formula_on(review.period_start)
        if formula is None:
            data["missing"].append(MISSING_FORMULA)
            return None
        data["highest_fee"] = {
            "minimum_value": _money(formula.minimum_value),
            "verified": formula.verified,
        }
        return formula.minimum_value
    if client.monthly_cost is None:
        data["missing"].append(MISSING_COST)
        return None
    data["highest_fee"] = {"monthly_cost": _money(client.monthly_cost)}
    return client.monthly_cost


def review_propose(review: IncomeReview, *, run=None) -> FeeProposal:
    """Compute and store the review's proposal (created or replaced in place), its flags and
    ``needs_manual``; the review becomes PROPOSED. A decided review is refused."""
    with transaction.atomic():
        locked = lock_review(review.pk)
        if locked.status == ReviewStatus.DECIDED:
            raise TransitionNotAllowed(
                _("The review has been decided; it cannot be proposed again.")
            )
        client = locked.client
        flags: set[str] = set()
        data: dict = {
            "service": client.service,
            "choice": locked.choice,
            "date": locked.period_start.isoformat(),
            "basis": None,
            "lines": [],
            "totals": None,
            "missing": [],
            "registry_errors": [],
        }
        amount = income_total = None
        if not locked.choice:
            flags.add(ReviewFlag.NO_CHOICE)
        elif locked.choice == IncomeChoice.HIGHEST_FEE:
            amount = _highest(locked, data)
            if data.get("highest_fee", {}).get("verified") is False:
                flags.add(ReviewFlag.UNVERIFIED_RULE)
        else:
            determination = determine_income(locked)
            data["basis"] = determination.basis
            data["lines"] = [line.as_json() for line in determination.lines]
            data["totals"] = {
                "client": _money(determination.client_total),
                "spouse": _money(determination.spouse_total),
                "family": _money(determination.family_total),
                "family_size": determination.family_size,
                "has_spouse": determination.has_spouse,
            }
            data["missing"] += determination.missing
            if locked.choice == IncomeChoice.DECLARED:
                flags.add(ReviewFlag.DECLARED)
            data["registry_errors"] = _failed_queries(locked)
            if data["registry_errors"]:
                flags.add(ReviewFlag.REGISTRY_ERROR)
            income_total = (
                determination.client_total
                if client.service == ClientService.LONG_TERM_CARE
                else determination.family_total
            )
            amount = _calculate(locked, data, flags, determination)
            if amount is not None and client.monthly_cost is not None:
                # Act 734/1992 §2: never more than the cost; a voucher never above the price.
                applied = amount > client.monthly_cost
                data["cost_cap"] = {
                    "monthly_cost": _money(client.monthly_cost),
                    "calculated": _money(amount),
                    "applied": applied,
                }
                if applied:
                    amount = client.monthly_cost
        if data["missing"] or data.get("errors"):
            flags.add(ReviewFlag.MISSING_DATA)
        data["amount"] = _money(amount)
        data["change"] = _change(amount, client.current_amount)
        if data["change"] and data["change"]["large"]:
            flags.add(ReviewFlag.LARGE_CHANGE)

        ordered_flags = [flag.value for flag in ReviewFlag if flag in flags]
        proposal, _created = FeeProposal.objects.update_or_create(
            review=locked,
            defaults={
                "amount": amount,
                "income_total": income_total,
                "calculation": data,
                "flags": ordered_flags,
            },
        )
        locked.status = ReviewStatus.PROPOSED
        locked.flags = ordered_flags
        locked.needs_manual = bool(ordered_flags)
        fields = ["status", "flags", "needs_manual", "updated_at"]
        if run is not None:
            locked.run = run
            fields.append("run")
        locked.save(update_fields=fields)
    review.status, review.flags, review.needs_manual = (
        locked.status,
        locked.flags,
        locked.needs_manual,
    )
    return proposal


# --- the explanation, rendered when shown ------------------------------------------------------


def _date(value: str) -> str:
    return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")


def _eur(value: str) -> str:
    return calculation.money_text(Decimal(value))


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def proposal_missing_text(code: str) -> str:
    texts = {
        MISSING_HOURS: _("The client's monthly service hours are not recorded."),
        MISSING_SETTING: _("The client's care setting is not recorded."),
        MISSING_COST: _("The cost of the service is not recorded."),
        MISSING_FORMULA: _("No service voucher formula is recorded for the date."),
    }
    return texts.get(code) or missing_text(code)


def income_line_text(line: dict) -> str:
    """One income record of the determination in words, with its source and period."""
    text = _(
        "%(subject)s: %(kind)s, %(source)s%(payer)s, %(start)s–%(end)s: %(amount)s € — %(note)s"
    ) % {
        "subject": _label(Subject, line["subject"]),
        "kind": _label(IncomeKind, line["kind"]).lower(),
        "source": _label(IncomeSource, line["source"]),
        "payer": f" ({line['payer']})" if line.get("payer") else "",
        "start": _date(line["period_start"]),
        "end": _date(line["period_end"]),
        "amount": _eur(line["amount"]),
        "note": note_text(line["reason"]),
    }
    if line.get("original_amount"):
        text += " " + _("Corrected by staff from %(original)s €: %(reason)s") % {
            "original": _eur(line["original_amount"]),
            "reason": line.get("correction_reason", ""),
        }
    return text


def explanation_from_calculation(data: dict, *, with_income_lines: bool = True) -> list[str]:
    """The stored calculation (a proposal's or a decision's copy) in the current language, as
    the official's worksheet: with registry failures, missing data, notes on unconfirmed figures,
    the proposed amount and the change from the current one. ``with_income_lines=False`` leaves
    out the income records, for pages that show them as a table of their own. A client's letter
    uses ``basis_lines``, ``calculation_steps`` and ``cost_cap_lines`` instead (fees/letters.py)."""
    if not data:
        return []
    lines = basis_lines(data, with_income_lines=with_income_lines)
    for failure in data.get("registry_errors", []):
        lines.append(
            _("%(registry)s could not be queried (%(subject)s): %(error)s")
            % {
                "registry": _label(Registry, failure["registry"]),
                "subject": _label(Subject, failure["subject"]).lower(),
                "error": failure["error"],
            }
        )
    lines += [proposal_missing_text(code) for code in data.get("missing", [])]
    lines += _result_lines(data)
    for messages in (data.get("errors") or {}).values():
        lines += messages
    lines += cost_cap_lines(data)
    if data.get("amount") is not None:
        lines.append(_("Proposed amount: %(amount)s € a month.") % {"amount": _eur(data["amount"])})
    else:
        lines.append(_("No amount can be proposed; the official decides."))
    change = data.get("change")
    if change and change["percent"] is not None:
        lines.append(
            _("Current amount %(current)s € a month; change %(percent)s %%.")
            % {"current": _eur(change["current_amount"]), "percent": change["percent"]}
        )
    return lines


def basis_lines(data: dict, *, with_income_lines: bool = True) -> list[str]:
    """How the incomes were checked and the totals counted: for the official and the client."""
    lines: list[str] = []
    choice = data.get("choice")
    if not choice:
        lines.append(_("The client has not chosen how their incomes are checked."))
    elif choice == IncomeChoice.HIGHEST_FEE:
        highest = data.get("highest_fee") or {}
        if "minimum_value" in highest:
            lines.append(
                _(
                    "The client accepted the highest fee without an income check: the service "
                    "voucher has its minimum value %(value)s €."
                )
                % {"value": _eur(highest["minimum_value"])}
            )
        elif "monthly_cost" in highest:
            lines.append(
                _(
                    "The client accepted the highest fee without an income check: the fee is "
                    "the cost of the service, %(cost)s €."
                )
                % {"cost": _eur(highest["monthly_cost"])}
            )
    else:
        lines.append(
            _("Incomes declared by the client.")
            if choice == IncomeChoice.DECLARED
            else _("Incomes fetched from the registries with the client's consent.")
        )
        if with_income_lines:
            lines += [income_line_text(line) for line in data.get("lines", [])]
        totals = data.get("totals") or {}
        if data.get("basis") == "net" and totals:
            lines.append(
                _("Client's net income counted: %(amount)s € a month.")
                % {"amount": _eur(totals["client"])}
            )
            if totals.get("has_spouse"):
                lines.append(
                    _("Spouse's net income counted: %(amount)s € a month.")
                    % {"amount": _eur(totals["spouse"])}
                )
        elif totals:
            lines.append(
                _("Family's gross income counted (%(size)s persons): %(amount)s € a month.")
                % {"size": totals["family_size"], "amount": _eur(totals["family"])}
            )
    return lines


def cost_cap_lines(data: dict) -> list[str]:
    """The cap at the cost of the service (or the provider's price), when it applied."""
    cap = data.get("cost_cap")
    if not (cap and cap["applied"]):
        return []
    if data.get("service") == ClientService.SERVICE_VOUCHER:
        text = _("The voucher's value cannot exceed the provider's price, %(cost)s €.")
    else:
        text = _("The fee cannot exceed the cost of the service, %(cost)s €.")
    return [text % {"cost": _eur(cap["monthly_cost"])}]


def calculation_steps(data: dict) -> list[str]:
    """The calculator's steps without the official's notes, as a client's letter shows them;
    none when the rules of the date have changed since (the letter then shows the amount only)."""
    result = data.get("result")
    if not result:
        return []
    if result.get("service") == "service-voucher":
        return voucher.explanation_lines(result, with_notes=False)
    again = _calculated_again(data)
    return again.steps if again is not None else []


def _calculated_again(data: dict) -> calculation.FeeResult | None:
    """The calculator's own words, in the reader's language: the rules are data with effective
    dates, so the same request gives the same lines; None if an administrator has since changed
    a figure for that date and the lines would no longer add up."""
    try:
        again = calculation.calculate(calculation.clean_fee_request(**data["request"]))
    except ValidationFailed:
        return None
    if calculation.euros(again.monthly_fee) != data["result"]["monthly_fee"]:
        return None
    return again


def _result_lines(data: dict) -> list[str]:
    result = data.get("result")
    if not result:
        return []
    if result.get("service") == "service-voucher":
        return voucher.explanation_lines(result)
    again = _calculated_again(data)
    if again is None:
        return [
            _(
                "The fee rules for this date have changed since the proposal (calculated fee "
                "%(fee)s €); calculate the proposal again."
            )
            % {"fee": _eur(result["monthly_fee"])}
        ]
    return again.explanation


def explanation(proposal: FeeProposal) -> list[str]:
    return explanation_from_calculation(proposal.calculation)


def review_fetch_and_propose(review: IncomeReview, *, actor=None) -> FeeProposal:
    """Fetch the consented incomes now and compute the proposal from them: the official's
    "Fetch incomes" and the background task after an online consent. The registries are called
    outside any transaction; ``ConsentMissing`` and registry errors reach the caller."""
    from asiointi.fees import fetching

    return review_propose(fetching.review_fetch_incomes(review, actor=actor))
