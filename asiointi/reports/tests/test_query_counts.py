"""The report page runs a fixed number of queries, whatever the number of rows (2 or 30): both
when it refreshes a stale snapshot inline (immediate tasks, max age 0 as in every test) and when
it serves a fresh snapshot (the normal case in production)."""

import pytest
from django.urls import reverse

from asiointi.accounts.models import ApplicantOrganisation
from asiointi.catalogue.models import Service
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.reports.tests.conftest import at, make_case, pay
from asiointi.testing.fixtures import make_person

pytestmark = pytest.mark.django_db

# Serving a fresh snapshot: session, user, departments (access); first and last year; the
# snapshot; the page's rows (a range of positions on the (snapshot, position) index).
FRESH_QUERIES = 6
# Refreshing a stale snapshot inline: the 6 above, the conditional UPDATE that claims the
# refresh, the snapshot read again after it, and the refresh itself: the live selector (the
# grouping's paid payments and cases, the catalogue names of its rows), processing time per
# department and per service with their names (4), and the replacement in one transaction
# (SAVEPOINT, DELETE, INSERT snapshot, INSERT rows, RELEASE): 6 + 2 + 3 + 4 + 5.
GROUPED_QUERIES = 20
# The applicant grouping has no catalogue names; instead the live selector reads the cases, the
# organisations and people (names) and their paid payments (organisations, people): 6 + 2 + 5 +
# 4 + 5.
APPLICANT_QUERIES = 22


def applications(count: int) -> None:
    service = Service.objects.get(code="yleisavustus")
    for number in range(count):
        organisation = ApplicantOrganisation.objects.create(
            business_id=f"{1000000 + number}-0", name=f"Yhdistys {number} ry"
        )
        person = make_person(f"p{number}", "Pekka", f"Nro{number}")
        case = make_case(
            service=service,
            applicant=person,
            organisation=organisation if number % 2 else None,
            submitted_at=at(2026, 2, 1),
            requested=f"{100 + number}.00",
            status="closed",
            outcome="approved",
            granted=f"{50 + number}.00",
            decided_at=at(2026, 2, 10 + number % 10),
        )
        pay(case, 1, "10.00")


@pytest.fixture
def handler(catalogue):
    person = make_person("kaisa", "Kaisa", "Käsittelijä", is_staff=True)
    Membership.objects.create(
        user=person, department=Department.objects.get(code="culture"), role=StaffRole.HANDLER
    )
    return person


@pytest.mark.parametrize(
    ("by", "queries"),
    [
        ("department", GROUPED_QUERIES),
        ("service", GROUPED_QUERIES),
        ("applicant", APPLICANT_QUERIES),
    ],
)
@pytest.mark.parametrize("rows", [2, 30])
def test_report_page_query_count_is_constant(
    client, django_assert_num_queries, handler, by, queries, rows
):
    applications(rows)
    client.force_login(handler)
    client.get(reverse("reports:grants"), {"year": "2026", "by": by})  # the first snapshot
    with django_assert_num_queries(queries):
        response = client.get(reverse("reports:grants"), {"year": "2026", "by": by})
    assert response.status_code == 200
    assert response.context["report"].total.applications == rows
    if by == "applicant":
        assert len(response.context["report"].rows) == min(rows, 25)


@pytest.mark.parametrize("by", ["department", "service", "applicant"])
@pytest.mark.parametrize("rows", [2, 30])
def test_fresh_snapshot_is_served_with_a_constant_query_count(
    client, django_assert_num_queries, settings, handler, by, rows
):
    applications(rows)
    client.force_login(handler)
    client.get(reverse("reports:grants"), {"year": "2026", "by": by})
    settings.REPORT_MAX_AGE_SECONDS = 600
    with django_assert_num_queries(FRESH_QUERIES):
        response = client.get(reverse("reports:grants"), {"year": "2026", "by": by})
    assert response.context["report"].total.applications == rows
