"""A refused message comes back on the case page, at the form, with the error beside the field
and in an error summary (issue 17, item 5)."""

import re

import pytest
from django.urls import reverse

from asiointi.cases.models import Message
from asiointi.testing.fixtures import en

pytestmark = pytest.mark.django_db


def message_form(page: str) -> str:
    start = page.index('<form method="post"', page.index('id="messages"'))
    return page[start : page.index("</form>", start)]


def assert_refused_at_the_form(response, case_url: str) -> None:
    assert response.status_code == 422
    page = response.content.decode()
    form = message_form(page)
    # The form posts to the case page itself, with the fragment that brings it into view.
    assert f'action="{case_url}#message-form"' in form
    assert 'id="message-form"' in form
    # The error summary is in the form, focused, and links to the field.
    start = form.index('class="error-summary ')
    summary = form[start : form.index("</section>", start)]
    assert "autofocus" in summary
    assert 'href="#message-body"' in summary
    assert "Write a message." in summary
    # The error is beside the field too.
    assert re.search(r'id="message-body-error">Write a message\.<', form)
    assert 'aria-invalid="true"' in form
    assert "<title>Error: " in page
    assert not Message.objects.exists()


def test_an_empty_message_comes_back_at_the_form_on_the_case_page(
    client, submitted, representative
):
    client.force_login(representative)
    case_url = en("cases:detail", submitted.pk)
    page = client.get(case_url).content.decode()
    assert f'action="{case_url}#message-form"' in message_form(page)
    response = client.post(case_url, {"body": "   "})
    assert_refused_at_the_form(response, case_url)


def test_a_message_sent_from_the_case_page_goes_back_to_the_messages(
    client, submitted, representative
):
    client.force_login(representative)
    response = client.post(en("cases:detail", submitted.pk), {"body": "Kysymys"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[submitted.pk]) + "#messages"
    assert Message.objects.get().body == "Kysymys"


def test_an_empty_message_from_the_handler_comes_back_at_the_form_on_the_case_page(
    client, submitted, handler_culture
):
    client.force_login(handler_culture)
    case_url = en("handling:case", submitted.pk)
    page = client.get(case_url).content.decode()
    assert f'action="{case_url}#message-form"' in message_form(page)
    response = client.post(case_url, {"body": " "})
    assert_refused_at_the_form(response, case_url)
