"""Reading across departments in the browser pages: search, the read-only case page with its
audit row, and the auditors' list of reads."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asiointi.cases.models import CaseReadAudit
from asiointi.handling.tests.conftest import sent_case
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.testing.fixtures import make_person

pytestmark = pytest.mark.django_db


def search(client, text: str):
    return client.get(reverse("handling:search"), {"q": text})


def test_search_finds_grant_cases_of_every_department(
    client, handler_education, queue_cases, association
):
    client.force_login(handler_education)
    response = search(client, "Kallion")
    found = {case.pk for case in response.context["cases"]}
    own = queue_cases["education"]
    expected = {queue_cases[k].pk for k in ("kallio", "processing")} | {own.pk}
    assert found == expected
    content = response.content.decode()
    # Other departments' cases open read-only; the own department's the handler's page.
    assert reverse("handling:read", args=[queue_cases["kallio"].pk]) in content
    assert reverse("handling:case", args=[own.pk]) in content
    assert not CaseReadAudit.objects.exists()  # a search result is not a read


def test_search_by_business_id_record_number_and_person(client, handler_education, queue_cases):
    client.force_login(handler_education)
    assert {c.pk for c in search(client, "2345678-0").context["cases"]} == {
        queue_cases["sports"].pk,
        queue_cases["supplement"].pk,
    }
    record = queue_cases["aino"].record_number
    assert [c.pk for c in search(client, record).context["cases"]] == [queue_cases["aino"].pk]
    assert {c.pk for c in search(client, "Aino Asukas").context["cases"]} == {
        queue_cases["aino"].pk,
        queue_cases["decided"].pk,
    }


def test_search_needs_a_membership(client, catalogue):
    client.force_login(make_person("sanna", "Sanna", "Sivullinen", is_staff=True))
    assert search(client, "ry").status_code == 404


def test_search_query_count_does_not_grow(
    client, django_assert_num_queries, handler_education, general_call, association
):
    representative = make_person("r0", "Risto", "Edustaja")
    sent_case(person=representative, call=general_call, organisation=association)
    client.force_login(handler_education)
    with CaptureQueriesContext(connection) as small:
        assert search(client, "Kallion").status_code == 200
    for number in range(30):
        sent_case(
            person=make_person(f"p{number}", "Pekka", f"Nro{number}"),
            call=general_call,
            organisation=association if number % 2 else None,
        )
    # Session, user, departments, the organisations and the people the word matches, the page of
    # results with its joins.
    assert len(small) == 6
    with django_assert_num_queries(6):
        response = search(client, "Kallion")
    assert len(response.context["cases"]) == 16


def test_an_outsiders_read_is_audited_once_per_read(client, handler_education, queue_cases):
    client.force_login(handler_education)
    case = queue_cases["kallio"]
    response = client.get(reverse("handling:read", args=[case.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="read-only-note"' in content
    assert "/kasittely/" + str(case.pk) + "/" not in content  # no action forms, no links to them
    assert 'action="/kasittely/' not in content
    [audit] = CaseReadAudit.objects.all()
    assert (audit.reader, audit.case) == (handler_education, case)
    client.get(reverse("handling:read", args=[case.pk]))
    assert CaseReadAudit.objects.filter(reader=handler_education, case=case).count() == 2


def test_a_members_read_is_not_audited(client, handler_culture, queue_cases):
    client.force_login(handler_culture)
    assert client.get(reverse("handling:read", args=[queue_cases["kallio"].pk])).status_code == 200
    assert not CaseReadAudit.objects.exists()


def test_drafts_are_never_read(client, handler_education, general_call, resident):
    from asiointi.cases.services.drafts import case_create_draft

    draft = case_create_draft(actor=resident, grant_call=general_call)
    client.force_login(handler_education)
    assert client.get(reverse("handling:read", args=[draft.pk])).status_code == 404
    assert not CaseReadAudit.objects.exists()


@pytest.mark.parametrize("role", [StaffRole.DEPARTMENT_ADMIN, StaffRole.REPORTING])
def test_auditors_list_the_reads(client, handler_education, queue_cases, role):
    client.force_login(handler_education)
    client.get(reverse("handling:read", args=[queue_cases["kallio"].pk]))
    auditor = make_person("tarja", "Tarja", "Tarkastaja", is_staff=True)
    Membership.objects.create(
        user=auditor, department=Department.objects.get(code="culture"), role=role
    )
    client.force_login(auditor)
    response = client.get(reverse("handling:read_audit"))
    assert response.status_code == 200
    [entry] = response.context["entries"]
    assert (entry.reader, entry.case) == (handler_education, queue_cases["kallio"])
    content = response.content.decode()
    assert "Olli Opetus" in content
    assert queue_cases["kallio"].record_number in content


def test_plain_handlers_do_not_see_the_read_audit(client, handler_culture, catalogue):
    client.force_login(handler_culture)
    assert client.get(reverse("handling:read_audit")).status_code == 404
