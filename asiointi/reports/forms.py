"""The report page's selectors (GET): a value that does not parse falls back to the default."""

from django import forms
from django.utils.translation import gettext_lazy as _

GROUPING_LABELS = {
    "department": _("Department"),
    "service": _("Service"),
    "applicant": _("Applicant"),
}

HDS_SELECT = {"class": "hds-text-input__input"}


class ReportForm(forms.Form):
    # Rendered by hand in HDS's select markup (reports/grants.html): a missing or unknown value
    # falls back to the default instead of showing an error.
    year = forms.TypedChoiceField(
        label=_("Year the application was sent"), coerce=int, widget=forms.Select(attrs=HDS_SELECT)
    )
    by = forms.ChoiceField(
        label=_("Group by"),
        choices=list(GROUPING_LABELS.items()),
        widget=forms.Select(attrs=HDS_SELECT),
    )

    def __init__(self, data, *, years: list[int]):
        super().__init__(data)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.default_year = years[0]

    def choice(self) -> tuple[int, str]:
        """The chosen year and grouping; defaults for anything missing or not understood."""
        self.is_valid()
        year = self.cleaned_data.get("year") or self.default_year
        by = self.cleaned_data.get("by") or "department"
        return year, by
