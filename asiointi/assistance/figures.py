"""The figures a social worker recognises for the calculation aid, as a form on the case page.

The application gives household members, incomes and expenses; the worker may recognise others
(only a reasonable rent, an income found in a bank statement, a member's corrected type). The
form shows one row per figure and two empty rows for additions. A row with an empty amount (for
members: no type) is left out, which is how a row is removed. Parsing keeps every posted value,
so a page with errors shows what the worker typed; the calculator's errors, which count only the
rows used, are mapped back to the rows of the form.
"""

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from asiointi.assistance.application_inputs import Expense, Income, Member
from asiointi.assistance.constants import ExpenseType, IncomeType, MemberType
from asiointi.common.errors import ValidationFailed
from asiointi.common.web import int_or_none
from asiointi.eforms.formats import parse_decimal

BLANK_ROWS = 2
# More rows than any household has; the posted row counts are capped at this.
MAX_ROWS = 40
# Each table: the field holding its row's amount (None: members have none), and its text field.
TABLES = {
    "members": (None, None),
    "incomes": ("amount", "person"),
    "expenses": ("amount", "description"),
}
CHOICES = {"members": MemberType, "incomes": IncomeType, "expenses": ExpenseType}


def _plain_value(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    # Texts as the form posts them back (stripped), so unchanged figures compare equal.
    if value is None:
        return ""
    return value.strip() if isinstance(value, str) else value


def plain_item(item) -> dict:
    """A calculator input as JSON: amounts as strings with two decimals, as everywhere."""
    return {key: _plain_value(value) for key, value in dataclasses.asdict(item).items()}


def plain_inputs(members: list[Member], incomes: list[Income], expenses: list[Expense]) -> dict:
    """The inputs as stored with a saved calculation (``AssistanceCalculation.inputs``)."""
    return {
        "members": [plain_item(member) for member in members],
        "incomes": [plain_item(income) for income in incomes],
        "expenses": [plain_item(expense) for expense in expenses],
    }


def inputs_from_stored(inputs: dict) -> tuple[list[Member], list[Income], list[Expense]]:
    """The calculator's inputs from those stored with a calculation (the inverse of
    ``plain_inputs``). Raises ``TypeError``, ``KeyError`` or ``ArithmeticError`` when the stored
    JSON is not in that shape."""
    return (
        [Member(**item) for item in inputs.get("members", [])],
        [
            Income(**{**item, "amount": Decimal(str(item["amount"]))})
            for item in inputs.get("incomes", [])
        ],
        [
            Expense(**{**item, "amount": Decimal(str(item["amount"]))})
            for item in inputs.get("expenses", [])
        ],
    )


@dataclass
class Figures:
    """Parsed figures, and for each the index of its row in the form."""

    members: list[Member] = field(default_factory=list)
    incomes: list[Income] = field(default_factory=list)
    expenses: list[Expense] = field(default_factory=list)
    rows: dict[str, list[int]] = field(default_factory=lambda: {name: [] for name in TABLES})


@dataclass
class FiguresForm:
    """The rows as shown: each a dict of its values, ``id`` (the prefix of its fields' ids) and
    ``errors`` by field. ``errors`` of the form are by path (``incomes.2.amount``, ``reason``,
    ``members``, ``date``) for the error summary."""

    members: list[dict] = field(default_factory=list)
    incomes: list[dict] = field(default_factory=list)
    expenses: list[dict] = field(default_factory=list)
    reason: str = ""
    message: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)

    member_choices = MemberType.choices
    income_choices = IncomeType.choices
    expense_choices = ExpenseType.choices

    def add_error(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)
        table, _sep, rest = path.partition(".")
        index, _sep, name = rest.partition(".")
        rows = getattr(self, table) if table in TABLES else []
        number = int_or_none(index)
        if name and number is not None and 0 <= number < len(rows):
            rows[number]["errors"].setdefault(name, []).append(message)

    def table_errors(self, table: str) -> list[str]:
        return self.errors.get(table, [])

    @property
    def members_errors(self) -> list[str]:
        return self.table_errors("members")

    @property
    def date_errors(self) -> list[str]:
        return self.table_errors("date")

    @property
    def reason_errors(self) -> list[str]:
        return self.table_errors("reason")

    @property
    def money_tables(self) -> list[tuple]:
        """The incomes' and expenses' tables: name, rows, type choices, caption, text column."""
        return [
            ("incomes", self.incomes, self.income_choices, _("Incomes"), _("Whose income")),
            ("expenses", self.expenses, self.expense_choices, _("Expenses"), _("Description")),
        ]

    @property
    def summary(self) -> list[tuple[str, str, str]]:
        """(the id of the field to go to, label, message) for the error summary (no label: the
        messages name the row themselves)."""
        anchors = {"date": "calculation-date", "reason": "figures-reason"}
        return [
            (anchors.get(path, "figures-" + path.replace(".", "-")), "", message)
            for path, messages in self.errors.items()
            for message in messages
        ]

    def add_failure(self, failed: ValidationFailed, figures: Figures) -> None:
        """The service's errors on the form: ``incomes.1`` of the calculator (the second income
        used) becomes the amount of that income's row; ``members.0`` the first member's type."""
        self.message = failed.message
        for path, messages in failed.errors.items():
            table, _sep, index = path.partition(".")
            rows = figures.rows.get(table)
            number = int_or_none(index)
            if rows is not None and number is not None and 0 <= number < len(rows):
                name = TABLES[table][0] or "type"
                path = f"{table}.{rows[number]}.{name}"
            for message in messages:
                self.add_error(path, message)


def _row(table: str, index: int, values: dict) -> dict:
    row = {
        "id": f"figures-{table}-{index}",
        "number": index + 1,
        "type": values.get("type", ""),
        "errors": {},
    }
    # A posted type the list does not have stays shown (as it was posted) beside its error.
    row["unknown_type"] = bool(row["type"]) and row["type"] not in CHOICES[table].values
    amount_field, text_field = TABLES[table]
    if amount_field:
        row["amount"] = values.get("amount", "")
        row["text_field"] = text_field
        row["text"] = values.get(text_field, "")
    return row


def _shown(item: dict) -> dict:
    """A stored figure as the form shows it: the amount in the user's language (650,00 in
    Finnish), which ``parse_decimal`` reads back as the same amount."""
    amount = item.get("amount")
    if not amount:
        return item
    return {**item, "amount": formats.number_format(Decimal(amount), decimal_pos=2)}


def figures_initial(inputs: dict, *, reason: str = "") -> FiguresForm:
    """The form prefilled from stored inputs (``plain_inputs``), with empty rows for additions."""
    form = FiguresForm(reason=reason)
    for table in TABLES:
        items = [_shown(item) for item in inputs.get(table, [])] + [{}] * BLANK_ROWS
        setattr(form, table, [_row(table, index, item) for index, item in enumerate(items)])
    return form


def _posted_rows(post, table: str) -> list[dict]:
    count = min(max(int_or_none(post.get(f"{table}-rows")) or 0, 0), MAX_ROWS)
    _amount, text_field = TABLES[table]
    rows = []
    for index in range(count):
        prefix = f"{table}-{index}-"
        values = {"type": post.get(prefix + "type", "").strip()}
        if text_field:
            values["amount"] = post.get(prefix + "amount", "").strip()
            values[text_field] = post.get(prefix + text_field, "").strip()
        rows.append(_row(table, index, values))
    return rows


def _type_problem(kind: str, choices) -> str | None:
    if not kind:
        return _("Choose the type from the list.")
    if kind not in choices.values:
        return _("Unknown type “%(type)s”; choose the type from the list.") % {"type": kind}
    return None


def figures_from_post(post) -> tuple[FiguresForm, Figures]:
    """The posted form, with the problems a row has on its own (unknown type, an amount that is
    not a number) as errors; the figures of the rows without problems."""
    form = FiguresForm(reason=post.get("reason", "").strip())
    figures = Figures()
    for table in TABLES:
        setattr(form, table, _posted_rows(post, table))

    for index, row in enumerate(form.members):
        if not row["type"]:
            continue
        problem = _type_problem(row["type"], MemberType)
        if problem:
            form.add_error(f"members.{index}.type", problem)
            continue
        figures.members.append(Member(type=row["type"]))
        figures.rows["members"].append(index)

    for table, choices, make in (
        ("incomes", IncomeType, lambda row, amount: Income(row["type"], amount, row["text"])),
        ("expenses", ExpenseType, lambda row, amount: Expense(row["type"], amount, row["text"])),
    ):
        for index, row in enumerate(getattr(form, table)):
            if not row["amount"]:
                continue
            problem = _type_problem(row["type"], choices)
            if problem:
                form.add_error(f"{table}.{index}.type", problem)
            amount = parse_decimal(row["amount"])
            if amount is None:
                form.add_error(
                    f"{table}.{index}.amount",
                    _("Enter an amount in euros, for example 600,00."),
                )
            if problem or amount is None:
                continue
            getattr(figures, table).append(make(row, amount))
            figures.rows[table].append(index)
    if form.errors:
        form.message = _("Check the recognised figures.")
    return form, figures
