"""Staff intake of social assistance applications received on paper, by phone or at a visit
(/kasittely/kirjaus/palvelu/<code>/): only the social-work team members register them, and the
registered case is routed and handled exactly like an online one."""

import pytest
from django.urls import reverse
from django.utils import timezone

from asiointi.accounts.models import User
from asiointi.assistance.tests.test_apply_online import form_post, sent_data
from asiointi.cases import intake
from asiointi.cases.constants import AttachmentKind, CaseStatus, Channel, EventKind
from asiointi.cases.models import Case, CaseReadAudit
from asiointi.cases.services.assignment import case_take_next
from asiointi.cases.tests.test_intake import private_attachment_store, snapshot  # noqa: F401
from asiointi.common.errors import NotFound
from asiointi.organisation.models import Department
from asiointi.testing.fixtures import assistance_answers, en, pdf_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_attachment_store")]

PERSON_ID = "131052-308T"
FORM = ("handling:intake_service_form", "toimeentulotuki")


def paper_person() -> User:
    """The person on the paper form: not a user yet (the form names them)."""
    return User(first_name="Eeva", last_name="Esimerkki", email="eeva@example.com")


def registration(answers: dict, **changes) -> dict:
    """What the browser posts: the registration's own fields and the form filled in from paper."""
    data = {
        **form_post(answers, "register", 0),
        "applicant_national_id": PERSON_ID,
        "applicant_first_name": "Eeva",
        "applicant_last_name": "Esimerkki",
        "intake_channel": "paper",
        "received_on": timezone.localdate().isoformat(),
    }
    del data["lock_version"]
    data.update(changes)
    return data


def test_intake_start_lists_the_benefit_for_team_members(client, catalogue, social_worker):
    client.force_login(social_worker)
    page = client.get(en("handling:intake_start"))
    assert [service.code for service in page.context["benefit_services"]] == ["toimeentulotuki"]
    assert f'href="{en(*FORM)}"' in page.content.decode()
    form = client.get(en(*FORM))
    html = form.content.decode()
    assert form.status_code == 200
    assert 'name="applicant_national_id"' in html
    assert 'name="household__rows"' in html
    # A confidential benefit is a person's own matter: no organisation fields.
    assert 'name="organisation_business_id"' not in html


@pytest.mark.parametrize("persona", ["fee_official", "handler_culture", "resident"])
def test_staff_outside_the_teams_neither_see_nor_post_it(
    client, request, assistance_service, persona
):
    client.force_login(request.getfixturevalue(persona))
    start = client.get(en("handling:intake_start"))
    if persona == "resident":
        assert start.status_code == 404
    else:
        assert start.context["benefit_services"] == []
    before = snapshot()
    assert client.get(en(*FORM)).status_code == 404
    answers = assistance_answers(paper_person())
    assert client.post(en(*FORM), registration(answers)).status_code == 404
    assert snapshot() == before


def test_unknown_service_code_is_not_found(client, catalogue, social_worker):
    client.force_login(social_worker)
    assert client.get(en("handling:intake_service_form", "ei-ole")).status_code == 404
    # A grant service is registered through its call, never without one.
    assert client.get(en("handling:intake_service_form", "yleisavustus")).status_code == 404


def test_a_paper_application_is_registered_routed_and_queued_like_an_online_one(
    client, assistance_service, social_worker
):
    client.force_login(social_worker)
    answers = assistance_answers(paper_person())

    response = client.post(
        en(*FORM), {**registration(answers), "scanned_paper": pdf_upload("paperi.pdf")}
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("handling:case", args=[case.pk])
    assert (case.service, case.grant_call, case.channel, case.handler) == (
        assistance_service,
        None,
        Channel.PAPER,
        None,
    )
    assert (case.status, case.team.code, case.version_count) == (CaseStatus.RECEIVED, "lansi", 1)
    assert case.record_number == f"ASI-{timezone.localdate().year}-000001"
    assert (case.applicant.national_id, case.applicant.get_full_name()) == (
        PERSON_ID,
        "Eeva Esimerkki",
    )
    assert case.organisation is None
    assert case.versions.get().data == sent_data(answers)
    assert [(a.kind, a.display_name, a.from_staff) for a in case.attachments.all()] == [
        (AttachmentKind.SCANNED_PAPER, "paperi.pdf", True)
    ]
    assert sorted(case.events.values_list("kind", flat=True)) == sorted(
        [EventKind.TEAM_CHANGED, EventKind.REGISTERED_BY_STAFF]
    )
    registered = case.events.get(kind=EventKind.REGISTERED_BY_STAFF)
    assert (registered.actor, registered.details["channel"]) == (social_worker, "paper")
    # Handled exactly the same: the team's "take next" gets it, and the case page opens (audited).
    social = Department.objects.get(code="social")
    taken = case_take_next(actor=social_worker, department=social, team=case.team)
    assert (taken.pk, taken.handler) == (case.pk, social_worker)
    assert client.get(response["Location"]).status_code == 200
    assert CaseReadAudit.objects.filter(case=case, reader=social_worker).exists()


def test_a_phone_application_of_the_eastern_area_goes_to_its_team(
    client, assistance_service, social_worker_east
):
    client.force_login(social_worker_east)
    answers = assistance_answers(paper_person(), postal_code="00930", urgent=True)

    response = client.post(en(*FORM), registration(answers, intake_channel="phone"))

    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.channel, case.team.code, case.urgent, case.status) == (
        Channel.PHONE,
        "ita",
        True,
        CaseStatus.RECEIVED,
    )
    assert case.attachments.count() == 0


def test_a_registered_application_is_found_in_the_persons_folder(
    client, assistance_service, social_worker, resident
):
    resident.national_id = PERSON_ID
    resident.save(update_fields=["national_id"])
    client.force_login(social_worker)
    answers = assistance_answers(resident)
    response = client.post(
        en(*FORM),
        registration(
            answers, applicant_first_name="", applicant_last_name="", intake_channel="visit"
        ),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.applicant, case.channel) == (resident, Channel.VISIT)

    client.force_login(resident)
    folder = client.get(en("cases:folder"))
    assert [row.pk for row in folder.context["cases"]] == [case.pk]
    assert client.get(en("cases:detail", case.pk)).status_code == 200


def test_errors_are_shown_and_nothing_is_registered(client, assistance_service, social_worker):
    client.force_login(social_worker)
    answers = assistance_answers(paper_person(), postal_code="123")
    del answers["reason"]
    before = snapshot()

    response = client.post(
        en(*FORM),
        registration(
            answers,
            intake_channel="online",
            organisation_business_id="0201256-6",
            organisation_name_registered="Yhdistys ry",
        ),
    )

    assert response.status_code == 422
    assert snapshot() == before
    assert [anchor for anchor, _label, _message in response.context["error_summary"]] == [
        "intake-organisation_business_id",
        "intake-intake_channel",
        "f-postal_code",
        "f-reason",
    ]
    assert response.context["registration_errors"]["organisation_business_id"] == [
        "This service is applied for by a person, not an organisation."
    ]


def test_the_service_refuses_staff_outside_the_teams(assistance_service, fee_official):
    before = snapshot()
    with pytest.raises(NotFound):
        intake.case_register_by_staff(
            actor=fee_official,
            service=assistance_service,
            grant_call=None,
            applicant_national_id=PERSON_ID,
            applicant_first_name="Eeva",
            applicant_last_name="Esimerkki",
            data=assistance_answers(paper_person()),
            channel=Channel.PAPER,
            received_on=timezone.localdate(),
        )
    assert snapshot() == before


def test_a_grant_is_never_registered_without_its_call(general_call, handler_culture):
    before = snapshot()
    with pytest.raises(NotFound):
        intake.case_register_by_staff(
            actor=handler_culture,
            service=general_call.service,
            grant_call=None,
            applicant_national_id=PERSON_ID,
            applicant_first_name="Eeva",
            applicant_last_name="Esimerkki",
            data={},
            channel=Channel.PAPER,
            received_on=timezone.localdate(),
        )
    assert snapshot() == before
