"""A new, empty draft: saving it or adding an attachment checks only what was typed; only sending
asks for the required fields (issue 17, item 4)."""

import pytest

from asiointi.testing.fixtures import en, pdf_upload

pytestmark = pytest.mark.django_db

REQUIRED = "This field is required."


def test_adding_an_attachment_to_an_empty_draft_shows_it_without_field_errors(
    client, own_draft, resident
):
    client.force_login(resident)
    response = client.post(
        en("cases:edit", own_draft.pk),
        {
            "action": "attach",
            "lock_version": own_draft.lock_version,
            "organisation_name": "",
            "business_id": "",
            "purpose": "",
            "kind": "budget",
            "file": pdf_upload("talousarvio.pdf"),
        },
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "talousarvio.pdf" in page
    assert "The attachment “talousarvio.pdf” has been added." in page
    assert 'class="error-summary ' not in page
    assert REQUIRED not in page


def test_adding_an_attachment_without_a_file_does_not_ask_for_the_required_fields(
    client, own_draft, resident
):
    client.force_login(resident)
    response = client.post(
        en("cases:edit", own_draft.pk),
        {"action": "attach", "lock_version": own_draft.lock_version, "kind": "budget"},
    )
    page = response.content.decode()
    assert "Choose a file to upload." in page
    assert 'class="error-summary ' not in page
    assert REQUIRED not in page


def test_saving_an_empty_draft_does_not_ask_for_the_required_fields(client, own_draft, resident):
    client.force_login(resident)
    response = client.post(
        en("cases:edit", own_draft.pk),
        {"action": "save", "lock_version": own_draft.lock_version},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The draft has been saved." in page
    assert 'class="error-summary ' not in page
    assert REQUIRED not in page


def test_sending_an_empty_draft_asks_for_the_required_fields(client, own_draft, resident):
    client.force_login(resident)
    response = client.post(
        en("cases:edit", own_draft.pk),
        {"action": "send", "lock_version": own_draft.lock_version},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'class="error-summary ' in page
    assert REQUIRED in page
