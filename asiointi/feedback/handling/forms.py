"""The handlers' forms. They check the shape of the input; the rules live in ``services``.

Each form on the detail page has a prefix (its action), so the fields' ids are unique on the
page and an error is shown next to the right field.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from asiointi.catalogue.models import Service
from asiointi.common.i18n import SUPPORTED
from asiointi.feedback.constants import (
    DESCRIPTION_MAX_LENGTH,
    STAFF_CHANNELS,
    FeedbackChannel,
    FeedbackType,
)
from asiointi.feedback.services import TEXT_MAX_LENGTH, ForwardReason, expert_choices
from asiointi.organisation.models import Department


class ModelChoiceField(forms.ModelChoiceField):
    """A select of objects whose empty choice is in the page's language (Django's is "---------",
    the same in every language)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("– Select –"))
        super().__init__(*args, **kwargs)


class DepartmentField(ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class ServiceField(ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.department.name})"


class PersonField(ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


def _textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def feedback_services():
    return Service.objects.filter(accepts_feedback=True).select_related("department")


class RouteForm(forms.Form):
    department = DepartmentField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        help_text=_("Not needed when you choose a service: its department gets the feedback."),
    )
    service = ServiceField(label=_("Service"), queryset=feedback_services(), required=False)
    reason = forms.CharField(
        label=_("Reason (internal)"), required=False, max_length=1000, widget=_textarea(2)
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("department") and not cleaned.get("service"):
            self.add_error("department", _("Choose the department or a service."))
        return cleaned


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer"),
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(8),
        help_text=_(
            "The answer is emailed to the resident and shown on the public status page of the "
            "feedback. Do not write personal data in it."
        ),
    )


class StatementRequestForm(forms.Form):
    department = DepartmentField(
        label=_("Ask another department"), queryset=Department.objects.all(), required=False
    )
    expert = PersonField(label=_("or a named expert"), queryset=expert_choices(), required=False)
    question = forms.CharField(label=_("Question"), max_length=TEXT_MAX_LENGTH, widget=_textarea(4))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("department") and not cleaned.get("expert"):
            self.add_error("department", _("Choose a department or an expert to ask."))
        return cleaned


class GiveStatementForm(forms.Form):
    statement = forms.CharField(
        label=_("Statement"), max_length=TEXT_MAX_LENGTH, widget=_textarea(6)
    )


class TransferForm(forms.Form):
    department = DepartmentField(label=_("Transfer to"), queryset=Department.objects.all())
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=_textarea(2))


class ForwardForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why it goes to case management"),
        choices=ForwardReason.choices,
        widget=forms.RadioSelect,
    )
    pointer = forms.CharField(
        label=_("Case management reference"),
        max_length=200,
        help_text=_(
            "Where the matter went, e.g. the record number HEL 2026-012345. The resident sees "
            "this on the status page."
        ),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (internal)"), required=False, max_length=1000, widget=_textarea(2)
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Internal note"),
        max_length=TEXT_MAX_LENGTH,
        widget=_textarea(3),
        help_text=_("Only staff see notes."),
    )


class PublishForm(forms.Form):
    public_description = forms.CharField(
        label=_("Public description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=_textarea(6),
        help_text=_("Remove names, contact details and anything else that identifies a person."),
    )
    public_answer = forms.CharField(
        label=_("Public answer"), required=False, max_length=TEXT_MAX_LENGTH, widget=_textarea(6)
    )
    photos = forms.MultipleChoiceField(
        label=_("Photos to publish"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Publish only photos where no person or vehicle registration can be seen."),
    )

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].choices = [(str(photo.pk), photo.original_name) for photo in photos]
        if not photos:
            del self.fields["photos"]


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several files in one input; intake checks each (type by content, size, count)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultiplePhotoField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class RegisterForm(forms.Form):
    """Feedback received by phone, at a service desk or by email."""

    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[(c.value, c.label) for c in STAFF_CHANNELS],
        initial=FeedbackChannel.PHONE,
        widget=forms.RadioSelect,
    )
    received_at = forms.DateTimeField(
        label=_("Received at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H.%M", "%d.%m.%Y %H:%M"],
        help_text=_("When the call, visit or email came, e.g. 23.11.2026 14.30."),
    )
    type = forms.ChoiceField(label=_("Type"), choices=FeedbackType.choices)
    service_code = forms.ChoiceField(label=_("Subject"), required=False)
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=DESCRIPTION_MAX_LENGTH, widget=_textarea(6)
    )
    address = forms.CharField(label=_("Address or place"), required=False, max_length=300)
    photos = MultiplePhotoField(
        label=_("Photos"),
        required=False,
        help_text=_("Photos the resident sent, at most 5 (JPEG, PNG, GIF or WebP)."),
    )
    contact_name = forms.CharField(label=_("Name"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("Email"), required=False)
    contact_phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    reply_wanted = forms.BooleanField(label=_("The resident wants a reply"), required=False)
    publish_consent = forms.BooleanField(
        label=_("The resident consents to publishing the feedback (without personal data)"),
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Language of the reply"),
        choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")],
        initial="fi",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_code"].choices = [("", _("I don't know which department"))] + [
            (service.code, service.name) for service in feedback_services().order_by("code")
        ]
        self.fields["language"].choices = [
            choice for choice in self.fields["language"].choices if choice[0] in SUPPORTED
        ]
        if not self.is_bound:
            self.initial.setdefault(
                "received_at", timezone.localtime().replace(second=0, microsecond=0)
            )
