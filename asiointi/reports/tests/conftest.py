"""A small known data set for the grant reports, written straight into the tables.

The reports only read, so the cases are created in their end states directly (the services and
their rules are tested in the cases, grants and payments apps). All times are in 2025 or 2026,
Helsinki time; one case sent on New Year's Eve 2025 at 23:30 local time (21:30 UTC) belongs to
2025, whatever UTC says.
"""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

from asiointi.accounts.models import ApplicantOrganisation
from asiointi.cases.constants import CaseStatus, DecisionOutcome
from asiointi.cases.models import Case
from asiointi.catalogue.models import FormDefinition, Service
from asiointi.organisation.models import Department
from asiointi.payments.constants import BatchStatus, PaymentStatus
from asiointi.payments.models import Payment, PaymentBatch
from asiointi.testing.fixtures import make_person

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def at(year, month, day, hour=12, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=HELSINKI)


def make_case(
    *,
    service,
    applicant,
    organisation=None,
    submitted_at,
    requested,
    status=CaseStatus.RECEIVED,
    outcome="",
    granted=None,
    decided_at=None,
    department=None,
) -> Case:
    return Case.objects.create(
        service=service,
        grant_call=None,
        form=service.form or FormDefinition.objects.first(),
        department=department or service.department,
        applicant=applicant,
        organisation=organisation,
        status=status,
        submitted_at=submitted_at,
        requested_amount=Decimal(requested),
        decision_outcome=outcome,
        granted_amount=Decimal(granted) if granted is not None else None,
        decided_at=decided_at,
    )


def pay(case, number, amount, status=PaymentStatus.PAID) -> Payment:
    """A payment; a paid one in a paid batch of its own (approved and paid payments are always
    in a batch)."""
    batch = None
    if status == PaymentStatus.PAID:
        batch = PaymentBatch.objects.create(
            message_id=f"TEST-{case.pk}-{number}",
            status=BatchStatus.PAID,
            execution_date=case.decided_at.date(),
            payment_count=1,
            total=Decimal(amount),
            created_by=case.applicant,
            created_at=case.decided_at,
            paid_on=case.decided_at.date(),
        )
    return Payment.objects.create(
        case=case,
        number=number,
        amount=Decimal(amount),
        status=status,
        batch=batch,
        payee_name="Saaja",
        created_at=case.decided_at,
        paid_on=case.decided_at.date() if status == PaymentStatus.PAID else None,
    )


@pytest.fixture
def report_data(catalogue):
    """2026: culture's general grant (yleisavustus) has three applications, education's project
    grant (projektiavustus) two, one of them transferred to culture; plus a 2025 case and a
    2026 draft (never counted in 2026).

    | case | applicant | dept/service      | applied | status, outcome   | granted | paid      | d
    | a    | Kallio ry | culture/general   | 5000    | closed, approved  | 5000    | 3000+2000 | 10
    | b    | =cmd      | culture/general   | 2000    | decided, partial  | 1500    | 1000 (*)  | 20
    | c    | Aino      | culture/general   | 800     | decided, rejected | –       | –         | 30
    | d    | Kallio ry | education/project | 9000    | decision_proposed | (4000)  | –         | –
    | e    | Aino      | culture/project   | 1200    | withdrawn         | –       | –         | –
    (*) and 500 ready for payment, not yet paid. d = days from receipt to decision.
    """
    general = Service.objects.get(code="yleisavustus")
    project = Service.objects.get(code="projektiavustus")
    culture = Department.objects.get(code="culture")
    education = Department.objects.get(code="education")
    kallio = ApplicantOrganisation.objects.create(
        business_id="1234567-1", name="Kallion Kulttuuriyhdistys ry"
    )
    formula = ApplicantOrganisation.objects.create(
        business_id="2345678-0", name="=cmd|' /C calc'!A0"
    )
    matti = make_person("matti", "Matti", "Meikäläinen")
    aino = make_person("aino", "Aino", "Asukas")
    cases = {
        "a": make_case(
            service=general,
            department=culture,
            applicant=matti,
            organisation=kallio,
            submitted_at=at(2026, 1, 1, 0, 30),
            requested="5000.00",
            status=CaseStatus.CLOSED,
            outcome=DecisionOutcome.APPROVED,
            granted="5000.00",
            decided_at=at(2026, 1, 11, 0, 30),
        ),
        "b": make_case(
            service=general,
            department=culture,
            applicant=matti,
            organisation=formula,
            submitted_at=at(2026, 2, 1),
            requested="2000.00",
            status=CaseStatus.DECIDED,
            outcome=DecisionOutcome.PARTIALLY_APPROVED,
            granted="1500.00",
            decided_at=at(2026, 2, 21),
        ),
        "c": make_case(
            service=general,
            department=culture,
            applicant=aino,
            submitted_at=at(2026, 3, 1),
            requested="800.00",
            status=CaseStatus.DECIDED,
            outcome=DecisionOutcome.REJECTED,
            granted="0.00",
            decided_at=at(2026, 3, 31),
        ),
        "d": make_case(
            service=project,
            department=education,
            applicant=matti,
            organisation=kallio,
            submitted_at=at(2026, 4, 1),
            requested="9000.00",
            status=CaseStatus.DECISION_PROPOSED,
            outcome=DecisionOutcome.APPROVED,
            granted="4000.00",
        ),
        "e": make_case(
            service=project,
            department=culture,  # transferred from education: counted where it is now
            applicant=aino,
            submitted_at=at(2026, 5, 1),
            requested="1200.00",
            status=CaseStatus.WITHDRAWN,
        ),
        "old": make_case(
            service=general,
            department=culture,
            applicant=aino,
            submitted_at=at(2025, 12, 31, 23, 30),
            requested="700.00",
            status=CaseStatus.CLOSED,
            outcome=DecisionOutcome.APPROVED,
            granted="700.00",
            decided_at=at(2026, 1, 5, 23, 30),
        ),
    }
    Case.objects.create(
        service=general,
        form=general.form or FormDefinition.objects.first(),
        department=culture,
        applicant=aino,
        requested_amount=Decimal("99.00"),
    )
    pay(cases["a"], 1, "3000.00")
    pay(cases["a"], 2, "2000.00")
    pay(cases["b"], 1, "1000.00")
    pay(cases["b"], 2, "500.00", status=PaymentStatus.READY)
    pay(cases["old"], 1, "700.00")
    return {"cases": cases, "kallio": kallio, "formula": formula, "aino": aino, "matti": matti}
