"""Reading across departments (audited) versus acting (own department only), as a persona matrix;
and internal notes, which the applicant never sees."""

import pytest
from django.contrib.auth.models import AnonymousUser

from asiointi.cases import selectors
from asiointi.cases.access import access_case_for_handler, access_case_for_reader
from asiointi.cases.constants import CaseStatus, DecisionOutcome, EventKind
from asiointi.cases.models import CaseReadAudit
from asiointi.cases.services.assignment import case_assign, case_claim, case_transfer
from asiointi.cases.services.decisions import case_decide
from asiointi.cases.services.messaging import message_send
from asiointi.cases.services.notes import note_add
from asiointi.cases.services.processing import (
    case_close,
    case_request_supplement,
    case_start_processing,
)
from asiointi.cases.tests.conftest import in_status, snapshot, tomorrow
from asiointi.catalogue.constants import ServiceKind
from asiointi.catalogue.models import Service
from asiointi.common.errors import NotFound
from asiointi.testing.fixtures import en

pytestmark = pytest.mark.django_db

PERSONAS = [
    # persona, may read, read is audited
    ("handler_culture", True, False),
    ("handler_education", True, True),
    ("staff_without_department", False, False),
    ("representative", False, False),
    ("other_resident", False, False),
]


@pytest.mark.parametrize(("persona", "may_read", "audited"), PERSONAS)
def test_who_reads_a_grant_case(request, submitted, persona, may_read, audited):
    user = request.getfixturevalue(persona)
    if may_read:
        assert access_case_for_reader(user, submitted.pk) == submitted
    else:
        with pytest.raises(NotFound):
            access_case_for_reader(user, submitted.pk)
    audits = list(CaseReadAudit.objects.values_list("reader_id", "case_id"))
    assert audits == ([(user.pk, submitted.pk)] if audited else [])


def test_anonymous_reads_nothing(submitted):
    with pytest.raises(NotFound):
        access_case_for_reader(AnonymousUser(), submitted.pk)


@pytest.mark.parametrize("persona", ["handler_culture", "handler_education"])
def test_nobody_reads_a_draft(request, draft, persona):
    with pytest.raises(NotFound):
        access_case_for_reader(request.getfixturevalue(persona), draft.pk)
    assert not CaseReadAudit.objects.exists()


def test_other_kinds_of_service_are_read_only_by_their_department(
    submitted, handler_culture, handler_education
):
    Service.objects.filter(pk=submitted.service_id).update(kind=ServiceKind.BENEFIT)
    assert access_case_for_reader(handler_culture, submitted.pk) == submitted
    with pytest.raises(NotFound):
        access_case_for_reader(handler_education, submitted.pk)
    assert not CaseReadAudit.objects.exists()


@pytest.mark.parametrize("case_id", ["abc", None, 999999])
def test_reader_access_with_a_bad_id(handler_culture, case_id):
    with pytest.raises(NotFound):
        access_case_for_reader(handler_culture, case_id)


def test_every_read_is_audited_and_listed_for_the_auditor(
    submitted, handler_culture, handler_education, colleague_culture
):
    access_case_for_reader(handler_education, submitted.pk)
    access_case_for_reader(handler_education, submitted.pk)
    access_case_for_reader(colleague_culture, submitted.pk)
    entries = list(selectors.case_read_audit_list(case=submitted))
    assert [(entry.reader, entry.case) for entry in entries] == [
        (handler_education, submitted),
        (handler_education, submitted),
    ]
    assert entries[0].read_at >= entries[1].read_at
    assert list(selectors.case_read_audit_list(reader=handler_culture)) == []
    assert len(selectors.case_read_audit_list(reader=handler_education)) == 2


# Every acting service, called the way a page would after access_case_for_handler.
ACTIONS = {
    "claim": lambda case, actor, people: case_claim(actor=actor, case=case),
    "assign": lambda case, actor, people: case_assign(
        actor=actor, case=case, handler=people["colleague"]
    ),
    "transfer": lambda case, actor, people: case_transfer(
        actor=actor, case=case, department=people["other_department"], reason="Syy"
    ),
    "start_processing": lambda case, actor, people: case_start_processing(actor=actor, case=case),
    "request_supplement": lambda case, actor, people: case_request_supplement(
        actor=actor, case=case, message="Lisää.", due_date=tomorrow()
    ),
    "decide": lambda case, actor, people: case_decide(
        actor=actor,
        case=case,
        outcome=DecisionOutcome.REJECTED,
        reasoning="Ei.",
    ),
    "close": lambda case, actor, people: case_close(actor=actor, case=case),
    "note": lambda case, actor, people: note_add(actor=actor, case=case, body="Muistio"),
}
# The status in which each action is allowed, so only the permission can refuse it.
ALLOWED_IN = {
    "claim": CaseStatus.RECEIVED,
    "assign": CaseStatus.RECEIVED,
    "transfer": CaseStatus.RECEIVED,
    "start_processing": CaseStatus.RECEIVED,
    "request_supplement": CaseStatus.IN_PROCESSING,
    "decide": CaseStatus.IN_PROCESSING,
    "close": CaseStatus.DECIDED,
    "note": CaseStatus.RECEIVED,
}


@pytest.fixture
def people(colleague_culture, education):
    return {"colleague": colleague_culture, "other_department": education}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    "persona", ["handler_education", "staff_without_department", "representative"]
)
def test_only_the_case_department_acts(request, submitted, people, action, persona):
    user = request.getfixturevalue(persona)
    case = in_status(submitted, ALLOWED_IN[action])
    before = snapshot(case)
    with pytest.raises(NotFound):
        access_case_for_handler(user, case.pk)
    # Even a service called with the case object directly refuses.
    with pytest.raises(NotFound):
        ACTIONS[action](case, user, people)
    assert snapshot(case) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_the_case_department_acts(submitted, handler_culture, people, action):
    case = in_status(submitted, ALLOWED_IN[action])
    before = snapshot(case)
    ACTIONS[action](access_case_for_handler(handler_culture, case.pk), handler_culture, people)
    assert snapshot(case) != before


def test_reading_across_departments_gives_no_right_to_act(submitted, handler_education, education):
    case = access_case_for_reader(handler_education, submitted.pk)
    before = snapshot(case)
    with pytest.raises(NotFound):
        case_transfer(actor=handler_education, case=case, department=education, reason="Meille")
    assert snapshot(case) == before


def test_applicant_never_sees_internal_notes(client, submitted, representative, handler_culture):
    note_add(actor=handler_culture, case=submitted, body="Salainen muistiinpano XYZ")
    message_send(actor=handler_culture, case=submitted, body="Näkyvä viesti", from_staff=True)
    client.force_login(representative)
    page = client.get(en("cases:detail", submitted.pk)).content.decode()
    assert "Näkyvä viesti" in page
    assert "Salainen muistiinpano XYZ" not in page
    assert "Internal note" not in page
    kinds = [event.kind for event in selectors.applicant_event_list(case=submitted)]
    assert EventKind.NOTE_ADDED not in kinds
    detail = selectors.case_detail_for_applicant(user=representative, case_id=submitted.pk)
    assert EventKind.NOTE_ADDED not in [event.kind for event in detail.applicant_events]
    # The handler's side does have it.
    assert submitted.events.filter(kind=EventKind.NOTE_ADDED).count() == 1
