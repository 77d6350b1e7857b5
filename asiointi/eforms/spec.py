"""A form definition read for use: the JSON Schema plus its presentation description.

Presentation format (all texts as ``{"fi": …, "sv": …, "en": …}``)::

    {"title": {...},
     "fieldsets": [{"legend": {...}, "fields": ["name", ...]}],
     "fields": {"name": {"widget": "text", "label": {...}, "help": {...}}, ...},
     "summary": {"title": "project_name", "amount": "requested_amount"}}

Widgets: text, textarea, number, money, date, daterange, choice, multichoice, yesno, email,
phone, iban, ytunnus, group (a repeating group whose ``fields`` describe its columns).
"""

from dataclasses import dataclass

from asiointi.common.i18n import pick

WIDGETS = frozenset(
    {
        "text",
        "textarea",
        "number",
        "money",
        "date",
        "daterange",
        "choice",
        "multichoice",
        "yesno",
        "email",
        "phone",
        "iban",
        "ytunnus",
        "group",
    }
)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    widget: str
    presentation: dict
    schema: dict
    required: bool

    @property
    def label(self) -> str:
        return pick(self.presentation.get("label")) or self.name

    @property
    def help(self) -> str:
        return pick(self.presentation.get("help"))

    def choices(self) -> list[tuple[str, str]]:
        labels = self.presentation.get("choices", {})
        values = self.schema.get("enum") or self.schema.get("items", {}).get("enum", [])
        return [(value, pick(labels.get(value)) or value) for value in values]

    def columns(self) -> list["FieldSpec"]:
        """The columns of a repeating group, in presentation order."""
        item_schema = self.schema.get("items", {})
        required = set(item_schema.get("required", []))
        column_presentation = self.presentation.get("fields", {})
        return [
            FieldSpec(
                name=column,
                widget=column_presentation[column]["widget"],
                presentation=column_presentation[column],
                schema=item_schema.get("properties", {}).get(column, {}),
                required=column in required,
            )
            for column in self.presentation.get("columns", list(column_presentation))
        ]


class FormSpec:
    def __init__(self, schema: dict, presentation: dict):
        self.schema = schema
        self.presentation = presentation
        required = set(schema.get("required", []))
        properties = schema.get("properties", {})
        self.fields: dict[str, FieldSpec] = {}
        for name in self.field_order():
            field_presentation = presentation["fields"][name]
            if field_presentation["widget"] not in WIDGETS:
                raise ValueError(f"Unknown widget {field_presentation['widget']!r} for {name}")
            self.fields[name] = FieldSpec(
                name=name,
                widget=field_presentation["widget"],
                presentation=field_presentation,
                schema=properties.get(name, {}),
                required=name in required,
            )

    @classmethod
    def from_definition(cls, definition) -> "FormSpec":
        return cls(definition.schema, definition.presentation)

    @property
    def title(self) -> str:
        return pick(self.presentation.get("title"))

    def field_order(self) -> list[str]:
        return [name for fieldset in self.presentation["fieldsets"] for name in fieldset["fields"]]

    def fieldsets(self) -> list[tuple[str, list[FieldSpec]]]:
        return [
            (pick(fieldset.get("legend")), [self.fields[name] for name in fieldset["fields"]])
            for fieldset in self.presentation["fieldsets"]
        ]

    def summary_field(self, role: str) -> str | None:
        return self.presentation.get("summary", {}).get(role)
