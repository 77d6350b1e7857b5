"""Who sees which application in the folder. Anything not yours is "not found" (404), and a
denied request changes nothing."""

import pytest
from django.urls import reverse

from asiointi.cases.models import Attachment, Case, Message
from asiointi.cases.services.attachments import attachment_add
from asiointi.cases.services.drafts import case_create_draft
from asiointi.testing.fixtures import pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation_case(submitted, representative):
    attachment_add(actor=representative, case=submitted, kind="budget", upload=pdf_upload())
    return submitted


def urls_for(case) -> dict[str, tuple[str, str]]:
    attachment = case.attachments.first()
    return {
        "detail": ("get", reverse("cases:detail", args=[case.pk])),
        "edit": ("get", reverse("cases:edit", args=[case.pk])),
        "edit-post": ("post", reverse("cases:edit", args=[case.pk])),
        "version": ("get", reverse("cases:version", args=[case.pk, 1])),
        "attachment": ("get", reverse("cases:attachment", args=[case.pk, attachment.pk])),
        "upload": ("post", reverse("cases:attachment_upload", args=[case.pk])),
        "message": ("post", reverse("cases:message_send", args=[case.pk])),
        "delete": ("post", reverse("cases:delete", args=[case.pk])),
    }


def snapshot(case) -> tuple:
    case.refresh_from_db()
    return (
        case.status,
        case.lock_version,
        case.draft_data,
        case.versions.count(),
        Attachment.objects.count(),
        Message.objects.count(),
    )


@pytest.mark.parametrize("persona", ["other_resident", "resident", "handler_culture"])
def test_strangers_get_404_for_every_url_and_nothing_changes(
    client, request, persona, organisation_case
):
    client.force_login(request.getfixturevalue(persona))
    before = snapshot(organisation_case)
    for name, (method, address) in urls_for(organisation_case).items():
        body = {
            "action": "send",
            "body": "hei",
            "kind": "other",
            "file": pdf_upload(),
            "lock_version": organisation_case.lock_version,
        }
        response = getattr(client, method)(address, body if method == "post" else None)
        assert response.status_code == 404, name
    assert snapshot(organisation_case) == before


def test_every_representative_of_the_organisation_sees_its_application(
    client, organisation_case, co_representative
):
    client.force_login(co_representative)
    for name, (method, address) in urls_for(organisation_case).items():
        if method == "get":
            assert client.get(address).status_code in (200, 302), name


def test_ids_of_versions_and_attachments_of_another_case_are_404(
    client, organisation_case, own_draft, resident
):
    client.force_login(resident)
    # The resident's own case id with another case's attachment id.
    foreign = organisation_case.attachments.get()
    assert (
        client.get(reverse("cases:attachment", args=[own_draft.pk, foreign.pk])).status_code == 404
    )
    assert client.get(reverse("cases:version", args=[own_draft.pk, 1])).status_code == 404


def test_anonymous_is_sent_to_login(client, organisation_case):
    response = client.get(reverse("cases:detail", args=[organisation_case.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_folder_lists_own_or_organisation_cases_by_switch(
    client, representative, association, organisation_case, general_call
):
    own = case_create_draft(actor=representative, grant_call=general_call)
    client.force_login(representative)
    page = client.get(reverse("cases:folder")).content.decode()
    assert reverse("cases:detail", args=[own.pk]) in page
    assert reverse("cases:detail", args=[organisation_case.pk]) not in page
    client.post(reverse("accounts:switch"), {"organisation": association.pk})
    page = client.get(reverse("cases:folder")).content.decode()
    assert reverse("cases:detail", args=[organisation_case.pk]) in page
    assert organisation_case.record_number in page
    assert reverse("cases:detail", args=[own.pk]) not in page


def test_switching_to_an_organisation_one_does_not_represent_is_404(client, resident, association):
    client.force_login(resident)
    assert (
        client.post(reverse("accounts:switch"), {"organisation": association.pk}).status_code == 404
    )
    assert "asiointi_acting_for" not in client.session


def test_revoked_representation_takes_effect_at_once(
    client, representative, association, organisation_case
):
    client.force_login(representative)
    client.post(reverse("accounts:switch"), {"organisation": association.pk})
    representative.representations.all().delete()
    assert client.get(reverse("cases:detail", args=[organisation_case.pk])).status_code == 404
    page = client.get(reverse("cases:folder")).content.decode()
    assert organisation_case.record_number not in page


def test_drafts_are_invisible_to_handlers(draft, handler_culture):
    from asiointi.cases.access import access_case_for_handler
    from asiointi.common.errors import NotFound

    with pytest.raises(NotFound):
        access_case_for_handler(handler_culture, draft.pk)
    assert Case.objects.filter(pk=draft.pk).exists()
