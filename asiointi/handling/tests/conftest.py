"""Data for the handlers' area tests: a culture department's queue built through the services."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from asiointi.accounts.models import ApplicantOrganisation
from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.processing import case_start_processing
from asiointi.cases.services.sending import case_send
from asiointi.catalogue.models import GrantCall
from asiointi.organisation.models import Department
from asiointi.testing.fixtures import make_person, valid_answers

# A person applying for themselves still names the group they apply for in the general form.
UNREGISTERED_GROUP = ApplicantOrganisation(business_id="1234567-1", name="Kallion lapsiryhmä")


def sent_case(*, person, call, organisation=None, amount="5000.00", days_ago=0) -> Case:
    case = case_create_draft(actor=person, grant_call=call, organisation=organisation)
    case = case_send(
        actor=person,
        case=case,
        data=valid_answers(organisation or UNREGISTERED_GROUP, person, amount=amount),
    )
    received = timezone.now() - datetime.timedelta(days=days_ago)
    Case.objects.filter(pk=case.pk).update(submitted_at=received)
    case.refresh_from_db()
    return case


def set_state(case: Case, status: str, handler=None) -> Case:
    """Test set-up only: put a case straight into a state the services of this issue reach."""
    Case.objects.filter(pk=case.pk).update(status=status, handler=handler)
    case.refresh_from_db()
    return case


@pytest.fixture
def sports_club(db) -> ApplicantOrganisation:
    return ApplicantOrganisation.objects.create(
        business_id="2345678-0", name="Pohjoisen Urheiluseura ry"
    )


@pytest.fixture
def queue_cases(general_call, association, representative, sports_club, resident, handler_culture):
    """Culture's queue: three new, one in processing (Kaisa's), one awaiting a supplement, one
    decided; and an education case, a draft and another association's case that never show."""
    colleague = make_person("pirjo", "Pirjo", "Kollega", is_staff=True)
    cases = {
        "kallio": sent_case(
            person=representative,
            call=general_call,
            organisation=association,
            amount="5000.00",
            days_ago=10,
        ),
        "sports": sent_case(
            person=representative,
            call=general_call,
            organisation=sports_club,
            amount="1200.00",
            days_ago=5,
        ),
        "aino": sent_case(person=resident, call=general_call, amount="800.00", days_ago=1),
        "processing": sent_case(
            person=representative,
            call=general_call,
            organisation=association,
            amount="3000.00",
            days_ago=20,
        ),
        "supplement": sent_case(
            person=representative,
            call=general_call,
            organisation=sports_club,
            amount="2000.00",
            days_ago=30,
        ),
        "decided": sent_case(person=resident, call=general_call, amount="400.00", days_ago=40),
        "education": sent_case(
            person=representative,
            call=general_call,
            organisation=association,
            amount="9000.00",
            days_ago=2,
        ),
    }
    case_start_processing(actor=handler_culture, case=cases["processing"])
    cases["processing"].refresh_from_db()
    set_state(cases["supplement"], CaseStatus.AWAITING_SUPPLEMENT, handler=colleague)
    set_state(cases["decided"], CaseStatus.DECIDED, handler=handler_culture)
    project_call = GrantCall.objects.get(service__code="projektiavustus")
    Case.objects.filter(pk=cases["education"].pk).update(
        department=Department.objects.get(code="education"),
        service=project_call.service,
        grant_call=project_call,
    )
    cases["education"].refresh_from_db()
    case_create_draft(actor=resident, grant_call=general_call)
    assert cases["kallio"].requested_amount == Decimal("5000.00")
    return cases
