""" "Take next": the oldest unassigned received case of a department, claimed atomically.

The parallel tests give each thread its own database connection, so they exercise the real
locking: SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL, the serialised IMMEDIATE write
transactions on SQLite.
"""

import datetime

import pytest
from django.utils import timezone

from asiointi.cases.constants import CaseStatus, EventKind
from asiointi.cases.models import Case, TimelineEvent
from asiointi.cases.services.assignment import case_claim, case_take_next
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.sending import case_send
from asiointi.cases.tests.test_concurrency import run_in_parallel
from asiointi.common.errors import NotFound
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.testing.fixtures import make_person, valid_answers


def send_cases(call, person, organisation, count: int) -> list[Case]:
    """``count`` received cases, sent a minute apart (oldest first)."""
    cases = []
    start = timezone.now() - datetime.timedelta(hours=1)
    for index in range(count):
        draft = case_create_draft(actor=person, grant_call=call, organisation=organisation)
        case = case_send(actor=person, case=draft, data=valid_answers(organisation, person))
        Case.objects.filter(pk=case.pk).update(
            submitted_at=start + datetime.timedelta(minutes=index)
        )
        cases.append(case)
    return cases


@pytest.fixture
def culture(catalogue) -> Department:
    return Department.objects.get(code="culture")


@pytest.mark.django_db
def test_takes_the_oldest_unassigned_received_case(
    general_call, representative, association, handler_culture, colleague_culture, culture
):
    oldest, assigned, newest = send_cases(general_call, representative, association, 3)
    case_claim(actor=colleague_culture, case=assigned)
    in_processing = send_cases(general_call, representative, association, 1)[0]
    Case.objects.filter(pk=in_processing.pk).update(
        status=CaseStatus.IN_PROCESSING, submitted_at=timezone.now() - datetime.timedelta(days=9)
    )
    first = case_take_next(actor=handler_culture, department=culture)
    second = case_take_next(actor=handler_culture, department=culture)
    assert [first, second] == [oldest, newest]
    assert case_take_next(actor=handler_culture, department=culture) is None
    assert Case.objects.get(pk=oldest.pk).handler == handler_culture
    event = TimelineEvent.objects.filter(case=oldest).order_by("-pk").first()
    assert (event.kind, event.actor, event.details["how"]) == (
        EventKind.ASSIGNED,
        handler_culture,
        "take_next",
    )


@pytest.mark.django_db
def test_take_next_of_one_service(catalogue, representative, association, handler_culture, culture):
    older, general = send_cases(catalogue["general_call"], representative, association, 2)
    # The older case becomes one of another service of the same department.
    other_service = catalogue["project_call"].service
    Case.objects.filter(pk=older.pk).update(service=other_service)
    taken = case_take_next(
        actor=handler_culture, department=culture, service=catalogue["general_call"].service
    )
    assert taken == general
    assert Case.objects.get(pk=older.pk).handler is None


@pytest.mark.django_db
def test_take_next_needs_membership_of_the_department(submitted, handler_education, culture):
    with pytest.raises(NotFound):
        case_take_next(actor=handler_education, department=culture)
    assert Case.objects.get(pk=submitted.pk).handler is None


@pytest.mark.django_db(transaction=True)
def test_handlers_taking_next_at_once_never_get_the_same_case(
    general_call, representative, association, culture
):
    cases = send_cases(general_call, representative, association, 4)
    handlers = []
    for index in range(6):
        person = make_person(f"handler{index}", "Käsittelijä", str(index), is_staff=True)
        Membership.objects.create(user=person, department=culture, role=StaffRole.HANDLER)
        handlers.append(person)

    def take(handler):
        def run():
            case = case_take_next(actor=handler, department=culture)
            return None if case is None else case.pk

        return run

    results = run_in_parallel([take(handler) for handler in handlers])
    assert not [r for r in results if isinstance(r, Exception)], results
    taken = [pk for pk in results if pk is not None]
    # Every case went to exactly one handler; the two who came last found the queue empty.
    assert sorted(taken) == sorted(case.pk for case in cases)
    assert results.count(None) == 2
    for index, pk in enumerate(results):
        if pk is not None:
            assert Case.objects.get(pk=pk).handler == handlers[index]
    assert TimelineEvent.objects.filter(kind=EventKind.ASSIGNED).count() == 4


@pytest.mark.django_db(transaction=True)
def test_two_handlers_and_one_case(general_call, representative, association, culture):
    (case,) = send_cases(general_call, representative, association, 1)
    handlers = []
    for name in ("eka", "toka"):
        person = make_person(name, name.title(), "Käsittelijä", is_staff=True)
        Membership.objects.create(user=person, department=culture, role=StaffRole.HANDLER)
        handlers.append(person)
    results = run_in_parallel(
        [lambda h=h: case_take_next(actor=h, department=culture) for h in handlers]
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results, key=lambda r: r is None) == [case, None]
    assert Case.objects.get(pk=case.pk).handler_id in {h.pk for h in handlers}
