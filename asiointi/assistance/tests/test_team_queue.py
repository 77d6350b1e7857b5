"""The social workers' team queues: a team filter (default: the worker's own team), urgent cases
first with a visible marker, confidential cases only for the department's team members, and
"take next" of the chosen team. Through HTTP, as Sanna (team lansi), Tero (team ita), Maija (the
social department but no team) and Kaisa (culture)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from asiointi.assistance.tests.conftest import audit_rows
from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case, CaseReadAudit
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.sending import case_send
from asiointi.cases.tests.conftest import snapshot
from asiointi.organisation.models import Department, Team
from asiointi.testing.fixtures import assistance_answers, make_person, strongly_identified, url

pytestmark = pytest.mark.django_db

# Session, user, the handler's departments (with whether they have teams and whether the user is
# in one), the department's services (which filters apply: no grant calls for social assistance),
# the department's teams, the colleagues to assign to, the filter panel's remembered state, the
# page of cases with its joins, the tab counts.
TEAM_QUEUE_QUERIES = 9


def send_assistance(person, *, postal_code="00320", days_ago=0, **overrides) -> Case:
    """A sent social-assistance application, received ``days_ago`` days ago."""
    case = case_create_draft(actor=strongly_identified(person), service=_service())
    case = case_send(
        actor=person,
        case=case,
        data=assistance_answers(person, postal_code=postal_code, **overrides),
    )
    Case.objects.filter(pk=case.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    case.refresh_from_db()
    return case


def _service():
    from asiointi.catalogue.models import Service

    return Service.objects.get(code="toimeentulotuki")


def team(code: str) -> Team:
    return Team.objects.get(department__code="social", code=code)


@pytest.fixture
def team_cases(assistance_service, resident, other_resident):
    """Western team: Aino's (10 days old) and an urgent one (1 day old); eastern team: Ville's
    urgent one (2 days old)."""
    urgent = {"urgent": True, "urgent_reason": "Ruoka on loppu."}
    return {
        "aino": send_assistance(resident, days_ago=10),
        "west_urgent": send_assistance(
            make_person("liisa", "Liisa", "Länsi"), days_ago=1, **urgent
        ),
        "ville": send_assistance(other_resident, postal_code="00930", days_ago=2, **urgent),
    }


def listed(response) -> list[int]:
    assert response.status_code == 200
    return [case.pk for case in response.context["cases"]]


def test_a_team_member_sees_the_own_team_by_default_urgent_first(client, team_cases, social_worker):
    client.force_login(social_worker)
    response = client.get(url("handling:queue"))
    assert listed(response) == [team_cases["west_urgent"].pk, team_cases["aino"].pk]
    assert response.context["team"] == team("lansi")
    assert [(key, count) for key, _label, count in response.context["tabs"]][0] == ("new", 2)
    page = response.content.decode()
    # The urgent marker is text, not colour alone; only on the urgent row.
    assert page.count("data-urgent=") == 1
    english = client.get(url("handling:queue", language="en")).content.decode()
    assert f'data-urgent="{team_cases["west_urgent"].pk}">Urgent</span>' in english
    # "Take next" is for the chosen team.
    assert f'name="team" value="{team("lansi").pk}"' in page


def test_all_teams_and_another_team(client, team_cases, social_worker):
    client.force_login(social_worker)
    everyone = listed(client.get(url("handling:queue"), {"team": "all"}))
    # Urgent first (received 1 and 2 days ago), then the others oldest first.
    assert everyone == [
        team_cases["ville"].pk,
        team_cases["west_urgent"].pk,
        team_cases["aino"].pk,
    ]
    east = client.get(url("handling:queue"), {"team": team("ita").pk})
    assert listed(east) == [team_cases["ville"].pk]
    assert [count for _key, _label, count in east.context["tabs"]] == [1, 0, 0, 0, 0]


def test_the_eastern_worker_defaults_to_the_eastern_team(client, team_cases, social_worker_east):
    client.force_login(social_worker_east)
    assert listed(client.get(url("handling:queue"))) == [team_cases["ville"].pk]


def test_staff_outside_the_teams_never_see_the_cases(
    client, team_cases, fee_official, handler_culture
):
    client.force_login(fee_official)
    for query in ({}, {"team": "all"}, {"team": team("lansi").pk}, {"tab": "processing"}):
        response = client.get(url("handling:queue"), query)
        assert listed(response) == []
        assert [count for _key, _label, count in response.context["tabs"]] == [0, 0, 0, 0, 0]
        for case in team_cases.values():
            assert case.record_number not in response.content.decode()
    client.force_login(handler_culture)
    response = client.get(url("handling:queue"))
    assert listed(response) == []
    assert "team" not in response.context["form"].fields
    assert not CaseReadAudit.objects.exists()


def test_take_next_takes_from_the_chosen_team(client, team_cases, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("handling:take_next"),
        {"department": Department.objects.get(code="social").pk, "team": team("ita").pk},
    )
    ville = Case.objects.get(pk=team_cases["ville"].pk)
    assert response.status_code == 302
    assert response["Location"] == url("handling:case", ville.pk)
    assert ville.handler == social_worker
    # The western cases were not touched.
    assert Case.objects.filter(handler__isnull=False).count() == 1
    # The next one of the eastern team: none left.
    response = client.post(
        url("handling:take_next"),
        {"department": Department.objects.get(code="social").pk, "team": team("ita").pk},
    )
    social = Department.objects.get(code="social")
    assert response["Location"] == (
        url("handling:queue") + f"?department={social.pk}&tab=new&team={team('ita').pk}"
    )
    assert Case.objects.filter(handler__isnull=False).count() == 1


def test_take_next_of_someone_outside_the_teams_takes_nothing(client, team_cases, fee_official):
    before = {name: snapshot(case) for name, case in team_cases.items()}
    client.force_login(fee_official)
    response = client.post(
        url("handling:take_next"),
        {"department": Department.objects.get(code="social").pk, "team": team("lansi").pk},
    )
    assert response.status_code == 302
    assert {name: snapshot(case) for name, case in team_cases.items()} == before


def test_team_queue_query_count_does_not_grow(
    client, django_assert_num_queries, assistance_service, resident, social_worker
):
    send_assistance(resident, days_ago=3)
    client.force_login(social_worker)
    query = {"tab": "new"}
    with CaptureQueriesContext(connection) as small:
        assert client.get(url("handling:queue"), query).status_code == 200
    for number in range(55):
        send_assistance(
            make_person(f"hakija{number}", "Hakija", f"Nro{number}"),
            urgent=number % 5 == 0,
            urgent_reason="Kiire." if number % 5 == 0 else "",
        )
    with django_assert_num_queries(TEAM_QUEUE_QUERIES):
        response = client.get(url("handling:queue"), query)
    assert len(small) == TEAM_QUEUE_QUERIES
    cases = response.context["cases"]
    assert len(cases) == 50
    assert [case.urgent for case in cases[:11]] == [True] * 11
    assert cases[11].urgent is False
    assert all(case.status == CaseStatus.RECEIVED for case in cases)


# --- The team's work on a confidential case ---------------------------------------------------


def test_the_case_page_says_reads_are_logged_and_logs_exactly_one(
    client, submitted_assistance, social_worker
):
    client.force_login(social_worker)
    response = client.get(url("handling:case", submitted_assistance.pk, language="en"))
    assert response.status_code == 200
    notice = (
        response.content.decode().split('id="confidential-notice"', 1)[1].split("</section>")[0]
    )
    assert "<strong>Confidential: every read is logged</strong>" in notice
    assert audit_rows() == [(social_worker.pk, submitted_assistance.pk, "confidential", "case")]


def test_a_grant_case_page_has_no_confidentiality_notice(client, submitted, handler_culture):
    client.force_login(handler_culture)
    response = client.get(url("handling:case", submitted.pk))
    assert 'id="confidential-notice"' not in response.content.decode()
    assert not CaseReadAudit.objects.exists()


def test_only_team_members_are_offered_and_accepted_as_handlers(
    client, submitted_assistance, social_worker, social_worker_east, fee_official
):
    client.force_login(social_worker)
    response = client.get(url("handling:case", submitted_assistance.pk))
    assert response.context["department_handlers"] == [social_worker, social_worker_east]
    before = snapshot(submitted_assistance)
    refused = client.post(
        url("handling:assign", submitted_assistance.pk, language="en"),
        {"handler": fee_official.pk, "lock_version": submitted_assistance.lock_version},
        follow=True,
    )
    assert (
        "Maija Maksu is not in a team of the department and may not handle confidential "
        "applications."
    ) in refused.content.decode()
    assert snapshot(submitted_assistance) == before
    client.post(
        url("handling:assign", submitted_assistance.pk),
        {"handler": social_worker_east.pk, "lock_version": submitted_assistance.lock_version},
    )
    submitted_assistance.refresh_from_db()
    assert submitted_assistance.handler == social_worker_east


def test_a_confidential_case_is_transferred_only_to_departments_with_teams(
    client, submitted_assistance, social_worker
):
    client.force_login(social_worker)
    response = client.get(url("handling:case", submitted_assistance.pk))
    # In the demo only the social department works in teams.
    assert response.context["transfer_departments"] == []
    before = snapshot(submitted_assistance)
    refused = client.post(
        url("handling:transfer", submitted_assistance.pk, language="en"),
        {
            "department": Department.objects.get(code="culture").pk,
            "reason": "Kuuluu muualle.",
            "lock_version": submitted_assistance.lock_version,
        },
    )
    assert refused.status_code == 422
    assert refused.context["form_errors"] == {
        "transfer": {
            "department": ["A confidential application can only go to a department with teams."]
        }
    }
    assert snapshot(submitted_assistance) == before


def test_a_grant_case_is_still_transferred_anywhere(client, submitted, handler_culture):
    client.force_login(handler_culture)
    response = client.get(url("handling:case", submitted.pk))
    assert len(response.context["transfer_departments"]) == Department.objects.count() - 1
    assert len(response.context["department_handlers"]) == 1


def test_claim_supplement_note_and_timeline_work_for_the_team(
    client, submitted_assistance, social_worker, social_worker_east
):
    case = submitted_assistance
    client.force_login(social_worker)
    client.post(url("handling:claim", case.pk), {"lock_version": case.lock_version})
    case.refresh_from_db()
    assert case.handler == social_worker
    client.post(url("handling:start_processing", case.pk), {"lock_version": case.lock_version})
    case.refresh_from_db()
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    client.post(
        url("handling:request_supplement", case.pk),
        {"message": "Lähetä tiliote.", "due_date": due, "lock_version": case.lock_version},
    )
    client.force_login(social_worker_east)
    client.post(url("handling:note_add", case.pk), {"body": "Soitettu asiakkaalle."})
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_SUPPLEMENT
    CaseReadAudit.objects.all().delete()
    response = client.get(url("handling:case", case.pk))
    assert [event.kind for event in response.context["events"]] == [
        "created",
        "team_changed",
        "submitted",
        "assigned",
        "processing_started",
        "supplement_requested",
        "note_added",
    ]
    assert [note.body for note in response.context["notes"]] == ["Soitettu asiakkaalle."]
    assert audit_rows() == [(social_worker_east.pk, case.pk, "confidential", "case")]
