"""The public feedback form: what the resident types, and where intake's messages go.

The form only carries the typed text; every rule (lengths, coordinates, the service, a reply
needing an address) lives in ``intake.clean_feedback_input`` so that the form, staff registration
and Open311 refuse the same input with the same words. Photos are not a form field: they are
read from ``request.FILES`` and handed over as they are.
"""

from django import forms
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from asiointi.catalogue.models import Service
from asiointi.common.forms import ResidentFormMixin, labelled_error_summary
from asiointi.common.i18n import current_language
from asiointi.feedback.constants import DESCRIPTION_MAX_LENGTH, DESCRIPTION_MIN_LENGTH, FeedbackType
from asiointi.feedback.intake import FeedbackInput

# Where each key of ``ValidationFailed.errors`` is shown on the form. Keys the web form has no
# field for (address_id, media_url, channel…) end up in the error summary at the top.
ERROR_FIELDS = {
    "type": "type",
    "service_code": "service",
    "title": "title",
    "description": "description",
    "address": "address",
    "address_id": "address",
    "location": "address",
    "lat": "lat",
    "long": "long",
    "contact_name": "name",
    "contact_email": "email",
    "contact_phone": "phone",
    "photos": "photos",
}


def feedback_services():
    """Services that take feedback, by name in the language of the page."""
    return Service.objects.filter(accepts_feedback=True).order_by(
        f"name_{current_language()}", "code"
    )


_COORDINATE = {"inputmode": "decimal", "class": "short"}


class PublicFeedbackForm(ResidentFormMixin, forms.Form):
    # Every field is optional here: intake decides what is missing and says so per field.
    type = forms.CharField(required=False)
    service = forms.CharField(required=False)
    title = forms.CharField(
        required=False, max_length=1000, help_text=_("A short heading for your feedback.")
    )
    description = forms.CharField(
        required=False,
        max_length=DESCRIPTION_MAX_LENGTH * 2,
        widget=forms.Textarea(attrs={"rows": "8"}),
    )
    address = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    lat = forms.CharField(required=False, max_length=50, widget=forms.TextInput(_COORDINATE))
    long = forms.CharField(required=False, max_length=50, widget=forms.TextInput(_COORDINATE))
    name = forms.CharField(
        required=False, max_length=1000, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
    )
    phone = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    reply_wanted = forms.BooleanField(required=False)
    publish_consent = forms.BooleanField(required=False)

    # Not a real input: the place where photo messages are attached to the form.
    photos = forms.CharField(required=False)

    # After the label; intake decides what is really required.
    label_markers = {"title": "optional", "description": "required"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.label = FIELD_LABELS[name]
            # Intake strips and measures the text itself; keep exactly what was typed.
            if isinstance(field, forms.CharField):
                field.strip = False
        self.fields["description"].help_text = gettext(
            "Write at least %(min)s and at most %(max)s characters. Do not write personal "
            "details about other people."
        ) % {
            "min": formats.localize(DESCRIPTION_MIN_LENGTH),
            "max": formats.localize(DESCRIPTION_MAX_LENGTH),
        }

    @property
    def type_choices(self):
        return FeedbackType.choices

    def feedback_input(self, *, language: str, photos) -> FeedbackInput:
        data = self.cleaned_data
        return FeedbackInput(
            type=data["type"],
            service_code=data["service"],
            title=data["title"],
            description=data["description"],
            address=data["address"],
            lat=data["lat"],
            long=data["long"],
            contact_name=data["name"],
            contact_email=data["email"],
            contact_phone=data["phone"],
            reply_wanted=data["reply_wanted"],
            publish_consent=data["publish_consent"],
            language=language,
            photos=list(photos),
        )

    def add_intake_errors(self, errors: dict[str, list[str]]) -> list[str]:
        """Attach intake's messages to the fields; return those that belong to no field."""
        unplaced = []
        for key, messages in errors.items():
            field = ERROR_FIELDS.get(key)
            for message in messages:
                if field:
                    self.add_error(field, message)
                else:
                    unplaced.append(message)
        return unplaced


def error_summary(form: PublicFeedbackForm, extra: list[str]) -> list[tuple[str, str, str]]:
    """``(anchor, label, message)`` for the summary at the top, in the order of the form."""
    return labelled_error_summary(form, extra, FIELD_LABELS, FIELD_ANCHORS)


# The first type radio carries the anchor of the group.
FIELD_ANCHORS = {"type": "id_type_0"}

FIELD_LABELS = {
    "type": _("Type of feedback"),
    "service": _("Which service is it about?"),
    "title": _("Title"),
    "description": _("Your feedback"),
    "address": _("Address or place"),
    "lat": _("Latitude"),
    "long": _("Longitude"),
    "name": _("Name"),
    "email": _("Email"),
    "phone": _("Phone"),
    "reply_wanted": _("I want a reply"),
    "publish_consent": _("Publication"),
    "photos": _("Photos"),
}
