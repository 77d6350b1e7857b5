"""Bind form data and errors to the field specs, for the server-side HTML form templates."""

from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal

from django.utils import formats

from asiointi.eforms.spec import FieldSpec, FormSpec
from asiointi.eforms.validation import field_id


def _input_text(spec: FieldSpec, value) -> str:
    if value is None:
        return ""
    if spec.widget == "money" and isinstance(value, str):
        try:
            return formats.number_format(Decimal(value), decimal_pos=2)
        except ArithmeticError:
            return value
    if spec.widget == "yesno":
        return {True: "yes", False: "no"}.get(value, str(value))
    return str(value)


@dataclass
class BoundField:
    spec: FieldSpec
    path: str
    value: object
    errors: list[str]
    rows: list[list["BoundField"]] = dc_field(default_factory=list)

    @property
    def id(self) -> str:
        return field_id(self.path)

    @property
    def name(self) -> str:
        return self.path.replace(".", "__")

    @property
    def text(self) -> str:
        return _input_text(self.spec, self.value)

    @property
    def start(self) -> str:
        return str((self.value or {}).get("start", "")) if isinstance(self.value, dict) else ""

    @property
    def end(self) -> str:
        return str((self.value or {}).get("end", "")) if isinstance(self.value, dict) else ""

    @property
    def selected(self) -> list[str]:
        if isinstance(self.value, list):
            return [str(v) for v in self.value]
        return [] if self.value is None else [str(self.value)]

    @property
    def described_by(self) -> str:
        ids = []
        if self.spec.help:
            ids.append(self.id + "-help")
        if self.errors:
            ids.append(self.id + "-error")
        return " ".join(ids)

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def has_row_errors(self) -> bool:
        return any(cell.errors for row in self.rows for cell in row)


@dataclass
class BoundFieldset:
    legend: str
    fields: list[BoundField]


def bind(
    spec: FormSpec,
    data: dict,
    errors: dict[str, list[str]],
    extra_rows: dict[str, int] | None = None,
) -> list[BoundFieldset]:
    extra_rows = extra_rows or {}
    result = []
    for legend, fields in spec.fieldsets():
        bound = []
        for field in fields:
            value = data.get(field.name)
            item = BoundField(field, field.name, value, errors.get(field.name, []))
            if field.widget == "group":
                rows = list(value) if isinstance(value, list) else []
                minimum = field.schema.get("minItems", 1)
                rows += [{}] * max(extra_rows.get(field.name, 0), minimum - len(rows))
                item.rows = [
                    [
                        BoundField(
                            column,
                            f"{field.name}.{index}.{column.name}",
                            row.get(column.name) if isinstance(row, dict) else None,
                            errors.get(f"{field.name}.{index}.{column.name}", []),
                        )
                        for column in field.columns()
                    ]
                    for index, row in enumerate(rows)
                ]
            bound.append(item)
        result.append(BoundFieldset(legend, bound))
    return result


def error_summary(spec: FormSpec, errors: dict[str, list[str]]) -> list[tuple[str, str, str]]:
    """``(anchor id, field label, message)`` for the error summary at the top of the page."""
    summary = []
    for path, messages in errors.items():
        parts = path.split(".")
        field = spec.fields.get(parts[0])
        label = field.label if field else ""
        if field and field.widget == "group" and len(parts) == 3:
            column = next((c for c in field.columns() if c.name == parts[2]), None)
            label = f"{field.label} {int(parts[1]) + 1}: {column.label if column else parts[2]}"
        for message in messages:
            summary.append((field_id(path), label, message))
    return summary
