"""The fee official's forms on the review page. They read what was typed into values (money with
a comma or a dot, dates as d.m.yyyy or from a date picker); the rules live in the services
(consents, records, decisions), whose per-field messages are shown at these fields.

Each form has a prefix (its action, plus the income's id for a correction), so the fields' ids
are unique on the page and an error is shown next to the right field.
"""

import datetime
import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.fi import hetu

from asiointi.eforms.formats import parse_date, parse_decimal
from asiointi.fees.constants import (
    Channel,
    ClientService,
    IncomeChoice,
    IncomeKind,
    IncomeSource,
    Registry,
    Subject,
)

# Staff record a client's choice given by phone, at a desk or on paper; online is the client's own.
STAFF_CHANNELS = [(c.value, c.label) for c in (Channel.PHONE, Channel.DESK, Channel.PAPER)]
# What staff may enter by hand (registries are fetched, never typed in).
STAFF_SOURCES = [
    (s.value, s.label) for s in (IncomeSource.KELA, IncomeSource.DECLARED, IncomeSource.STAFF)
]
DATE_HINT = _("For example 1.12.2026.")


class DateInput(forms.TextInput):
    input_type = "date"


class MoneyField(forms.CharField):
    """Euros typed as 1 234,50 or 1234.50."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def clean(self, value) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        parsed = parse_decimal(text)
        if parsed is None:
            raise forms.ValidationError(_("Enter the amount in euros, e.g. 150,00."))
        return parsed


class DayField(forms.CharField):
    """A date typed as d.m.yyyy or from a date picker."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("widget", DateInput())
        kwargs.setdefault("help_text", DATE_HINT)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.isoformat() if isinstance(value, datetime.date) else value

    def clean(self, value) -> datetime.date | None:
        text = super().clean(value)
        if not text:
            return None
        parsed = parse_date(text)
        if parsed is None:
            raise forms.ValidationError(_("Enter the date as day.month.year, e.g. 1.12.2026."))
        return datetime.date.fromisoformat(parsed)


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ChoiceForm(forms.Form):
    """The client's choice, told to staff by phone, at a desk or on a paper form."""

    choice = forms.ChoiceField(
        label=_("The client's choice"), choices=IncomeChoice.choices, widget=forms.RadioSelect
    )
    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=STAFF_CHANNELS,
        initial=Channel.PHONE,
        widget=forms.RadioSelect,
    )
    registries = forms.MultipleChoiceField(
        label=_("Registries the consent covers"),
        choices=Registry.choices,
        initial=list(Registry.values),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for a consent."),
    )
    valid_until = DayField(
        label=_("Consent valid until"),
        required=False,
        help_text=_("Only for a consent. Empty: a year from the start of the fee period."),
    )

    def clean(self):
        data = super().clean()
        if data.get("choice") == IncomeChoice.CONSENT and not data.get("registries"):
            self.add_error("registries", _("Choose at least one registry for the consent."))
        return data


class WithdrawForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("The client withdrew it by"),
        choices=STAFF_CHANNELS,
        initial=Channel.PHONE,
        widget=forms.RadioSelect,
    )


class IncomeForm(forms.Form):
    """An income entered by hand: a Kela benefit (with Kela's decision attached), a paper
    declaration, or another figure the official has a document for."""

    source = forms.ChoiceField(
        label=_("Source"),
        choices=STAFF_SOURCES,
        initial=IncomeSource.KELA,
        widget=forms.RadioSelect,
    )
    subject = forms.ChoiceField(
        label=_("Whose income"),
        choices=Subject.choices,
        initial=Subject.CLIENT,
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=IncomeKind.choices)
    payer = forms.CharField(label=_("Payer"), required=False, max_length=200)
    gross_monthly = MoneyField(label=_("Gross (€/month)"))
    net_monthly = MoneyField(label=_("Net (€/month)"))
    period_start = DayField(label=_("Period starts"))
    period_end = DayField(label=_("Period ends"))
    file = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Kela's decision on the benefit, or the document the figure comes from."),
    )


class CorrectForm(forms.Form):
    gross_monthly = MoneyField(label=_("Corrected gross (€/month)"))
    net_monthly = MoneyField(label=_("Corrected net (€/month)"))
    reason = forms.CharField(
        label=_("Reason for the correction"), max_length=2000, widget=_textarea(2)
    )


class DecideForm(forms.Form):
    amount = MoneyField(label=_("Monthly fee (€/month)"))
    valid_from = DayField(label=_("Valid from"))
    reasoning = forms.CharField(
        label=_("Reasoning"),
        required=False,
        max_length=4000,
        widget=_textarea(4),
        help_text=_(
            "Goes into the decision letter. Required when the amount differs from the proposal."
        ),
    )

    def __init__(self, *args, service: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if service == ClientService.SERVICE_VOUCHER:
            self.fields["amount"].label = _("Value of the service voucher (€/month)")


# What starts with the six digits of a birth date is taken for a personal identity code.
HETU_LIKE = re.compile(r"^\d{6}")


class QueueFilterForm(forms.Form):
    """The queue's filter bar: a client by name or personal identity code, and the service.

    ``q`` is a name (every word must match a first or last name, any part, any case) unless it
    starts with six digits: then it must be a valid henkilötunnus (python-stdnum's ``fi.hetu``)
    and finds the one client with exactly that code (``cleaned_data["hetu"]``)."""

    q = forms.CharField(
        label=_("Client"),
        required=False,
        max_length=100,
        help_text=_("Name or personal identity code"),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    service = forms.ChoiceField(
        label=_("Service"),
        required=False,
        choices=[("", _("All services")), *ClientService.choices],
    )

    def clean(self):
        data = super().clean()
        text = " ".join((data.get("q") or "").split())
        data["q"], data["hetu"] = text, ""
        if HETU_LIKE.match(text):
            code = text.replace(" ", "").upper()
            if not hetu.is_valid(code, allow_temporary=True):
                self.add_error("q", _("Enter a valid personal identity code."))
                data["q"] = ""
            else:
                data["hetu"] = hetu.compact(code)
        return data

    def search(self) -> dict:
        """What the queue is narrowed by: ``{"hetu": …}``, ``{"name": …}`` or nothing."""
        if not self.is_valid():
            return {}
        if self.cleaned_data["hetu"]:
            return {"hetu": self.cleaned_data["hetu"]}
        if self.cleaned_data["q"]:
            return {"name": self.cleaned_data["q"]}
        return {}
