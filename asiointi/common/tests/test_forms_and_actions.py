"""The one answer of an action view (``run_action``), the one field template and the one error
summary, without a database."""

import re

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from asiointi.common.errors import Conflict, NotFound, ValidationFailed
from asiointi.common.forms import (
    ResidentFormMixin,
    anchored_error_summary,
    form_error_summary,
    prefixed_error_summary,
)
from asiointi.common.web import run_action


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def post():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def said(request) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(request)]


def fail(error):
    def call():
        raise error

    return call


def test_success_is_a_message_and_a_redirect_that_may_use_the_result():
    request = post()
    response = run_action(
        request,
        lambda: 7,
        success=lambda seven: f"{seven} done",
        redirect_to=lambda seven: f"/to/{seven}",
        error_redirect_to="/back",
    )
    assert (response.status_code, response["Location"]) == (302, "/to/7")
    assert said(request) == [("success", "7 done")]


def test_a_rule_is_an_error_message_and_the_error_redirect():
    request = post()
    response = run_action(
        request, fail(Conflict("Changed.")), success="no", redirect_to="/to", error_redirect_to="/b"
    )
    assert response["Location"] == "/b"
    assert said(request) == [("error", "Changed.")]


def test_not_found_is_not_caught():
    with pytest.raises(NotFound):
        run_action(post(), fail(NotFound("x")), redirect_to="/to")


def test_invalid_input_re_renders_or_falls_back_to_the_message():
    failed = ValidationFailed("Check.", {"a": ["A."]})
    page = run_action(
        post(),
        fail(failed),
        redirect_to="/to",
        invalid=lambda error: HttpResponse(error.errors["a"][0], status=422),
    )
    assert (page.status_code, page.content) == (422, b"A.")
    request = post()
    response = run_action(request, fail(failed), redirect_to="/to", invalid=lambda error: None)
    assert response["Location"] == "/to" and said(request) == [("error", "Check.")]
    # Only the errors named go to the callback; by default a ValidationFailed.
    request = post()
    run_action(request, fail(Conflict("C.")), redirect_to="/to", invalid=pytest.fail)
    assert said(request) == [("error", "C.")]


def test_a_redirect_from_the_result_needs_an_error_redirect():
    with pytest.raises(TypeError):
        run_action(post(), lambda: 1, redirect_to=lambda one: "/")


class StaffForm(forms.Form):
    name = forms.CharField(label="Name", help_text="Your name.")
    colour = forms.ChoiceField(
        label="Colour", choices=[("r", "Red")], widget=forms.RadioSelect, required=False
    )


class ResidentForm(ResidentFormMixin, forms.Form):
    text = forms.CharField(label="Text", max_length=10, required=False, widget=forms.Textarea)
    label_markers = {"text": "required"}


def test_one_field_template_ties_hint_and_error_to_the_input():
    form = StaffForm({"name": ""})
    form.is_valid()
    html = form["name"].as_field_group()
    assert (
        '<span class="hint hds-text-input__helper-text" id="id_name_helptext">Your name.</span>'
    ) in html
    assert '<span class="error-message hds-text-input__error-text" id="id_name_error">' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html
    # The design system's text input: its class on the input, the invalid state on the field.
    assert '<div class="field hds-text-input hds-text-input--invalid invalid">' in html
    assert 'class="hds-text-input__input"' in html
    # A group of choices is a selection group whose radios have their own labels after them.
    group = form["colour"].as_field_group()
    assert '<fieldset class="field hds-selection-group" id="id_colour_group">' in group
    assert '<legend class="hds-selection-group__legend">Colour</legend>' in group
    assert re.search(
        r'<div class="hds-radio-button"><input type="radio" name="colour" value="r" '
        r'class="hds-radio-button__input" id="id_colour_0"[^>]*>\s*'
        r'<label class="hds-radio-button__label" for="id_colour_0">Red</label></div>',
        group,
    ), group


def test_a_select_has_the_input_class_and_its_options_none():
    class Pick(forms.Form):
        choice = forms.ChoiceField(choices=[("", "– Valitse –"), ("a", "A")])

    html = Pick()["choice"].as_widget()
    assert '<select name="choice" class="hds-text-input__input"' in html
    assert '<option value="" selected>– Valitse –</option>' in html


def test_a_single_checkbox_is_the_design_systems_checkbox_with_its_label_after_it():
    class Consent(forms.Form):
        agree = forms.BooleanField(label="I agree")

    html = Consent({})["agree"].as_field_group()
    assert '<div class="field hds-checkbox invalid">' in html
    assert re.search(
        r'<input type="checkbox" name="agree" class="hds-checkbox__input"[^>]* id="id_agree"[^>]*>'
        r'\s*<label class="hds-checkbox__label" for="id_agree">I agree</label>',
        html,
    ), html


def test_a_residents_form_uses_the_sites_ids_and_markup():
    form = ResidentForm({"text": "typed"})
    form.is_valid()
    form.add_error("text", "Too short.")
    html = form["text"].as_field_group()
    assert 'Text <span class="hint-inline">(required)</span>' in html
    assert (
        '<span class="error-message hds-text-input__error-text" id="id_text-error">'
        "Too short.</span>"
    ) in html
    assert '<textarea id="id_text" name="text" class="hds-text-input__input"' in html
    assert ">typed</textarea>" in html
    assert "maxlength" not in html and "cols" not in html


def test_the_summary_items_in_the_order_of_the_form():
    form = StaffForm({"name": ""})
    form.is_valid()
    form.add_error(None, "Nothing fits.")
    assert form_error_summary(form) == [
        ("id_name", "Name", "This field is required."),
        ("", "", "Nothing fits."),
    ]
    errors = {"b": ["B."], "a": ["A."], "other": ["O."]}
    assert anchored_error_summary(errors, {"a": "x-a", "b": "x-b"}) == [
        ("x-a", "", "A."),
        ("x-b", "", "B."),
    ]
    assert prefixed_error_summary({"decide": {"outcome": ["O."]}}) == [("decide-outcome", "", "O.")]


def test_the_one_error_summary_is_labelled_by_its_heading_and_focusable():
    html = render_to_string(
        "common/error_summary.html",
        {
            "summary_id": "form-errors",
            "title": "Check",
            "items": [("x", "X", "Bad."), ("", "", "All.")],
        },
    )
    assert (
        '<section class="error-summary hds-notification hds-notification--error" role="alert" '
        'id="form-errors" aria-labelledby="form-errors-title" tabindex="-1">'
    ) in html
    assert re.search(
        r'<h2 class="hds-notification__label" id="form-errors-title">.*Check.*</h2>', html
    )
    assert '<li><a href="#x">X: Bad.</a></li>' in html and "<li>All.</li>" in html
