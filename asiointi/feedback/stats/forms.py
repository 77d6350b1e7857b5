"""The statistics page's GET form: the period (by arrival date) and the grouping."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GROUPING_LABELS = {"department": _("Department"), "service": _("Service")}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class StatsForm(forms.Form):
    start = forms.DateField(label=_("Received from"), widget=DateInput())
    end = forms.DateField(label=_("Received until"), widget=DateInput())
    by = forms.ChoiceField(label=_("Group by"), choices=list(GROUPING_LABELS.items()))

    @classmethod
    def from_query(cls, query) -> "StatsForm":
        """Bound to the query when it chooses anything; otherwise this year by department."""
        today = timezone.localdate()
        defaults = {
            "start": datetime.date(today.year, 1, 1),
            "end": datetime.date(today.year, 12, 31),
            "by": "department",
        }
        if not any(name in query for name in defaults):
            return cls(initial=defaults)
        data = {name: query.get(name, "") for name in defaults}
        data["by"] = data["by"] or "department"
        return cls(data)

    def choice(self) -> tuple[datetime.date, datetime.date, str] | None:
        """The chosen period and grouping, or None when the form has errors to show."""
        if not self.is_bound:
            return self.initial["start"], self.initial["end"], self.initial["by"]
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return data["start"], data["end"], data["by"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period cannot be before its start."))
        return data
