"""The intake pages (/kasittely/kirjaus/): a handler registers a paper application over HTTP."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from asiointi.accounts.models import ApplicantOrganisation, User
from asiointi.cases.constants import AttachmentKind, CaseStatus, Channel, EventKind
from asiointi.cases.models import Case
from asiointi.cases.tests.test_intake import private_attachment_store, snapshot  # noqa: F401
from asiointi.testing.fixtures import en, pdf_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_attachment_store")]

PERSON_ID = "131052-308T"


def post_data(**changes) -> dict:
    """What the browser posts for the general grant form, filled in from a paper application."""
    year = timezone.localdate().year + 1
    data = {
        "action": "register",
        "applicant_national_id": PERSON_ID,
        "applicant_first_name": "Eeva",
        "applicant_last_name": "Esimerkki",
        "organisation_business_id": "0201256-6",
        "organisation_name_registered": "Itäinen Kuoroyhdistys ry",
        "intake_channel": "paper",
        "received_on": timezone.localdate().isoformat(),
        "organisation_name": "Itäinen Kuoroyhdistys ry",
        "business_id": "0201256-6",
        "contact_name": "Eeva Esimerkki",
        "contact_email": "eeva@example.com",
        "bank_account": "FI21 1234 5600 0007 85",
        "activity_area": "culture",
        "member_count": "40",
        "purpose": "Kuoron konsertit ja harjoitukset koko vuoden ajan.",
        "period__start": f"{year}-01-01",
        "period__end": f"{year}-12-31",
        "requested_amount": "2 500,00",
        "budget__rows": "1",
        "budget__0__kind": "expense",
        "budget__0__item": "Kapellimestarin palkkio",
        "budget__0__amount": "3000",
        "earlier_grants": "no",
    }
    data.update(changes)
    return data


def form_url(call) -> str:
    return en("handling:intake_form", call.pk)


def test_the_queue_links_to_intake_which_lists_own_departments_calls(
    client, catalogue, handler_culture
):
    client.force_login(handler_culture)
    queue = client.get(en("handling:queue")).content.decode()
    assert f'href="{en("handling:intake_start")}"' in queue
    page = client.get(en("handling:intake_start"))
    assert [call.pk for call, _open in page.context["calls"]] == [catalogue["general_call"].pk]


def test_handler_registers_a_paper_application_with_its_scan(client, general_call, handler_culture):
    client.force_login(handler_culture)
    page = client.get(form_url(general_call))
    assert page.status_code == 200
    assert 'name="applicant_national_id"' in page.content.decode()

    response = client.post(
        form_url(general_call), {**post_data(), "scanned_paper": pdf_upload("paperi.pdf")}
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("handling:case", args=[case.pk])
    assert (case.status, case.channel, case.handler) == (CaseStatus.RECEIVED, Channel.PAPER, None)
    assert case.requested_amount is not None and str(case.requested_amount) == "2500.00"
    assert case.applicant.national_id == PERSON_ID
    assert case.organisation.business_id == "0201256-6"
    assert case.attachments.get().kind == AttachmentKind.SCANNED_PAPER
    assert case.events.get().kind == EventKind.REGISTERED_BY_STAFF
    # The case is in the department's "new" queue like an online one.
    queue = client.get(en("handling:queue"))
    assert [c.pk for c in queue.context["cases"]] == [case.pk]
    page = client.get(response["Location"]).content.decode()
    assert "Paper" in page
    assert "Application registered by the city" in page


def test_errors_are_shown_and_every_typed_value_is_kept(client, general_call, handler_culture):
    client.force_login(handler_culture)
    before = snapshot()
    response = client.post(
        form_url(general_call),
        {
            **post_data(applicant_national_id="131052-308X", purpose="Lyhyt"),
            "scanned_paper": pdf_upload(),
        },
    )
    assert response.status_code == 422
    assert snapshot() == before
    html = response.content.decode()
    summary = [(anchor, message) for anchor, _label, message in response.context["error_summary"]]
    assert summary[0] == (
        "intake-applicant_national_id",
        "Enter a valid personal identity code, e.g. 131052-308T.",
    )
    assert summary[1][0] == "f-purpose"
    assert 'href="#intake-applicant_national_id"' in html
    assert 'href="#f-purpose"' in html
    for kept in (
        'value="131052-308X"',
        'value="Eeva"',
        'value="Itäinen Kuoroyhdistys ry"',
        ">Lyhyt</textarea>",
        'value="Kapellimestarin palkkio"',
        'value="2,500.00"',  # parsed and shown in the page's locale, as online
    ):
        assert kept in html, kept
    assert "Choose the file again" in html


def test_a_bad_file_is_refused_and_nothing_is_written(client, general_call, handler_culture):
    client.force_login(handler_culture)
    before = snapshot()
    response = client.post(
        form_url(general_call),
        {**post_data(), "scanned_paper": SimpleUploadedFile("x.pdf", b"#!/bin/sh\necho hi\n")},
    )
    assert response.status_code == 422
    assert "scanned_paper" in {k for k, v in response.context["registration_errors"].items() if v}
    assert snapshot() == before


def test_adding_a_budget_row_or_pressing_enter_registers_nothing(
    client, general_call, handler_culture
):
    client.force_login(handler_culture)
    added = client.post(form_url(general_call), {**post_data(), "_add_row": "budget"})
    assert added.status_code == 200
    assert 'name="budget__1__item"' in added.content.decode()
    checked = client.post(form_url(general_call), post_data(action="check", purpose=""))
    assert checked.status_code == 200
    assert [a for a, _label, _message in checked.context["error_summary"]] == ["f-purpose"]
    assert Case.objects.count() == 0
    assert User.objects.filter(national_id=PERSON_ID).count() == 0
    assert ApplicantOrganisation.objects.count() == 0


def test_another_departments_call_is_not_found(client, general_call, handler_education):
    client.force_login(handler_education)
    assert client.get(form_url(general_call)).status_code == 404
    before = snapshot()
    assert client.post(form_url(general_call), post_data()).status_code == 404
    assert snapshot() == before


def test_residents_do_not_find_the_intake_pages(client, general_call, resident):
    client.force_login(resident)
    assert client.get(en("handling:intake_start")).status_code == 404
    assert client.post(form_url(general_call), post_data()).status_code == 404
    assert Case.objects.count() == 0
