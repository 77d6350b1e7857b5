"""Applying for social assistance (toimeentulotuki) online, through the folder pages a resident
uses: the start page, the draft, sending, routing to the area's team, supplements, attachments,
and nobody else reaching the case."""

import datetime

import pytest
from django.utils import timezone, translation

from asiointi.accounts.acting import SESSION_KEY
from asiointi.cases.constants import AttachmentKind, CaseStatus, Channel, EventKind
from asiointi.cases.models import Attachment, Case, CaseVersion, Message, TimelineEvent
from asiointi.cases.services.attachments import attachment_add
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.processing import case_request_supplement, case_start_processing
from asiointi.cases.tests.test_intake import private_attachment_store  # noqa: F401
from asiointi.testing.fixtures import assistance_answers, en, pdf_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_attachment_store")]

AINO_ID = "131052-308T"
MATTI_ID = "010170-100R"


def form_post(data: dict, action: str, lock_version: int) -> dict:
    """The POST a browser sends for the social-assistance form's ``data``."""
    fields = {"action": action, "lock_version": str(lock_version)}
    for name, value in data.items():
        if isinstance(value, list):
            fields[f"{name}__rows"] = str(len(value))
            for index, row in enumerate(value):
                for column, cell in row.items():
                    fields[f"{name}__{index}__{column}"] = cell
        elif isinstance(value, bool):
            fields[name] = "yes" if value else "no"
        else:
            fields[name] = str(value)
    return fields


def sent_data(answers: dict) -> dict:
    """What the form engine keeps of ``answers``: empty groups are left out."""
    return {name: value for name, value in answers.items() if value != []}


@pytest.fixture
def aino(resident):
    """Aino, strongly identified (the login gave her henkilötunnus)."""
    resident.national_id = AINO_ID
    resident.save(update_fields=["national_id"])
    return resident


@pytest.fixture
def draft(assistance_service, aino):
    return case_create_draft(actor=aino, service=assistance_service)


def send(client, case, answers) -> object:
    case.refresh_from_db()
    return client.post(en("cases:edit", case.pk), form_post(answers, "send", case.lock_version))


def snapshot() -> dict:
    return {
        "cases": list(Case.objects.order_by("pk").values()),
        "versions": CaseVersion.objects.count(),
        "events": TimelineEvent.objects.count(),
        "attachments": Attachment.objects.count(),
        "messages": Message.objects.count(),
    }


# --- Starting ---------------------------------------------------------------------------------


def test_folder_lists_the_benefit_with_a_link_to_its_start_page(client, assistance_service, aino):
    client.force_login(aino)
    page = client.get(en("cases:folder"))
    html = page.content.decode()
    assert [service.code for service in page.context["benefit_services"]] == ["toimeentulotuki"]
    assert "Apply for a benefit" in html
    assert f'href="{en("cases:start_service", "toimeentulotuki")}"' in html


def test_start_page_explains_what_the_application_needs(client, assistance_service, aino):
    client.force_login(aino)
    response = client.get(en("cases:start_service", "toimeentulotuki"))
    html = response.content.decode()
    assert response.status_code == 200
    for needed in (
        "Your household: the other people living in the same home",
        "The monthly incomes of everyone in the household",
        "with receipts as attachments",
        "The reason you apply, and whether the matter is urgent.",
        "The matter is confidential. Only the social workers of your area see the application",
    ):
        assert needed in html
    assert 'id="start-application"' in html
    assert f'action="{en("cases:start_service", "toimeentulotuki")}"' in html
    assert not Case.objects.exists()


def test_start_button_makes_a_prefilled_draft_without_a_call(client, assistance_service, aino):
    client.force_login(aino)
    response = client.post(en("cases:start_service", "toimeentulotuki"))
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == en("cases:edit", case.pk)
    assert (case.service, case.grant_call, case.applicant, case.organisation) == (
        assistance_service,
        None,
        aino,
        None,
    )
    assert (case.status, case.channel, case.team, case.record_number) == (
        CaseStatus.DRAFT,
        Channel.ONLINE,
        None,
        None,
    )
    assert case.department.code == "social"
    assert case.draft_data == {"contact_name": "Aino Asukas", "contact_email": "aino@example.com"}
    assert list(case.events.values_list("kind", flat=True)) == [EventKind.CREATED]


@pytest.mark.parametrize("code", ["ei-ole", "yleisavustus"])
def test_unknown_or_non_benefit_service_is_not_found(client, assistance_service, aino, code):
    client.force_login(aino)
    assert client.get(en("cases:start_service", code)).status_code == 404
    assert client.post(en("cases:start_service", code)).status_code == 404
    assert not Case.objects.exists()


def test_without_strong_identification_nothing_is_started(client, assistance_service, resident):
    assert resident.national_id is None
    client.force_login(resident)
    page = client.get(en("cases:start_service", "toimeentulotuki")).content.decode()
    assert "This service can be applied for only after strong identification." in page
    assert 'id="start-application"' not in page

    response = client.post(en("cases:start_service", "toimeentulotuki"), follow=True)

    assert response.redirect_chain == [(en("cases:start_service", "toimeentulotuki"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "This service can be applied for only after strong identification."
    ]
    assert not Case.objects.exists()


def test_acting_for_an_organisation_the_service_refuses(
    client, assistance_service, representative, association
):
    representative.national_id = MATTI_ID
    representative.save(update_fields=["national_id"])
    client.force_login(representative)
    session = client.session
    session[SESSION_KEY] = association.pk
    session.save()
    folder = client.get(en("cases:folder"))
    assert folder.context["benefit_services"] == []

    response = client.post(en("cases:start_service", "toimeentulotuki"), follow=True)

    assert response.redirect_chain == [(en("cases:start_service", "toimeentulotuki"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "This service is applied for by a person, not an organisation."
    ]
    assert 'id="start-application"' not in response.content.decode()
    assert not Case.objects.exists()


# --- The draft and sending --------------------------------------------------------------------


def test_an_invalid_draft_is_saved_as_typed(client, draft, aino):
    client.force_login(aino)
    typed = {"postal_code": "003", "incomes": [{"type": "wage", "amount": "paljon"}]}
    response = client.post(en("cases:edit", draft.pk), form_post(typed, "save", 0))
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.draft_data == typed
    assert (draft.status, draft.version_count, draft.record_number) == (CaseStatus.DRAFT, 0, None)


def test_sending_with_errors_names_each_one_and_sends_nothing(client, draft, aino):
    client.force_login(aino)
    answers = assistance_answers(
        aino,
        postal_code="0032",
        household=[{"name": "Eemeli", "relation": "cousin", "birth_date": "2015-03-01"}],
        incomes=[{"person": "Aino Asukas", "type": "wage", "amount": "-5"}],
    )
    del answers["reason"]

    response = send(client, draft, answers)

    assert response.status_code == 422
    assert [anchor for anchor, _label, _message in response.context["error_summary"]] == [
        "f-postal_code",
        "f-household-0-relation",
        "f-incomes-0-amount",
        "f-reason",
    ]
    draft.refresh_from_db()
    assert (draft.status, draft.version_count, draft.record_number, draft.team) == (
        CaseStatus.DRAFT,
        0,
        None,
        None,
    )
    assert draft.draft_data["postal_code"] == "0032"
    assert not CaseVersion.objects.exists()


@pytest.mark.parametrize(
    ("postal_code", "team"), [("00320", "lansi"), ("00930", "ita"), ("00100", "keskusta")]
)
def test_sending_gives_a_record_number_and_routes_to_the_area_team(
    client, draft, aino, postal_code, team
):
    client.force_login(aino)
    answers = assistance_answers(aino, postal_code=postal_code)

    response = send(client, draft, answers)

    assert response.status_code == 302
    assert response["Location"] == en("cases:detail", draft.pk)
    case = Case.objects.get()
    assert case.record_number == f"ASI-{timezone.localdate().year}-000001"
    assert (case.status, case.version_count, case.team.code, case.urgent) == (
        CaseStatus.RECEIVED,
        1,
        team,
        False,
    )
    assert case.versions.get().data == sent_data(answers)
    routed = case.events.get(kind=EventKind.TEAM_CHANGED)
    assert routed.details == {"team": team, "how": "area"}
    # The folder shows the case with its record number and status.
    folder = client.get(en("cases:folder"))
    assert [row.pk for row in folder.context["cases"]] == [case.pk]
    html = folder.content.decode()
    assert case.record_number in html
    assert (
        '<span class="hds-status-label hds-status-label--info status-received">Received</span>'
        in html
    )


def test_an_urgent_application_is_an_urgent_case(client, draft, aino):
    client.force_login(aino)
    answers = assistance_answers(aino, urgent=True, urgent_reason="Ruoka on loppu.")
    assert send(client, draft, answers).status_code == 302
    case = Case.objects.get()
    assert (case.urgent, case.status) == (True, CaseStatus.RECEIVED)


def test_a_household_is_kept_row_by_row(client, draft, aino):
    client.force_login(aino)
    household = [
        {"name": "Pekka Asukas", "relation": "spouse", "birth_date": "1980-05-02"},
        {"name": "Eemeli Asukas", "relation": "child", "birth_date": "2015-03-01"},
    ]
    answers = assistance_answers(aino, household=household)
    assert send(client, draft, answers).status_code == 302
    assert Case.objects.get().versions.get().data["household"] == household


@pytest.mark.parametrize(
    "kind",
    [AttachmentKind.RECEIPTS, AttachmentKind.INCOME_PROOF, AttachmentKind.BANK_STATEMENT],
)
def test_receipts_and_proofs_are_accepted_as_attachments(client, draft, aino, kind):
    client.force_login(aino)
    edit = client.get(en("cases:edit", draft.pk))
    assert kind in [value for value, _label in edit.context["attachment_kinds"]]
    response = client.post(
        en("cases:attachment_upload", draft.pk), {"kind": kind, "file": pdf_upload("kuitti.pdf")}
    )
    assert response.status_code == 302
    attachment = draft.attachments.get()
    assert (attachment.kind, attachment.display_name, attachment.from_staff) == (
        kind,
        "kuitti.pdf",
        False,
    )


# --- After sending ----------------------------------------------------------------------------


@pytest.fixture
def sent(client, draft, aino):
    client.force_login(aino)
    assert send(client, draft, assistance_answers(aino)).status_code == 302
    return Case.objects.get()


def test_a_supplement_request_is_answered_with_version_two(client, sent, aino, social_worker):
    case_start_processing(actor=social_worker, case=sent)
    case_request_supplement(
        actor=social_worker,
        case=Case.objects.get(),
        message="Lähetä tiliotteet viimeiseltä kahdelta kuukaudelta.",
        due_date=timezone.localdate() + datetime.timedelta(days=7),
    )
    case = Case.objects.get()
    assert case.status == CaseStatus.AWAITING_SUPPLEMENT
    assert client.get(en("cases:edit", case.pk)).status_code == 200

    answers = assistance_answers(aino, expenses=[{"type": "rent", "amount": "700.00"}])
    response = send(client, case, answers)

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.version_count) == (CaseStatus.IN_PROCESSING, 2)
    assert [v.number for v in case.versions.all()] == [1, 2]
    assert case.versions.get(number=2).data["expenses"] == [{"type": "rent", "amount": "700.00"}]
    # Routing happens once, at the first send; the team stays.
    assert (case.team.code, case.events.filter(kind=EventKind.TEAM_CHANGED).count()) == ("lansi", 1)


def test_in_processing_the_form_is_locked_but_attachments_are_accepted(
    client, sent, aino, social_worker
):
    case_start_processing(actor=social_worker, case=sent)
    case = Case.objects.get()
    edit = client.get(en("cases:edit", case.pk))
    assert edit.status_code == 302
    assert edit["Location"] == en("cases:detail", case.pk)
    before = snapshot()
    refused = send(client, case, assistance_answers(aino, postal_code="00930"))
    assert refused.status_code == 302
    assert snapshot() == before

    response = client.post(
        en("cases:attachment_upload", case.pk),
        {"kind": AttachmentKind.BANK_STATEMENT, "file": pdf_upload("tiliote.pdf")},
    )

    assert response.status_code == 302
    assert [(a.kind, a.display_name) for a in case.attachments.all()] == [
        (AttachmentKind.BANK_STATEMENT, "tiliote.pdf")
    ]
    assert Case.objects.get().status == CaseStatus.IN_PROCESSING


def test_another_resident_reaches_no_page_of_the_case(client, sent, aino, other_resident):
    attachment_add(actor=aino, case=sent, upload=pdf_upload(), kind="receipts")
    attachment = sent.attachments.get()
    other_resident.national_id = MATTI_ID
    other_resident.save(update_fields=["national_id"])
    client.force_login(other_resident)
    before = snapshot()
    upload = pdf_upload()
    pages = [
        ("get", en("cases:detail", sent.pk), {}),
        ("get", en("cases:edit", sent.pk), {}),
        ("post", en("cases:edit", sent.pk), form_post(assistance_answers(aino), "send", 99)),
        ("get", en("cases:delete", sent.pk), {}),
        ("post", en("cases:delete", sent.pk), {}),
        ("get", en("cases:withdraw", sent.pk), {}),
        ("post", en("cases:withdraw", sent.pk), {}),
        ("get", en("cases:version", sent.pk, 1), {}),
        ("post", en("cases:attachment_upload", sent.pk), {"kind": "receipts", "file": upload}),
        ("get", en("cases:attachment", sent.pk, attachment.pk), {}),
        ("post", en("cases:message_send", sent.pk), {"body": "Hei"}),
    ]
    for method, address, data in pages:
        response = getattr(client, method)(address, data)
        assert (address, response.status_code) == (address, 404)
    assert snapshot() == before
    with translation.override("en"):
        assert client.get(en("cases:folder")).context["cases"] == []
