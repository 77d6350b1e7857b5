"""The queue's filter form: GET parameters are checked here, at the boundary.

A field that does not parse is reported and left out of the filtering; the valid ones still apply.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from asiointi.cases.constants import CaseStatus

SORTS = {
    # parameter: (label, order_by field, descending)
    "received": (_("Received, oldest first"), "submitted_at", False),
    "-received": (_("Received, newest first"), "submitted_at", True),
    "amount": (_("Amount, smallest first"), "requested_amount", False),
    "-amount": (_("Amount, largest first"), "requested_amount", True),
    "record": (_("Record number, ascending"), "record_number", False),
    "-record": (_("Record number, descending"), "record_number", True),
}
DEFAULT_SORT = "received"
# What only grant applications have: a grant call, a requested amount, a board's decision
# proposal. A department that handles no grants (social assistance) is not offered them.
GRANT_FIELDS = ("grant_call", "amount_min", "amount_max")
GRANT_SORTS = ("amount", "-amount")
GRANT_STATUSES = (CaseStatus.DECISION_PROPOSED,)
# The filters inside the collapsible panel (the search and the sort are outside it): how many
# are in use is shown on the panel's summary.
PANEL_FIELDS = (
    "team",
    "service",
    "grant_call",
    "status",
    "received_from",
    "received_to",
    "amount_min",
    "amount_max",
)
# The team filter's value for "every team of the department" (no value means the default: the
# user's own team).
ALL_TEAMS = "all"
FILTER_FIELDS = (
    "service",
    "grant_call",
    "status",
    "received_from",
    "received_to",
    "amount_min",
    "amount_max",
    "q",
)


class QueueFilterForm(forms.Form):
    team = forms.ChoiceField(label=_("Team"), required=False)
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Record number, applicant name or business ID"),
    )
    service = forms.TypedChoiceField(label=_("Service"), required=False, coerce=int)
    grant_call = forms.TypedChoiceField(label=_("Grant call"), required=False, coerce=int)
    status = forms.ChoiceField(label=_("Status"), required=False)
    received_from = forms.DateField(
        label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    amount_min = forms.DecimalField(
        label=_("Amount at least (€)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
    )
    amount_max = forms.DecimalField(
        label=_("Amount at most (€)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, data, *, services, grant_calls, teams=(), own_team=None, grants=True):
        teams = list(teams)
        self.grants = grants
        # Without a choice the team is the default (the user's own team), not a filter in use.
        self.team_defaulted = bool(teams) and not data.get("team")
        if teams and not data.get("team"):
            # Without a choice, a team member sees their own team's queue.
            data = data.copy()
            data["team"] = str(own_team.pk) if own_team else ALL_TEAMS
        super().__init__(data)
        empty = [("", _("All"))]
        if teams:
            self.teams = {str(team.pk): team for team in teams}
            self.fields["team"].choices = [(ALL_TEAMS, _("All teams"))] + [
                (str(team.pk), team.name) for team in teams
            ]
        else:
            # A department without teams has no team filter.
            self.teams = {}
            del self.fields["team"]
        self.fields["service"].choices = empty + [(s.pk, s.name) for s in services]
        hidden_statuses = {CaseStatus.DRAFT}
        if grants:
            self.fields["grant_call"].choices = empty + [
                (c.pk, f"{c.service.name}: {c.title}") for c in grant_calls
            ]
        else:
            for name in GRANT_FIELDS:
                del self.fields[name]
            hidden_statuses.update(GRANT_STATUSES)
            self.fields["q"].help_text = _("Record number or applicant name")
        self.fields["status"].choices = empty + [
            (value, label) for value, label in CaseStatus.choices if value not in hidden_statuses
        ]
        self.fields["sort"].choices = [
            (key, label)
            for key, (label, _f, _d) in SORTS.items()
            if grants or key not in GRANT_SORTS
        ]

    def valid_filters(self) -> dict:
        """The fields that parsed, without empty ones: what the list is filtered by."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            name: cleaned[name] for name in FILTER_FIELDS if cleaned.get(name) not in (None, "")
        }

    def panel_in_use(self) -> int:
        """How many of the panel's filters have a value (the team only when not the default)."""
        return sum(
            1
            for name in PANEL_FIELDS
            if name in self.fields
            and self.data.get(name) not in (None, "")
            and not (name == "team" and self.team_defaulted)
        )

    def valid_team(self):
        """The chosen team, or None for every team (and in departments without teams)."""
        self.is_valid()
        return self.teams.get(getattr(self, "cleaned_data", {}).get("team") or "")

    def valid_sort(self) -> str:
        self.is_valid()
        return self.cleaned_data.get("sort") or DEFAULT_SORT
