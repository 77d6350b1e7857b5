"""The Y-tunnus example the forms and error messages show is itself a valid business ID
(issue 17, item 3), in every language."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from stdnum.fi import ytunnus

from asiointi.cases.intake import _clean_organisation
from asiointi.catalogue.forms import load_form
from asiointi.common.validators import validate_business_id
from asiointi.eforms.spec import FormSpec
from asiointi.eforms.validation import validate

EXAMPLE = re.compile(r"\b\d{7}-\d\b")
LANGUAGES = ["fi", "sv", "en"]


def examples(text: str) -> list[str]:
    found = EXAMPLE.findall(text)
    assert found, f"no Y-tunnus example in {text!r}"
    return found


@pytest.mark.parametrize("code", ["yleisavustus", "projektiavustus"])
def test_the_help_text_example_is_valid(code):
    form = load_form(code)
    help_texts = form["presentation"]["fields"]["business_id"]["help"]
    assert set(help_texts) == set(LANGUAGES)
    for text in help_texts.values():
        for example in examples(text):
            assert ytunnus.is_valid(example), (code, text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_error_message_examples_are_valid(language):
    form = load_form("yleisavustus")
    spec = FormSpec(form["schema"], form["presentation"])
    with translation.override(language):
        form_errors = validate(spec, {"business_id": "1234567-2"})["business_id"]
        with pytest.raises(ValidationError) as refused:
            validate_business_id("1234567-2")
        intake_errors = {}
        _clean_organisation("1234567-2", "Yhdistys ry", intake_errors)
    intake_messages = [message for messages in intake_errors.values() for message in messages]
    for message in [*form_errors, *refused.value.messages, *intake_messages]:
        for example in examples(message):
            assert ytunnus.is_valid(example), (language, message)
