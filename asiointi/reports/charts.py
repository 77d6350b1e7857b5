"""Server-rendered horizontal bar charts (inline SVG) for the report tables.

The chart is a picture of the table beside it: it is one ``role="img"`` with a title and a
description, and the table is its accessible equivalent. Every bar carries its value as text, so
nothing is told by colour alone; the colours have at least 3:1 contrast against white (WCAG
1.4.11) and the text at least 4.5:1.
"""

import dataclasses
from decimal import Decimal

from django.utils.translation import gettext as _

from asiointi.common.formatting import format_money

WIDTH = 720
LABEL_X = 8
SERIES_X = 8
BAR_X = 120
BAR_MAX = 380
BAR_HEIGHT = 14
BAR_GAP = 4
GROUP_TITLE = 20
GROUP_GAP = 14
TOP = 8

# Series: (attribute, label, colour). Contrast against white: 8.6:1, 7.1:1, 8.1:1.
SERIES = (
    ("applied", "Applied for", "#1f4e79"),
    ("granted", "Granted", "#1b5e20"),
    ("paid", "Paid", "#6a1b9a"),
)


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    colour: str
    y: int
    width: int
    value_text: str
    text_x: int
    text_y: int


@dataclasses.dataclass(frozen=True)
class Group:
    name: str
    name_y: int
    bars: list[Bar]


@dataclasses.dataclass(frozen=True)
class Chart:
    width: int
    height: int
    groups: list[Group]


def _label(key: str) -> str:
    return {"applied": _("Applied for"), "granted": _("Granted"), "paid": _("Paid")}[key]


def grant_chart(rows) -> Chart:
    """Bars for applied, granted and paid per row, scaled to the largest amount shown."""
    largest = max(
        (getattr(row, key) for row in rows for key, _unused, _colour in SERIES),
        default=Decimal(0),
    )
    groups = []
    y = TOP
    for row in rows:
        name_y = y + 14
        y += GROUP_TITLE
        bars = []
        for key, _unused, colour in SERIES:
            amount = getattr(row, key)
            width = int(BAR_MAX * amount / largest) if largest else 0
            bars.append(
                Bar(
                    label=_label(key),
                    colour=colour,
                    y=y,
                    width=width,
                    value_text=format_money(amount),
                    text_x=BAR_X + width + 6,
                    text_y=y + BAR_HEIGHT - 3,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        groups.append(Group(name=row.name, name_y=name_y, bars=bars))
        y += GROUP_GAP
    return Chart(width=WIDTH, height=max(y, 40), groups=groups)
