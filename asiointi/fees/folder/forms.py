"""The client's forms on the fee review page: the choice, and a declared income.

The forms only read what was typed into values (numbers with a comma or a dot, dates as d.m.yyyy
or from a date picker); the rules — which choice is allowed now, how long a consent may last,
whether a period makes sense, whether a file is acceptable — are in ``consents`` and ``records``,
so that the staff pages refuse the same input with the same words. Their per-field messages are
attached to these fields with ``add_service_errors``.
"""

import datetime

from django import forms
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from asiointi.common.forms import ResidentFormMixin, labelled_error_summary
from asiointi.eforms.formats import parse_date, parse_decimal
from asiointi.fees.constants import IncomeChoice, IncomeKind, Registry, Subject

DATE_HINT = _("For example 1.12.2027.")


def _date_or_error(form: forms.Form, name: str) -> datetime.date | None:
    raw = form.cleaned_data.get(name, "")
    if not raw.strip():
        return None
    parsed = parse_date(raw)
    if parsed is None:
        form.add_error(name, _("Enter the date as day.month.year, for example 1.12.2027."))
        return None
    return datetime.date.fromisoformat(parsed)


_DATE = {"type": "date", "class": "short"}
_AMOUNT = {"inputmode": "decimal", "class": "short"}


class ServiceErrorsMixin(ResidentFormMixin):
    """Labels from ``FIELD_LABELS``; the services' messages beside the fields."""

    # Keys of ``ValidationFailed.errors`` → the field they are shown at; other keys go to the
    # summary at the top of the page.
    error_fields: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.label = FIELD_LABELS[name]

    def add_service_errors(self, errors: dict[str, list[str]], fallback: str) -> list[str]:
        """Attach the service's messages to the fields; return those that belong to no field.
        A key without messages (``check_upload`` uses one) gets ``fallback``, the summary's
        message, so that the field is still marked."""
        unplaced = []
        for key, messages in errors.items():
            field = self.error_fields.get(key, key if key in self.fields else None)
            for message in messages or [fallback]:
                if field:
                    self.add_error(field, message)
                else:
                    unplaced.append(message)
        return unplaced


class ChoiceForm(ServiceErrorsMixin, forms.Form):
    choice = forms.CharField(required=False)
    registries = forms.MultipleChoiceField(choices=Registry.choices, required=False)
    valid_until = forms.CharField(
        required=False, max_length=40, strip=False, widget=forms.TextInput(_DATE)
    )

    error_fields = {"choice": "choice", "registries": "registries", "valid_until": "valid_until"}

    def set_default_valid_until(self, date: datetime.date) -> None:
        """The hint of the validity: how long the consent lasts unless the client says."""
        self.fields["valid_until"].help_text = gettext(
            "Unless you change it, the consent is valid until %(date)s."
        ) % {"date": formats.date_format(date, "SHORT_DATE_FORMAT")}

    def clean(self):
        data = super().clean()
        choice = data.get("choice", "")
        if choice not in IncomeChoice.values:
            self.add_error("choice", _("Choose how your incomes are checked."))
        elif choice == IncomeChoice.CONSENT:
            if not data.get("registries"):
                self.add_error(
                    "registries",
                    _("Choose at least one authority, or choose to declare your incomes yourself."),
                )
            data["valid_until_date"] = _date_or_error(self, "valid_until")
        return data

    def choice_arguments(self) -> dict:
        """Keyword arguments for ``consents.review_record_choice``: registries and validity only
        for a consent (the other choices have none)."""
        data = self.cleaned_data
        if data["choice"] != IncomeChoice.CONSENT:
            return {"choice": data["choice"]}
        return {
            "choice": data["choice"],
            "registries": list(data["registries"]),
            "valid_until": data.get("valid_until_date"),
        }


class IncomeForm(ServiceErrorsMixin, forms.Form):
    subject = forms.ChoiceField(choices=Subject.choices, required=False)
    kind = forms.CharField(required=False)
    gross_monthly = forms.CharField(
        required=False,
        max_length=40,
        strip=False,
        widget=forms.TextInput(_AMOUNT),
        help_text=_("Before taxes, in euros, for example 1450,50."),
    )
    net_monthly = forms.CharField(
        required=False,
        max_length=40,
        strip=False,
        widget=forms.TextInput(_AMOUNT),
        help_text=_("What is paid to you after taxes."),
    )
    period_start = forms.CharField(
        required=False,
        max_length=40,
        strip=False,
        widget=forms.TextInput(_DATE),
        help_text=_("The first day of the period the amount covers."),
    )
    period_end = forms.CharField(
        required=False,
        max_length=40,
        strip=False,
        widget=forms.TextInput(_DATE),
        help_text=_("The last day of the period, or the end of the fee period if it continues."),
    )
    payer = forms.CharField(
        required=False,
        max_length=200,
        help_text=_("For example the pension fund or the employer."),
    )

    # After the label; the service decides what is really required.
    label_markers = {
        "gross_monthly": "required",
        "net_monthly": "required",
        "period_start": "required",
        "period_end": "required",
        "payer": "optional",
    }
    attachment = forms.FileField(required=False)

    error_fields = {
        "subject": "subject",
        "kind": "kind",
        "gross_monthly": "gross_monthly",
        "net_monthly": "net_monthly",
        "period_start": "period_start",
        "period_end": "period_end",
        "payer": "payer",
        "upload": "attachment",
        "file": "attachment",
        "attachment": "attachment",
    }

    def clean(self):
        data = super().clean()
        if not data.get("subject"):
            data["subject"] = Subject.CLIENT
        if data.get("kind", "") not in IncomeKind.values:
            self.add_error("kind", _("Choose the kind of income."))
        for name in ("gross_monthly", "net_monthly"):
            data[f"{name}_value"] = self._amount(name)
        data["period_start_date"] = self._required_date("period_start")
        data["period_end_date"] = self._required_date("period_end")
        if data.get("attachment") is None:
            self.add_error(
                "attachment",
                _("Attach a document that shows this income, for example a pension statement."),
            )
        return data

    def _amount(self, name: str):
        raw = self.cleaned_data.get(name, "")
        if not raw.strip():
            self.add_error(name, _("Enter the amount in euros per month."))
            return None
        value = parse_decimal(raw)
        if value is None or value.as_tuple().exponent < -2:
            self.add_error(name, _("Enter the amount in euros with at most two decimals."))
            return None
        return value

    def _required_date(self, name: str):
        if not self.cleaned_data.get(name, "").strip():
            self.add_error(name, _("Enter a date."))
            return None
        return _date_or_error(self, name)

    def income_arguments(self) -> dict:
        """Keyword arguments for ``records.income_record_add`` (all but review, actor and
        source)."""
        data = self.cleaned_data
        return {
            "subject": data["subject"],
            "kind": data["kind"],
            "gross_monthly": data["gross_monthly_value"],
            "net_monthly": data["net_monthly_value"],
            "period_start": data["period_start_date"],
            "period_end": data["period_end_date"],
            "payer": data["payer"].strip(),
            "upload": data["attachment"],
        }


FIELD_LABELS = {
    "choice": _("How should your incomes be checked?"),
    "registries": _("From which authorities may we fetch your income data?"),
    "valid_until": _("The consent is valid until"),
    "subject": _("Whose income is it?"),
    "kind": _("Kind of income"),
    "gross_monthly": _("Gross amount (€ per month)"),
    "net_monthly": _("Net amount after taxes (€ per month)"),
    "period_start": _("Paid from"),
    "period_end": _("Paid until"),
    "payer": _("Payer"),
    "attachment": _("Attachment"),
}

# Radio and checkbox groups: the summary links to the first option.
FIELD_ANCHORS = {
    "choice": "id_choice_0",
    "registries": "id_registries_0",
    "subject": "id_subject_0",
}


def error_summary(form: forms.Form, extra: list[str]) -> list[tuple[str, str, str]]:
    """``(anchor, label, message)`` for the summary at the top, in the order of the form."""
    return labelled_error_summary(form, extra, FIELD_LABELS, FIELD_ANCHORS)
