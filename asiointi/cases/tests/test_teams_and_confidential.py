"""The case core grown for confidential benefits: team routing by area, benefits without calls,
"take next" and the grant-only querysets."""

import pytest
from django.utils import translation

from asiointi.cases.constants import CaseStatus, EventKind
from asiointi.cases.models import Case
from asiointi.cases.routing import team_for
from asiointi.cases.services.assignment import case_claim, case_take_next
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.notes import note_add
from asiointi.cases.services.sending import case_send
from asiointi.common.errors import DomainError, NotFound
from asiointi.organisation.models import Department, Team
from asiointi.testing.fixtures import assistance_answers, strongly_identified

pytestmark = pytest.mark.django_db


@pytest.fixture
def social(catalogue) -> Department:
    return Department.objects.get(code="social")


@pytest.mark.parametrize(
    ("postal_code", "team"),
    [
        ("00320", "lansi"),  # Haaga: prefix 0032
        ("00 930", "ita"),  # spaces ignored; prefix 0093
        ("00100", "keskusta"),  # no area covers it: the default team
        ("", "keskusta"),
    ],
)
def test_team_is_chosen_by_postal_code(social, postal_code, team):
    assert team_for(department_id=social.pk, postal_code=postal_code).code == team


def test_longest_prefix_wins(social):
    Team.objects.create(
        department=social,
        code="haaga",
        name_fi="Haaga",
        name_sv="Haga",
        name_en="Haaga",
        postal_code_prefixes=["00320"],
    )
    assert team_for(department_id=social.pk, postal_code="00320").code == "haaga"
    assert team_for(department_id=social.pk, postal_code="00330").code == "lansi"


def test_department_without_teams_routes_nowhere(catalogue):
    culture = Department.objects.get(code="culture")
    assert team_for(department_id=culture.pk, postal_code="00320") is None


def test_sent_application_is_routed_and_the_routing_is_internal(assistance_service, resident):
    case = case_create_draft(actor=strongly_identified(resident), service=assistance_service)
    case = case_send(
        actor=resident,
        case=case,
        data=assistance_answers(resident, postal_code="00930", urgent=True),
    )
    case.refresh_from_db()
    assert (case.status, case.team.code, case.urgent) == (CaseStatus.RECEIVED, "ita", True)
    event = case.events.get(kind=EventKind.TEAM_CHANGED)
    assert (event.details, event.visible_to_applicant) == ({"team": "ita", "how": "area"}, False)


def test_a_grant_service_is_applied_for_only_through_a_call(general_call, resident):
    with translation.override("en"), pytest.raises(DomainError) as error:
        case_create_draft(actor=resident, service=general_call.service)
    assert error.value.message == "This service cannot be applied for online."
    assert not Case.objects.exists()


def test_a_confidential_benefit_is_never_an_organisations(
    assistance_service, representative, association
):
    with translation.override("en"), pytest.raises(DomainError) as error:
        case_create_draft(
            actor=representative, service=assistance_service, organisation=association
        )
    assert error.value.message == "This service is applied for by a person, not an organisation."
    assert not Case.objects.exists()


def test_take_next_passes_over_confidential_cases_for_staff_outside_the_teams(
    submitted_assistance, fee_official, social_worker, social
):
    assert case_take_next(actor=fee_official, department=social) is None
    taken = case_take_next(actor=social_worker, department=social)
    assert (taken.pk, taken.handler) == (submitted_assistance.pk, social_worker)


def test_take_next_of_one_team(submitted_assistance, social_worker, social):
    east = Team.objects.get(department=social, code="ita")
    assert case_take_next(actor=social_worker, department=social, team=east) is None
    west = Team.objects.get(department=social, code="lansi")
    taken = case_take_next(actor=social_worker, department=social, team=west)
    assert taken.pk == submitted_assistance.pk


def test_services_refuse_staff_outside_the_teams(submitted_assistance, fee_official):
    before = submitted_assistance.events.count()
    with pytest.raises(NotFound):
        case_claim(actor=fee_official, case=submitted_assistance)
    with pytest.raises(NotFound):
        note_add(actor=fee_official, case=submitted_assistance, body="Luin tämän.")
    submitted_assistance.refresh_from_db()
    assert submitted_assistance.handler is None
    assert submitted_assistance.events.count() == before
    assert not submitted_assistance.internal_notes.exists()


def test_grant_querysets_leave_confidential_cases_out(submitted_assistance, submitted):
    assert list(Case.objects.grants()) == [submitted]
    assert list(Case.objects.not_confidential()) == [submitted]


def test_receipt_email_of_a_confidential_service_names_neither_service_nor_unit(
    assistance_service, resident, django_capture_on_commit_callbacks
):
    from django.core import mail

    case = case_create_draft(actor=strongly_identified(resident), service=assistance_service)
    with django_capture_on_commit_callbacks(execute=True):
        case = case_send(actor=resident, case=case, data=assistance_answers(resident))
    (receipt,) = mail.outbox
    assert case.record_number in receipt.subject
    assert case.record_number in receipt.body
    # Ordinary email is not confidential: nothing in it says the person applies for assistance.
    for revealing in ("toimeentulotuki", "Toimeentulotuki", "Aikuissosiaalityö", "09 310 44556"):
        assert revealing not in receipt.subject
        assert revealing not in receipt.body


def test_take_next_takes_an_urgent_case_before_older_ones(
    submitted_assistance, other_resident, assistance_service, social_worker, social
):
    later = case_create_draft(actor=strongly_identified(other_resident), service=assistance_service)
    later = case_send(
        actor=other_resident, case=later, data=assistance_answers(other_resident, urgent=True)
    )
    assert case_take_next(actor=social_worker, department=social).pk == later.pk
    assert case_take_next(actor=social_worker, department=social).pk == (submitted_assistance.pk)
