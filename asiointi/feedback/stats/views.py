"""The feedback statistics page in the handlers' area (``feedback_stats:overview``).

Any staff member with a department membership sees the city-wide figures: they hold no personal
data. The late list links to the handler page only for feedback the viewer's department handles
(central triage: the feedback not routed yet).
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from asiointi.common.spreadsheets import csv_download, xlsx_download
from asiointi.common.web import int_or_none
from asiointi.feedback.stats import selectors as stats
from asiointi.feedback.stats.forms import GROUPING_LABELS, StatsForm
from asiointi.handling.access import staff_member_required
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Membership
from asiointi.reports.charts import BAR_HEIGHT, BAR_MAX, Bar, Chart, Group

LATE_PAGE_SIZE = 50
FORMATS = ("csv", "xlsx")
CHART_WIDTH = 720
BAR_X = 180  # room for the series labels (the template draws the bars from here)
# Series colours with at least 3:1 contrast against white (as in reports.charts).
FIRST_COLOUR = "#1f4e79"
SECOND_COLOUR = "#1b5e20"


@staff_member_required
def overview(request):
    form = StatsForm.from_query(request.GET)
    choice = form.choice()
    context = {"form": form, "figures": None}
    if choice is None:
        return render(request, "feedback/stats/overview.html", context)
    start, end, by = choice
    file_format = request.GET.get("format")
    if file_format is not None:
        if file_format not in FORMATS:
            raise Http404
        return _download(request, start, end, by, file_format)
    figures = stats.feedback_statistics(start=start, end=end, by=by)
    page = max(int_or_none(request.GET.get("page")) or 1, 1)
    late, late_total = stats.late_answers(
        start=start, end=end, offset=(page - 1) * LATE_PAGE_SIZE, limit=LATE_PAGE_SIZE
    )
    context |= {
        "figures": figures,
        "grouping_label": GROUPING_LABELS[by],
        "rows": [_display(row) for row in figures.groups],
        "total": _display(figures.total),
        "count_chart": _chart(figures.groups, "received", "answered", _count_text),
        "time_chart": _chart(figures.groups, "reaction_median", "answer_median", _hours_text),
        "late": [(row, _handler_link(request, row)) for row in late],
        "late_total": late_total,
        "page": page,
        "has_previous": page > 1,
        "has_next": page * LATE_PAGE_SIZE < late_total,
        "query": {"start": start.isoformat(), "end": end.isoformat(), "by": by},
    }
    return render(request, "feedback/stats/overview.html", context)


def _display(row: stats.GroupFigures) -> dict:
    return {
        "row": row,
        "times": [
            stats.duration_text(value)
            for value in (
                row.reaction.median,
                row.reaction.mean,
                row.reaction.p90,
                row.answer.median,
                row.answer.mean,
                row.answer.p90,
            )
        ],
    }


def _viewer_handles(request, row: stats.LateAnswer) -> bool:
    if row.department_id is None:
        if not hasattr(request, "_is_triage"):
            request._is_triage = Membership.objects.filter(
                user=request.user, role=StaffRole.TRIAGE
            ).exists()
        return request._is_triage
    return any(department.pk == row.department_id for department in request.handler_departments)


def _handler_link(request, row: stats.LateAnswer) -> str | None:
    if not _viewer_handles(request, row):
        return None
    try:
        return reverse("feedback_handling:detail", args=[row.feedback_id])
    except NoReverseMatch:  # the handler pages' URL name; the same path
        return f"/kasittely/palaute/{row.feedback_id}/"


# Charts: two bars per group, scaled to the largest value shown; the table beside each is its
# accessible equivalent.


def _count_text(value) -> str:
    return formats.number_format(value or 0)


def _hours_text(value) -> str:
    return stats.duration_text(value)


def _value(row: stats.GroupFigures, name: str):
    if name.endswith("_median"):
        return getattr(row, name.removesuffix("_median")).median
    return getattr(row, name)


def _chart(rows, first: str, second: str, text) -> Chart:
    labels = {
        "received": _("Received"),
        "answered": _("Answered"),
        "reaction_median": _("Reaction time, median"),
        "answer_median": _("Answer time, median"),
    }
    largest = max((_value(row, key) or 0 for row in rows for key in (first, second)), default=0)
    groups, y = [], 8
    for row in rows:
        name_y = y + 14
        y += 20
        bars = []
        for key, colour in ((first, FIRST_COLOUR), (second, SECOND_COLOUR)):
            value = _value(row, key) or 0
            width = int(BAR_MAX * value / largest) if largest else 0
            bars.append(
                Bar(
                    label=labels[key],
                    colour=colour,
                    y=y,
                    width=width,
                    value_text=text(_value(row, key)),
                    text_x=BAR_X + width + 6,
                    text_y=y + BAR_HEIGHT - 3,
                )
            )
            y += BAR_HEIGHT + 4
        groups.append(Group(name=row.name, name_y=name_y, bars=bars))
        y += 14
    return Chart(width=CHART_WIDTH, height=max(y, 40), groups=groups)


# Downloads: the group table or the whole late list, as CSV or XLSX.


def _download(request, start, end, by: str, file_format: str):
    table = request.GET.get("table", "groups")
    if table == "late":
        header, rows = _late_table(start, end)
    elif table == "groups":
        header, rows = _group_table(stats.feedback_statistics(start=start, end=end, by=by))
    else:
        raise Http404
    name = f"feedback-{table}-{start.isoformat()}-{end.isoformat()}"
    if table == "groups":
        name += f"-{by}"
    if file_format == "csv":
        return csv_download(header, rows, filename=f"{name}.csv")
    return xlsx_download(header, rows, filename=f"{name}.xlsx", sheet_title=table)


def _group_table(figures: stats.Statistics) -> tuple[list, list]:
    header = [
        _("Code"),
        str(GROUPING_LABELS[figures.by]),
        _("Received"),
        _("Answered"),
        _("Reaction time, median (h)"),
        _("Reaction time, mean (h)"),
        _("Reaction time, 90th percentile (h)"),
        _("Answer time, median (h)"),
        _("Answer time, mean (h)"),
        _("Answer time, 90th percentile (h)"),
        _("Reply promised and due"),
        _("Answered within the promise"),
        _("Answered within the promise (%)"),
    ]
    rows = [
        [
            row.key if row is not figures.total else "",
            row.name,
            row.received,
            row.answered,
            row.reaction.median,
            row.reaction.mean,
            row.reaction.p90,
            row.answer.median,
            row.answer.mean,
            row.answer.p90,
            row.promise_due,
            row.within_promise,
            row.within_promise_percent,
        ]
        for row in [*figures.groups, figures.total]
    ]
    return header, rows


def _late_table(start, end) -> tuple[list, list]:
    late, _total = stats.late_answers(start=start, end=end)
    header = [
        _("Feedback number"),
        _("Service"),
        _("Department"),
        _("Received"),
        _("Answered"),
        _("Days late"),
    ]
    rows = [
        [
            row.number,
            row.service,
            row.department,
            timezone.localtime(row.received_at).date(),
            timezone.localtime(row.answered_at).date() if row.answered_at else _("not answered"),
            row.days_late,
        ]
        for row in late
    ]
    return header, rows
