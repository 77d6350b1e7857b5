"""Social assistance never leaks into the grant side: a person with both a grant application and
social-assistance cases (one sent, one decided) finds only the grants in the grant overlap list,
the grant reports, the cross-department search and the Django admin."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from asiointi.accounts.models import ApplicantOrganisation, User
from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case
from asiointi.cases.services.decisions import case_decide
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.processing import case_start_processing
from asiointi.cases.services.sending import case_send
from asiointi.reports.selectors import grant_report, report_years
from asiointi.testing.fixtures import assistance_answers, en, strongly_identified, valid_answers

pytestmark = pytest.mark.django_db

# Aino applies for a grant for a group of her own, not for a registered association.
OWN_GROUP = ApplicantOrganisation(business_id="1234567-1", name="Kallion lapsiryhmä")


@pytest.fixture
def people_cases(general_call, resident, assistance_service, social_worker):
    """Aino's two sent grant applications and her two social-assistance cases."""
    grants = []
    for amount in ("1200.00", "800.00"):
        draft = case_create_draft(actor=resident, grant_call=general_call)
        grants.append(
            case_send(actor=resident, case=draft, data=valid_answers(OWN_GROUP, resident, amount))
        )
    sent = case_send(
        actor=resident,
        case=case_create_draft(actor=strongly_identified(resident), service=assistance_service),
        data=assistance_answers(resident),
    )
    decided = case_send(
        actor=resident,
        case=case_create_draft(actor=strongly_identified(resident), service=assistance_service),
        data=assistance_answers(resident, postal_code="00330"),
    )
    decided = case_start_processing(actor=social_worker, case=decided)
    decided = case_decide(
        actor=social_worker,
        case=decided,
        outcome="approved",
        granted_amount="177.71",
        reasoning="Täydentävää toimeentulotukea lääkkeisiin ja sähköön.",
    )
    assert (sent.status, decided.status) == (CaseStatus.RECEIVED, CaseStatus.DECIDED)
    return {"grants": grants, "assistance": [sent, decided]}


def test_the_grant_case_page_lists_only_the_other_grant(client, people_cases, handler_culture):
    first, second = people_cases["grants"]
    client.force_login(handler_culture)
    page = client.get(en("handling:case", first.pk))
    assert page.status_code == 200
    assert [case.pk for case in page.context["other_applications"]] == [second.pk]
    html = page.content.decode()
    for case in people_cases["assistance"]:
        assert case.record_number not in html


@pytest.mark.parametrize("by", ["department", "service", "applicant"])
def test_the_grant_report_counts_only_the_grants(people_cases, resident, by):
    year = timezone.localdate().year
    report = grant_report(year=year, by=by)
    expected_key = {
        "department": "culture",
        "service": "yleisavustus",
        "applicant": f"person:{resident.pk}",
    }[by]
    assert [(row.key, row.applications, row.applied, row.granted) for row in report.rows] == [
        (expected_key, 2, Decimal("2000.00"), Decimal("0.00"))
    ]
    assert (report.total.applications, report.total.granted_count, report.total.granted) == (
        2,
        0,
        Decimal("0.00"),
    )
    assert report_years() == [year]


def test_the_cross_department_search_finds_only_the_grants(
    client, people_cases, handler_culture, handler_education
):
    grant_pks = sorted(case.pk for case in people_cases["grants"])
    for reader in (handler_culture, handler_education):
        client.force_login(reader)
        found = client.get(en("handling:search"), {"q": "Aino Asukas"})
        assert sorted(case.pk for case in found.context["cases"]) == grant_pks
        for case in people_cases["assistance"]:
            by_number = client.get(en("handling:search"), {"q": case.record_number})
            assert by_number.context["cases"] == []
            assert case.record_number not in found.content.decode()


def test_the_admin_case_list_hides_the_assistance_cases(client, people_cases):
    superuser = User.objects.create_superuser("admin", "admin@example.fi", "x" * 20)
    client.force_login(superuser)
    listing = client.get(reverse("admin:cases_case_changelist"))
    assert listing.status_code == 200
    assert sorted(case.pk for case in listing.context["cl"].result_list) == sorted(
        case.pk for case in people_cases["grants"]
    )
    for case in people_cases["assistance"]:
        searched = client.get(reverse("admin:cases_case_changelist"), {"q": case.record_number})
        assert list(searched.context["cl"].result_list) == []
        # The change page does not open either: the admin says the object does not exist.
        change = client.get(reverse("admin:cases_case_change", args=[case.pk]))
        assert (change.status_code, change["Location"]) == (302, reverse("admin:index"))
    assert Case.objects.count() == 4
