"""Turn what a browser posted into form data, keeping everything the person typed.

A value that does not parse (say "abc" in a money field) is kept as the raw text, so saving a
draft never loses input; validation then reports it. Empty fields are left out of the data.
"""

from django.http import QueryDict

from asiointi.eforms import formats
from asiointi.eforms.spec import FieldSpec, FormSpec

ADD_ROW = "_add_row"
REMOVE_ROW = "_remove_row"
MAX_ROWS = 200


def _scalar(field: FieldSpec, raw: str):
    text = raw.strip()
    if text == "":
        return None
    match field.widget:
        case "money":
            return formats.parse_money(text) or text
        case "number":
            parsed = formats.parse_number(text)
            return text if parsed is None else parsed
        case "date":
            return formats.parse_date(text) or text
        case "yesno":
            return {"yes": True, "no": False}.get(text, text)
        case "iban":
            compact = text.replace(" ", "").upper()
            return formats.is_valid_iban(compact) and compact or text
        case "textarea":
            return raw.replace("\r\n", "\n").strip()
        case _:
            return text


def _field_value(field: FieldSpec, post: QueryDict, prefix: str):
    key = prefix + field.name
    if field.widget == "multichoice":
        values = [v for v in post.getlist(key) if v]
        return values or None
    if field.widget == "daterange":
        start = _scalar_date(post.get(key + "__start", ""))
        end = _scalar_date(post.get(key + "__end", ""))
        value = {k: v for k, v in (("start", start), ("end", end)) if v is not None}
        return value or None
    if field.widget == "group":
        return _group_rows(field, post, key)
    return _scalar(field, post.get(key, ""))


def _scalar_date(raw: str):
    text = raw.strip()
    return (formats.parse_date(text) or text) if text else None


def _group_rows(field: FieldSpec, post: QueryDict, key: str):
    try:
        count = min(int(post.get(key + "__rows", "0")), MAX_ROWS)
    except ValueError:
        count = 0
    rows = []
    for index in range(count):
        row = {}
        for column in field.columns():
            value = _field_value(column, post, f"{key}__{index}__")
            if value is not None:
                row[column.name] = value
        if row:
            rows.append(row)
    return rows or None


def data_from_post(spec: FormSpec, post: QueryDict) -> dict:
    data = {}
    for field in spec.fields.values():
        value = _field_value(field, post, "")
        if value is not None:
            data[field.name] = value
    return data


def extra_rows_from_post(spec: FormSpec, post: QueryDict, data: dict) -> dict[str, int]:
    """Rows to show per group: the saved rows, plus one empty row when "add a row" was pressed.

    Also applies "remove row": ``_remove_row=budget:2`` drops the third budget row from ``data``.
    """
    remove = post.get(REMOVE_ROW, "")
    if ":" in remove:
        name, _, index = remove.partition(":")
        rows = data.get(name)
        if isinstance(rows, list) and index.isdigit() and int(index) < len(rows):
            rows.pop(int(index))
            if not rows:
                data.pop(name)
    extra = {}
    add = post.get(ADD_ROW)
    if add in spec.fields and spec.fields[add].widget == "group":
        extra[add] = 1
    return extra
