"""Django forms rendered one way on every page: one field template, one error summary.

``FormRenderer`` (settings.FORM_RENDERER) renders ``{{ form }}`` and ``{{ field.as_field_group }}``
with ``common/forms/form.html`` and ``common/forms/field.html``; ``form_error_summary`` gives
the items of ``common/error_summary.html`` for a bound form.
"""

from pathlib import Path

from django import forms
from django import forms as django_forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property


class BoundField(forms.BoundField):
    """A field as the one field template shows it: the ids of its hint (``help_text``) and of its
    error, which the input names in ``aria-describedby``, and the marker after its label.

    A form may set ``hint_id_suffix`` and ``error_id_suffix`` (Django's ``_helptext`` and
    ``_error`` unless told otherwise; see ``ResidentFormMixin``) and ``label_markers``
    (``{field name: "required" or "optional"}``, shown after the label; the rules themselves are
    in the services, so that a field can be marked required without Django checking it)."""

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}{getattr(self.form, 'hint_id_suffix', '_helptext')}"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}{getattr(self.form, 'error_id_suffix', '_error')}"

    @property
    def marker(self) -> str:
        return getattr(self.form, "label_markers", {}).get(self.name, "")

    @property
    def aria_describedby(self):
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        described_by = []
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                described_by.append(self.hint_id)
            if self.errors:
                described_by.append(self.error_id)
        return " ".join(described_by)


class FormRenderer(DjangoTemplates):
    """Django's form renderer with the design system's markup: the templates in
    ``common/form_widgets/`` come before Django's own, so every widget's input carries its HDS
    class (``hds-text-input__input``, ``hds-checkbox__input``, ``hds-radio-button__input``) and
    each choice of a group is an HDS radio button or checkbox with its label after it."""

    form_template_name = "common/forms/form.html"
    field_template_name = "common/forms/field.html"
    bound_field_class = BoundField

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(__file__).with_name("form_widgets"),
                    Path(django_forms.__file__).parent / self.backend.app_dirname,
                ],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )


class ResidentFormMixin:
    """A form of the residents' pages, shown among inputs written by hand: its hints and errors
    are "<id>-hint" and "<id>-error" as in the e-forms on the same pages, its text inputs are in
    the same markup (``common/forms/widgets/``), and they carry no ``maxlength`` or ``cols``
    (the services measure the text and say what is too long)."""

    hint_id_suffix = "-hint"
    error_id_suffix = "-error"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            widget.attrs.pop("maxlength", None)
            widget.attrs.pop("cols", None)
            if isinstance(widget, forms.Textarea):
                widget.template_name = "common/forms/widgets/textarea.html"
            elif isinstance(widget, forms.TextInput | forms.EmailInput | forms.NumberInput):
                widget.template_name = "common/forms/widgets/input.html"


def form_error_summary(form) -> list[tuple[str, str, str]]:
    """``(anchor, label, message)`` for the error summary, in the order of the form: each field's
    errors link to the field (to the fieldset of a group of choices); then the errors that belong
    to no field, without a link."""
    items = []
    for field in form:
        anchor = f"{field.auto_id}_group" if field.use_fieldset else field.auto_id
        items.extend((anchor, str(field.label), message) for message in field.errors)
    items.extend(("", "", message) for message in form.non_field_errors())
    return items


def labelled_error_summary(
    form, extra: list[str], labels: dict, anchors: dict[str, str]
) -> list[tuple[str, str, str]]:
    """``(anchor, label, message)`` for a resident's form whose summary names each field by a
    label of its own (``labels``): first the ``extra`` problems of the whole form, without a
    link, then each field's errors in the order of the form, linked to ``anchors[name]`` (else
    Django's ``id_<name>``)."""
    items = [("", "", message) for message in extra]
    for name in form.fields:
        for message in form.errors.get(name, []):
            items.append((anchors.get(name, f"id_{name}"), labels[name], message))
    return items


def add_validation_errors(form, error) -> None:
    """Put a service's ``ValidationFailed`` on the Django form the page posted: each message on
    its field when the form has that field, else on the form as a whole (so the error summary
    and the fields show what the service refused)."""
    for name, messages in error.errors.items():
        for message in messages or [error.message]:
            form.add_error(name if name in form.fields else None, message)
    if not error.errors:
        form.add_error(None, error.message)


def anchored_error_summary(errors: dict, anchors: dict[str, str]) -> list[tuple[str, str, str]]:
    """``(anchor, label, message)`` for a ``ValidationFailed``'s ``errors`` on a form written by
    hand: ``anchors`` maps each field shown to its input's id, in the order of the form (the
    messages of other keys are not listed)."""
    return [
        (anchor, "", message)
        for name, anchor in anchors.items()
        for message in errors.get(name, [])
    ]


def prefixed_error_summary(form_errors: dict) -> list[tuple[str, str, str]]:
    """``(anchor, label, message)`` for ``{form prefix: {field: [messages]}}``, the errors of a
    ``ValidationFailed`` kept per form of a page; each links to the input "<prefix>-<field>"."""
    return [
        item
        for prefix, errors in form_errors.items()
        for item in anchored_error_summary(errors, {name: f"{prefix}-{name}" for name in errors})
    ]
