"""Overlaps on the handler's case page, and the city-wide report of applicants granted money by
several departments (/kasittely/paallekkaisyydet/)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case
from asiointi.catalogue.models import GrantCall
from asiointi.handling import overlap_views
from asiointi.handling.tests.conftest import sent_case
from asiointi.organisation.models import Department
from asiointi.testing.fixtures import en, make_person, url

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
# Serving a fresh snapshot: session, user, the staff member's departments, the snapshot, the
# page's rows (a range of positions; the count is the snapshot's).
FRESH_REPORT_QUERIES = 5
# Refreshing a stale snapshot inline (max age 0, immediate tasks): the 5 above, the conditional
# UPDATE claiming the refresh, the snapshot read again, the report's one aggregate query, the
# department names, and the replacement in one transaction (SAVEPOINT, DELETE, INSERT snapshot,
# INSERT rows, RELEASE): 5 + 2 + 2 + 5.
REPORT_QUERIES = 14


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def grant(case: Case, *, department: str, amount: str, outcome="approved", year=YEAR, status=None):
    """Test set-up only: a final decision on the case, in a department, decided in ``year``."""
    Case.objects.filter(pk=case.pk).update(
        department=Department.objects.get(code=department),
        status=status or CaseStatus.DECIDED,
        decision_outcome=outcome,
        granted_amount=None if outcome == "rejected" else Decimal(amount),
        decided_at=timezone.make_aware(datetime.datetime(year, 6, 1, 12)),  # noqa: DTZ001
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def granted(general_call, association, representative, resident, handler_culture):
    """The association and Aino got grants from culture and education; others did not."""
    other_club = make_person("x", "X", "Y")
    cases = {
        name: sent_case(person=person, call=general_call, organisation=organisation)
        for name, person, organisation in [
            ("kallio_culture", representative, association),
            ("kallio_education", representative, association),
            ("kallio_education_2", representative, association),
            ("aino_culture", resident, None),
            ("aino_education", resident, None),
            ("aino_rejected_sports", resident, None),
            ("aino_last_year", resident, None),
            ("single", other_club, None),
            ("single_2", other_club, None),
        ]
    }
    grant(cases["kallio_culture"], department="culture", amount="3000.00")
    grant(cases["kallio_education"], department="education", amount="1500.00", status="closed")
    grant(
        cases["kallio_education_2"],
        department="education",
        amount="500.00",
        outcome="partially_approved",
    )
    grant(cases["aino_culture"], department="culture", amount="400.00")
    grant(cases["aino_education"], department="education", amount="250.00")
    grant(cases["aino_rejected_sports"], department="education", amount="", outcome="rejected")
    grant(cases["aino_last_year"], department="education", amount="999.00", year=YEAR - 1)
    grant(cases["single"], department="culture", amount="700.00")
    grant(cases["single_2"], department="culture", amount="700.00")
    return cases


def report_rows(response) -> list[tuple]:
    return [
        (
            applicant.name,
            applicant.business_id,
            [(d.name, d.grants, d.granted) for d in applicant.departments],
            applicant.granted,
        )
        for applicant in response.context["applicants"]
    ]


def test_report_lists_applicants_granted_by_several_departments(client, granted, handler_education):
    client.force_login(handler_education)
    response = client.get(en("handling:overlap_report") + f"?year={YEAR}")
    assert response.status_code == 200
    assert report_rows(response) == [
        (
            "Kallion Kulttuuriyhdistys ry",
            "1234567-1",
            [("Culture and Leisure", 1, Decimal("3000.00")), ("Education", 2, Decimal("2000.00"))],
            Decimal("5000.00"),
        ),
        (
            "Aino Asukas",
            "",
            [("Culture and Leisure", 1, Decimal("400.00")), ("Education", 1, Decimal("250.00"))],
            Decimal("650.00"),
        ),
    ]
    html = response.content.decode()
    assert "Kallion Kulttuuriyhdistys ry" in html and "Aino Asukas" in html
    # Last year Aino had one grant from one department only.
    last_year = client.get(en("handling:overlap_report") + f"?year={YEAR - 1}")
    assert report_rows(last_year) == []
    assert "No applicant received grants from more than one department" in (
        last_year.content.decode()
    )


def test_report_department_names_follow_the_language(client, granted, handler_culture):
    client.force_login(handler_culture)
    with translation.override("fi"):
        response = client.get(f"/kasittely/paallekkaisyydet/?year={YEAR}")
    names = [d.name for d in response.context["applicants"][0].departments]
    assert names == list(
        Department.objects.filter(code__in=["culture", "education"])
        .order_by("pk")
        .values_list("name_fi", flat=True)
    )


def test_report_csv(client, granted, handler_culture):
    client.force_login(handler_culture)
    response = client.get(en("handling:overlap_report") + f"?year={YEAR}&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="grants-several-departments-{YEAR}.csv"'
    )
    assert response.content.decode("utf-8-sig").splitlines() == [
        "Applicant;Business ID;Department;Grants;Granted (€)",
        "Kallion Kulttuuriyhdistys ry;1234567-1;Culture and Leisure;1;3000.00",
        "Kallion Kulttuuriyhdistys ry;1234567-1;Education;2;2000.00",
        "Aino Asukas;;Culture and Leisure;1;400.00",
        "Aino Asukas;;Education;1;250.00",
    ]


def test_report_pages(client, granted, handler_culture, monkeypatch):
    monkeypatch.setattr(overlap_views, "PAGE_SIZE", 1)
    client.force_login(handler_culture)
    first = client.get(en("handling:overlap_report") + f"?year={YEAR}")
    second = client.get(en("handling:overlap_report") + f"?year={YEAR}&page=2")
    assert [a.name for a in first.context["applicants"]] == ["Kallion Kulttuuriyhdistys ry"]
    assert [a.name for a in second.context["applicants"]] == ["Aino Asukas"]
    assert "Page 2 of 2" in second.content.decode()


def test_report_query_count_does_not_grow(
    client, django_assert_num_queries, settings, general_call, handler_culture, granted
):
    client.force_login(handler_culture)
    client.get(en("handling:overlap_report") + f"?year={YEAR}")  # the first snapshot
    with CaptureQueriesContext(connection) as small:
        client.get(en("handling:overlap_report") + f"?year={YEAR}")
    for number in range(15):
        person = make_person(f"p{number}", "Pekka", f"Nro{number}")
        for department in ("culture", "education"):
            grant(
                sent_case(person=person, call=general_call),
                department=department,
                amount="100.00",
            )
    with django_assert_num_queries(REPORT_QUERIES):
        response = client.get(en("handling:overlap_report") + f"?year={YEAR}")
    assert len(small) == REPORT_QUERIES
    assert len(response.context["applicants"]) == 17
    settings.REPORT_MAX_AGE_SECONDS = 600
    with django_assert_num_queries(FRESH_REPORT_QUERIES):
        response = client.get(en("handling:overlap_report") + f"?year={YEAR}")
    assert len(response.context["applicants"]) == 17


def test_residents_do_not_find_the_report(client, granted, resident, representative):
    for person in (resident, representative):
        client.force_login(person)
        assert client.get(en("handling:overlap_report")).status_code == 404
        assert client.get(en("handling:overlap_report") + "?format=csv").status_code == 404


def test_the_case_page_shows_the_overlap_flag_with_its_reason(
    client, general_call, association, representative, handler_culture
):
    project = GrantCall.objects.get(service__code="projektiavustus")
    current = sent_case(person=representative, call=general_call, organisation=association)
    other = sent_case(person=representative, call=general_call, organisation=association)
    # The same sample answers: overlapping period, the same purpose and budget items.
    Case.objects.filter(pk=other.pk).update(
        department=Department.objects.get(code="education"),
        service=project.service,
        grant_call=project,
    )
    client.force_login(handler_culture)
    response = client.get(en("handling:case", current.pk))
    html = response.content.decode()
    overview = response.context["overlaps"]
    assert [entry.case.pk for entry in overview.flagged] == [other.pk]
    next_year = YEAR + 1
    assert overview.flagged[0].reasons == [
        f"Overlapping activity periods (1 Jan {next_year}–31 Dec {next_year} and 1 Jan "
        f"{next_year}–31 Dec {next_year}) and a similar purpose: 100 % of the words in common "
        "(kevään, syksyn, lastenteatteriesitykset, kesän, avoimet, työpajat).",
        "The same budget items: Tilavuokrat, Esiintyjien palkkiot.",
    ]
    assert 'id="overlap-flags"' in html
    assert "The same budget items: Tilavuokrat, Esiintyjien palkkiot." in html
    assert f"{next_year}: 1 other application by this applicant (1 department)." in html
    assert "The applicant has 1 other application." in html
    # The existing list of the applicant's other applications is still there, once.
    assert html.count('id="other-applications"') == 1
    assert [c.pk for c in response.context["other_applications"]] == [other.pk]


def test_the_other_applications_count_agrees_with_the_list_and_the_heading_is_shown_once(
    client, general_call, association, representative, handler_culture
):
    """Two other applications of other years: the panel says two, lists two, and says that none
    of them is of this case's year; its heading is there once."""
    current = sent_case(person=representative, call=general_call, organisation=association)
    others = [
        sent_case(person=representative, call=general_call, organisation=association)
        for _ in range(2)
    ]
    for other in others:  # activity periods in an earlier year
        version = other.versions.get()
        version.data["period"] = {"start": "2020-01-01", "end": "2020-12-31"}
        version.save(update_fields=["data"])
    client.force_login(handler_culture)
    with translation.override("fi"):
        response = client.get(url("handling:case", current.pk, language="fi"))
    html = response.content.decode()
    panel = html[html.index('id="other-applications"') :]
    panel = panel[: panel.index("</section>")]
    assert len(response.context["other_applications"]) == 2
    assert "Hakijalla on 2 muuta hakemusta." in panel
    assert f"{YEAR + 1}: ei yhtään niistä." in panel
    assert "0 muuta hakemusta" not in panel
    assert len(re.findall(r"<tr[ >]", panel)) == 3  # the header row and the two applications
    assert re.search(r"<td[^>]*>2020</td>", panel)
    assert html.count("Hakijan muut hakemukset kaikilla toimialoilla") == 1
