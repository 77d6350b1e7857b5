"""Drafts, sending, versions and record numbers, through the folder pages a resident uses."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from asiointi.cases.constants import CaseStatus, EventKind
from asiointi.cases.models import Case, CaseVersion, RecordNumberSequence
from asiointi.cases.services.drafts import case_create_draft, case_save_draft
from asiointi.cases.services.sending import case_send
from asiointi.common.errors import Conflict, DomainError
from asiointi.testing.fixtures import en, pdf_upload, valid_answers

pytestmark = pytest.mark.django_db


def form_post(data: dict, action: str, lock_version: int) -> dict:
    """The POST a browser sends for ``data`` (the inverse of the form engine's parsing)."""
    fields = {"action": action, "lock_version": str(lock_version)}
    for name, value in data.items():
        if name == "period":
            fields["period__start"], fields["period__end"] = value["start"], value["end"]
        elif name == "budget":
            fields["budget__rows"] = str(len(value))
            for index, row in enumerate(value):
                for column, cell in row.items():
                    fields[f"budget__{index}__{column}"] = cell
        elif isinstance(value, bool):
            fields[name] = "yes" if value else "no"
        elif isinstance(value, list):
            fields[name] = value
        else:
            fields[name] = str(value)
    return fields


def test_start_creates_a_prefilled_draft_for_the_organisation(
    client, general_call, representative, association
):
    client.force_login(representative)
    session = client.session
    session["asiointi_acting_for"] = association.pk
    session.save()
    response = client.post(reverse("cases:start", args=[general_call.pk]))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:edit", args=[case.pk])
    assert case.status == CaseStatus.DRAFT
    assert case.organisation == association
    assert case.record_number is None
    assert case.draft_data["business_id"] == "1234567-1"
    assert case.department.code == "culture"


def test_invalid_draft_is_saved_with_errors_shown(client, draft, representative):
    client.force_login(representative)
    response = client.post(
        en("cases:edit", draft.pk),
        {
            "action": "save",
            "lock_version": draft.lock_version,
            "requested_amount": "paljon",
            "purpose": "lyhyt",
        },
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.draft_data == {"requested_amount": "paljon", "purpose": "lyhyt"}
    assert draft.status == CaseStatus.DRAFT
    assert draft.versions.count() == 0
    page = response.content.decode()
    assert 'class="error-summary ' in page
    assert 'href="#f-requested_amount"' in page


def test_send_with_errors_keeps_the_input_and_creates_no_version(client, draft, representative):
    client.force_login(representative)
    response = client.post(
        en("cases:edit", draft.pk),
        {"action": "send", "lock_version": draft.lock_version, "organisation_name": "X"},
    )
    assert response.status_code == 422
    draft.refresh_from_db()
    assert draft.status == CaseStatus.DRAFT
    assert draft.record_number is None
    assert draft.draft_data == {"organisation_name": "X"}
    assert CaseVersion.objects.count() == 0
    assert RecordNumberSequence.objects.count() == 0  # no number taken, none wasted
    assert "Enter at least 2 characters." in response.content.decode()


def test_send_freezes_version_one_and_acknowledges_receipt(
    client, draft, representative, association, django_capture_on_commit_callbacks
):
    client.force_login(representative)
    data = valid_answers(association, representative)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cases:edit", args=[draft.pk]), form_post(data, "send", draft.lock_version)
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    year = timezone.localdate().year
    assert draft.record_number == f"ASI-{year}-000001"
    assert draft.status == CaseStatus.RECEIVED
    assert draft.submitted_at is not None
    version = draft.versions.get()
    assert (version.number, version.data) == (1, data)
    assert list(draft.events.values_list("kind", flat=True)) == [
        EventKind.CREATED,
        EventKind.SUBMITTED,
    ]
    # The receipt in the folder: record number and the unit's contact details.
    page = client.get(response["Location"]).content.decode()
    assert f"ASI-{year}-000001" in page
    assert "Kulttuuripalvelut, avustukset" in page
    assert "09 310 12345" in page
    assert "kulttuuriavustukset@example.fi" in page
    # … and by email, with the contact details but not the content of the application.
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert f"ASI-{year}-000001" in receipt.subject
    assert receipt.to == ["matti@example.com"]
    assert "kulttuuriavustukset@example.fi" in receipt.body
    assert data["purpose"] not in receipt.body
    assert data["bank_account"] not in receipt.body


def test_double_submit_yields_one_version_and_one_number(
    client, draft, representative, association
):
    client.force_login(representative)
    body = form_post(valid_answers(association, representative), "send", draft.lock_version)
    first = client.post(reverse("cases:edit", args=[draft.pk]), body)
    second = client.post(reverse("cases:edit", args=[draft.pk]), body)  # the same form again
    assert first.status_code == second.status_code == 302
    draft.refresh_from_db()
    assert draft.versions.count() == 1
    assert draft.record_number.endswith("-000001")
    assert RecordNumberSequence.objects.get().last_value == 1


def test_record_numbers_are_consecutive(general_call, representative, association):
    numbers = []
    for _ in range(3):
        case = case_create_draft(
            actor=representative, grant_call=general_call, organisation=association
        )
        case = case_send(
            actor=representative, case=case, data=valid_answers(association, representative)
        )
        numbers.append(case.record_number)
    year = timezone.localdate().year
    assert numbers == [f"ASI-{year}-00000{n}" for n in (1, 2, 3)]


def test_supplement_creates_version_two_and_shows_the_differences(
    client, submitted, representative
):
    client.force_login(representative)
    data = dict(submitted.draft_data, requested_amount="4500.00")
    response = client.post(
        reverse("cases:edit", args=[submitted.pk]), form_post(data, "send", submitted.lock_version)
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == CaseStatus.RECEIVED
    assert list(submitted.versions.values_list("number", flat=True)) == [1, 2]
    assert submitted.versions.get(number=1).data["requested_amount"] == "5000.00"
    diff_page = client.get(en("cases:version", submitted.pk, 2) + "?vs=1")
    html = diff_page.content.decode()
    changes = re.search(r'<section aria-labelledby="changes-title">(.*?)</section>', html, re.S)
    assert changes is not None
    assert "Haettava summa" in changes.group(1) or "Requested amount" in changes.group(1)
    assert len(re.findall(r"<tr[ >]", changes.group(1))) == 2  # header + exactly one changed field


def test_sending_unchanged_data_again_is_refused(submitted, representative):
    with pytest.raises(DomainError):
        case_send(actor=representative, case=submitted, data=submitted.draft_data)
    assert submitted.versions.count() == 1


def test_stale_lock_version_is_a_conflict(submitted, representative):
    with pytest.raises(Conflict):
        case_save_draft(
            actor=representative,
            case=submitted,
            data={},
            expected_lock_version=submitted.lock_version - 1,
        )
    submitted.refresh_from_db()
    assert submitted.draft_data["requested_amount"] == "5000.00"


def test_delete_draft(client, draft, representative):
    client.force_login(representative)
    assert client.get(reverse("cases:delete", args=[draft.pk])).status_code == 200
    response = client.post(reverse("cases:delete", args=[draft.pk]))
    assert response.status_code == 302
    assert not Case.objects.filter(pk=draft.pk).exists()


def test_a_sent_application_cannot_be_deleted(client, submitted, representative):
    client.force_login(representative)
    client.post(reverse("cases:delete", args=[submitted.pk]))
    assert Case.objects.filter(pk=submitted.pk, status=CaseStatus.RECEIVED).exists()


def test_closed_call_cannot_be_applied_for(general_call, resident):
    general_call.closes_on = general_call.opens_on
    general_call.save()
    with pytest.raises(DomainError):
        case_create_draft(actor=resident, grant_call=general_call)
    assert not Case.objects.exists()


def test_adding_an_attachment_on_the_form_keeps_what_was_typed(client, draft, representative):
    client.force_login(representative)
    response = client.post(
        reverse("cases:edit", args=[draft.pk]),
        {
            "action": "attach",
            "lock_version": draft.lock_version,
            "purpose": "Kirjoitettu mutta ei vielä tallennettu.",
            "kind": "budget",
            "file": pdf_upload("talousarvio.pdf"),
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#attachments")
    draft.refresh_from_db()
    assert draft.draft_data["purpose"] == "Kirjoitettu mutta ei vielä tallennettu."
    assert draft.attachments.get().display_name == "talousarvio.pdf"


def test_pressing_enter_saves_instead_of_removing_a_row(client, draft, representative):
    client.force_login(representative)
    html = client.get(reverse("cases:edit", args=[draft.pk])).content.decode()
    form = html[html.index('<form method="post" enctype') :]
    first_button = form[form.index("<button") : form.index(">", form.index("<button"))]
    assert 'name="action" value="enter"' in first_button
    client.post(
        reverse("cases:edit", args=[draft.pk]),
        {"action": "enter", "lock_version": draft.lock_version, "purpose": "Enter"},
    )
    draft.refresh_from_db()
    assert draft.draft_data == {"purpose": "Enter"}


def test_supplement_sent_on_request_returns_the_case_to_processing(submitted, representative):
    # The handler's "request supplement" action arrives with the handler workspace; the state is
    # set directly here to check the applicant's side of it.
    Case.objects.filter(pk=submitted.pk).update(status=CaseStatus.AWAITING_SUPPLEMENT)
    submitted.refresh_from_db()
    data = dict(submitted.draft_data, earlier_grants_details="2025 kulttuuri 3 000 €, 2024 2 000 €")
    case = case_send(actor=representative, case=submitted, data=data)
    assert case.status == CaseStatus.IN_PROCESSING
    assert case.versions.count() == 2
    assert case.events.filter(kind=EventKind.NEW_VERSION).count() == 1
