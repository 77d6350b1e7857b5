"""The social assistance calculation aid: the basic amounts of the household's members plus the
recognised expenses minus the counted incomes, at least zero (Act 1412/1997 §§7–11).

Plain functions over the rule rows valid on the date (rules.py), Decimal throughout, rounded to
cents with halves up. ``calculate`` proposes; the social worker decides. The command
``asiointi assistance calculate`` and the worker's case page both use it.

Lines' amounts are never negative; their kind says what they do to the result: ``basic`` and
``expense`` lines add, ``income`` and ``gift`` lines subtract, an ``exemption`` line is the part
of an earner's wage left out of the counted incomes (it reduces an ``income`` line), and
``total`` is the proposed monthly assistance.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from asiointi.assistance import rules
from asiointi.assistance.application_inputs import (
    Expense,
    Income,
    Member,
    inputs_from_application,
)
from asiointi.assistance.constants import (
    CHILD_TYPES,
    LAST_CHILD_ORDER,
    ExpenseType,
    IncomeType,
    MemberType,
)
from asiointi.common.errors import ValidationFailed
from asiointi.common.formatting import format_date, format_money

__all__ = [
    "Calculation",
    "Expense",
    "Income",
    "Line",
    "Member",
    "calculate",
    "check_input",
    "euros",
    "inputs_from_application",
]

CENT = Decimal("0.01")
ZERO = Decimal(0)
# A monthly amount of a million euros or more is a typing error, and keeps Decimal in range.
MAX_AMOUNT = Decimal(1_000_000)
HEADS_OF_HOUSEHOLD = {MemberType.ALONE, MemberType.SINGLE_PARENT}


@dataclass(frozen=True)
class Line:
    kind: str  # "basic" | "expense" | "income" | "exemption" | "gift" | "total"
    label: str
    amount: Decimal
    note: str = ""

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "amount": euros(self.amount),
            "note": self.note,
        }


@dataclass(frozen=True)
class Calculation:
    on: datetime.date
    basic_amount: Decimal
    recognised_expenses: Decimal
    counted_incomes: Decimal
    monthly_assistance: Decimal
    lines: list[Line]
    # A rule row used here is not yet confirmed by an administrator (e.g. the derived 2025 table).
    unverified: bool
    # Written in the language active when ``calculate`` ran.
    explanation_lines: tuple[str, ...] = ()

    def explanation(self) -> list[str]:
        return list(self.explanation_lines)

    def as_json(self) -> dict:
        return {
            "date": self.on.isoformat(),
            "monthly_assistance": euros(self.monthly_assistance),
            "basic_amount": euros(self.basic_amount),
            "recognised_expenses": euros(self.recognised_expenses),
            "counted_incomes": euros(self.counted_incomes),
            "unverified": self.unverified,
            "explanation": self.explanation(),
            "lines": [line.as_json() for line in self.lines],
        }


def cents(amount: Decimal) -> Decimal:
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def euros(amount: Decimal) -> str:
    """The JSON form of an amount: "177.71"."""
    return f"{cents(amount):.2f}"


def percent_text(rate: Decimal) -> str:
    """0.20 → "20", 0.125 → "12,5" in Finnish."""
    percent = (rate * 100).normalize()
    places = max(0, -percent.as_tuple().exponent)
    return number_format(percent, decimal_pos=places)


def signed_money(amount: Decimal) -> str:
    """A negative amount with a real minus sign before the currency: "−€1,762.29"."""
    return "−" + format_money(-amount) if amount < 0 else format_money(amount)


# --- input ------------------------------------------------------------------------------------


def _amount_problem(value) -> tuple[Decimal | None, str | None]:
    if isinstance(value, bool):
        return None, _("Enter an amount in euros, such as 1450.50.")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return None, _("Enter an amount in euros, such as 1450.50.")
    if not amount.is_finite():
        return None, _("Enter an amount in euros, such as 1450.50.")
    if amount < 0:
        return None, _("An amount cannot be negative.")
    if amount >= MAX_AMOUNT:
        return None, _("Enter a monthly amount below one million euros.")
    if amount != amount.quantize(CENT):
        return None, _("Enter euros with at most two decimals.")
    return amount, None


def _choices_text(choices) -> str:
    return ", ".join(choices.values)


def check_input(
    members: list[Member], incomes: list[Income], expenses: list[Expense]
) -> tuple[list[Income], list[Expense]]:
    """Every problem of the input at once, by field path (raises ``ValidationFailed``); the
    incomes and expenses back with their amounts as Decimals. The rules are not consulted."""
    errors: dict[str, list[str]] = {}
    if not members:
        errors["members"] = [_("Enter at least one household member.")]
    for index, member in enumerate(members):
        if member.type not in MemberType.values:
            errors[f"members.{index}"] = [
                _("Unknown member type %(type)s; choose one of: %(choices)s.")
                % {"type": member.type, "choices": _choices_text(MemberType)}
            ]
    types = [member.type for member in members]
    heads = [kind for kind in types if kind in HEADS_OF_HOUSEHOLD]
    problems = []
    if len(heads) > 1:
        problems.append(_("A household has at most one member living alone or as a single parent."))
    elif MemberType.ALONE in heads and len(types) > 1:
        problems.append(_("A person living alone must be the household's only member."))
    elif MemberType.SINGLE_PARENT in heads:
        if not any(kind in CHILD_TYPES for kind in types):
            problems.append(_("A single parent's household needs at least one child."))
        if MemberType.ADULT in types:
            problems.append(
                _(
                    "A single parent cannot be combined with another adult of the household; "
                    "give both adults as adult."
                )
            )
    if problems:
        errors.setdefault("members", []).extend(problems)

    checked_incomes = []
    for index, income in enumerate(incomes):
        if income.type not in IncomeType.values:
            errors[f"incomes.{index}"] = [
                _("Unknown income type %(type)s; choose one of: %(choices)s.")
                % {"type": income.type, "choices": _choices_text(IncomeType)}
            ]
            continue
        amount, problem = _amount_problem(income.amount)
        if problem:
            errors[f"incomes.{index}"] = [problem]
        else:
            checked_incomes.append(Income(type=income.type, amount=amount, person=income.person))
    checked_expenses = []
    for index, expense in enumerate(expenses):
        if expense.type not in ExpenseType.values:
            errors[f"expenses.{index}"] = [
                _("Unknown expense type %(type)s; choose one of: %(choices)s.")
                % {"type": expense.type, "choices": _choices_text(ExpenseType)}
            ]
            continue
        amount, problem = _amount_problem(expense.amount)
        if problem:
            errors[f"expenses.{index}"] = [problem]
        else:
            checked_expenses.append(
                Expense(type=expense.type, amount=amount, description=expense.description)
            )
    if errors:
        raise ValidationFailed(_("Check the calculation's input."), errors)
    return checked_incomes, checked_expenses


# --- calculation ------------------------------------------------------------------------------


def _order_text(order: int) -> str:
    if order == 1:
        return _("1st child")
    if order == 2:
        return _("2nd child")
    return _("3rd or later child")


class _Calculator:
    """One calculation's running totals, lines and explanation."""

    def __init__(self, on: datetime.date):
        self.on = on
        self.lines: list[Line] = []
        self.text: list[str] = []
        self.unverified = False

    def use(self, row) -> None:
        self.unverified = self.unverified or not row.verified

    def basic_amounts(self, members: list[Member]) -> Decimal:
        table = rules.basic_amounts_on(self.on)
        total, children = ZERO, 0
        for member in members:
            label = str(MemberType(member.type).label)
            order, note = 0, ""
            if member.type in CHILD_TYPES:
                children += 1
                order = min(children, LAST_CHILD_ORDER)
                note = _order_text(order)
            row = table.get((member.type, order))
            if row is None:
                raise rules.no_rule(self.on)
            self.use(row)
            total += row.amount
            self.lines.append(Line("basic", label, row.amount, note))
            if note:
                self.text.append(
                    _("Basic amount, %(member)s (%(order)s): %(amount)s")
                    % {"member": label, "order": note, "amount": format_money(row.amount)}
                )
            else:
                self.text.append(
                    _("Basic amount, %(member)s: %(amount)s")
                    % {"member": label, "amount": format_money(row.amount)}
                )
        self.text.append(_("Basic amounts in total: %(amount)s") % {"amount": format_money(total)})
        return total

    def expenses(self, expenses: list[Expense]) -> Decimal:
        total = ZERO
        for expense in expenses:
            label = str(ExpenseType(expense.type).label)
            total += expense.amount
            self.lines.append(Line("expense", label, expense.amount, expense.description))
            values = {
                "type": label,
                "description": expense.description,
                "amount": format_money(expense.amount),
            }
            if expense.description:
                self.text.append(_("Expense, %(type)s (%(description)s): %(amount)s") % values)
            else:
                self.text.append(_("Expense, %(type)s: %(amount)s") % values)
        self.text.append(
            _(
                "Recognised expenses in total: %(amount)s (as given; the social worker judges "
                "whether each is reasonable)"
            )
            % {"amount": format_money(total)}
        )
        return total

    def incomes(self, incomes: list[Income], household_size: int) -> Decimal:
        total = ZERO
        wages = [income for income in incomes if income.type == IncomeType.WAGE]
        exemption = rules.exemption_on(self.on) if wages else None
        if exemption is not None:
            self.use(exemption)
        gifts = []
        for income in incomes:
            if income.type == IncomeType.GIFT:
                gifts.append(income)
                continue
            label = str(IncomeType(income.type).label)
            total += income.amount
            self.lines.append(Line("income", label, income.amount, income.person))
            values = {"type": label, "person": income.person, "amount": format_money(income.amount)}
            if income.person:
                self.text.append(_("Income, %(type)s (%(person)s): %(amount)s") % values)
            else:
                self.text.append(_("Income, %(type)s: %(amount)s") % values)
            if income.type == IncomeType.WAGE:
                total -= self.exemption(exemption, income)
        if wages and not exemption.rate:
            self.text.append(_("The earned-income exemption does not apply on this date."))
        if gifts:
            total += self.gifts(gifts, household_size)
        self.text.append(
            _("Counted incomes in total: %(amount)s") % {"amount": format_money(total)}
        )
        return total

    def exemption(self, rule, wage: Income) -> Decimal:
        """The part of one earner's wage left out: ``rate`` of it, at most ``monthly_cap``."""
        amount = cents(min(rule.rate * wage.amount, rule.monthly_cap))
        if amount <= 0:
            return ZERO
        self.lines.append(Line("exemption", _("Earned-income exemption"), amount, wage.person))
        values = {
            "person": wage.person,
            "percent": percent_text(rule.rate),
            "wage": format_money(wage.amount),
            "cap": format_money(rule.monthly_cap),
            "amount": format_money(amount),
        }
        if wage.person:
            text = _(
                "Earned-income exemption (%(person)s): %(percent)s %% of %(wage)s, "
                "at most %(cap)s: −%(amount)s"
            )
        else:
            text = _(
                "Earned-income exemption: %(percent)s %% of %(wage)s, at most %(cap)s: −%(amount)s"
            )
        self.text.append(text % values)
        return amount

    def gifts(self, gifts: list[Income], household_size: int) -> Decimal:
        rule = rules.gift_allowance_on(self.on)
        self.use(rule)
        allowance = rule.single if household_size == 1 else rule.family
        given = sum((gift.amount for gift in gifts), ZERO)
        counted = max(given - allowance, ZERO)
        values = {
            "given": format_money(given),
            "allowance": format_money(allowance),
            "amount": format_money(counted),
        }
        note = _("%(given)s given, %(allowance)s disregarded") % values
        self.lines.append(Line("gift", str(IncomeType.GIFT.label), counted, note))
        self.text.append(
            _(
                "Small gifts %(given)s, of which up to %(allowance)s a month is disregarded: "
                "%(amount)s counts as income"
            )
            % values
        )
        return counted


def calculate(
    *,
    on: datetime.date,
    members: list[Member],
    incomes: list[Income],
    expenses: list[Expense],
) -> Calculation:
    """Propose the monthly assistance of a household on the date.

    Children get the basic amount of their order among the children as given (1st, 2nd, 3rd or
    later; both child types share one sequence). Raises ``ValidationFailed`` (message and errors
    by field path: ``date``, ``members``, ``members.0``, ``incomes.1``, ``expenses.2``) on bad
    input or when no rule covers the date.
    """
    incomes, expenses = check_input(members, incomes, expenses)
    calculator = _Calculator(on)
    calculator.text.append(
        _("Social assistance for %(date)s, per month:") % {"date": format_date(on)}
    )
    basic = calculator.basic_amounts(members)
    recognised = calculator.expenses(expenses)
    counted = calculator.incomes(incomes, household_size=len(members))
    difference = basic + recognised - counted
    calculator.text.append(
        _("%(basic)s + %(expenses)s − %(incomes)s = %(result)s")
        % {
            "basic": format_money(basic),
            "expenses": format_money(recognised),
            "incomes": format_money(counted),
            "result": signed_money(difference),
        }
    )
    if difference < 0:
        calculator.text.append(_("The incomes cover the needs: no assistance is proposed."))
    monthly = cents(max(difference, ZERO))
    calculator.lines.append(Line("total", _("Proposed assistance"), monthly, ""))
    calculator.text.append(
        _("Proposed assistance: %(amount)s a month. The social worker decides.")
        % {"amount": format_money(monthly)}
    )
    if calculator.unverified:
        calculator.text.append(
            _(
                "Note: a figure used here is not yet confirmed by an administrator; "
                "check it before deciding."
            )
        )
    return Calculation(
        on=on,
        basic_amount=cents(basic),
        recognised_expenses=cents(recognised),
        counted_incomes=cents(counted),
        monthly_assistance=monthly,
        lines=calculator.lines,
        unverified=calculator.unverified,
        explanation_lines=tuple(calculator.text),
    )
