"""Show form data as text, and the differences between two versions field by field."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from asiointi.common.formatting import format_date, format_money
from asiointi.eforms.spec import FieldSpec, FormSpec


def display_value(field: FieldSpec, value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    match field.widget:
        case "money":
            try:
                return format_money(Decimal(value))
            except ArithmeticError:
                return str(value)
        case "date":
            return format_date(value)
        case "daterange":
            if isinstance(value, dict):
                return (
                    f"{format_date(value.get('start', ''))} – {format_date(value.get('end', ''))}"
                )
        case "yesno":
            return {True: _("Yes"), False: _("No")}.get(value, str(value))
        case "choice":
            return dict(field.choices()).get(value, str(value))
        case "multichoice":
            labels = dict(field.choices())
            return ", ".join(labels.get(v, str(v)) for v in value)
        case "group":
            count = len(value)
            return ngettext("%(count)d row", "%(count)d rows", count) % {"count": count}
    return str(value)


@dataclass(frozen=True)
class DisplayRow:
    label: str
    value: str
    columns: list[str] | None = None
    rows: list[list[str]] | None = None


def display_rows(spec: FormSpec, data: dict) -> list[tuple[str, list[DisplayRow]]]:
    """Fieldsets with their fields' labels and formatted values, for a read-only view."""
    result = []
    for legend, fields in spec.fieldsets():
        rows = []
        for field in fields:
            value = data.get(field.name)
            if field.widget == "group":
                columns = field.columns()
                table = [
                    [display_value(c, row.get(c.name)) for c in columns]
                    for row in (value if isinstance(value, list) else [])
                ]
                rows.append(
                    DisplayRow(
                        field.label,
                        display_value(field, value or []),
                        [c.label for c in columns],
                        table,
                    )
                )
            else:
                rows.append(DisplayRow(field.label, display_value(field, value)))
        result.append((legend, rows))
    return result


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def diff(spec: FormSpec, before: dict, after: dict) -> list[Change]:
    """Every changed value, in form order; group rows are compared row by row, cell by cell."""
    changes = []
    for field in spec.fields.values():
        old, new = before.get(field.name), after.get(field.name)
        if old == new:
            continue
        if field.widget != "group":
            changes.append(
                Change(field.label, display_value(field, old), display_value(field, new))
            )
            continue
        old_rows = old if isinstance(old, list) else []
        new_rows = new if isinstance(new, list) else []
        for index in range(max(len(old_rows), len(new_rows))):
            old_row = old_rows[index] if index < len(old_rows) else None
            new_row = new_rows[index] if index < len(new_rows) else None
            if old_row == new_row:
                continue
            for column in field.columns():
                old_cell = old_row.get(column.name) if old_row else None
                new_cell = new_row.get(column.name) if new_row else None
                if old_cell != new_cell:
                    label = _("%(group)s, row %(row)d: %(column)s") % {
                        "group": field.label,
                        "row": index + 1,
                        "column": column.label,
                    }
                    changes.append(
                        Change(
                            label, display_value(column, old_cell), display_value(column, new_cell)
                        )
                    )
    return changes
