"""Personas and helpers for the handler-action tests (cases in every status, snapshots)."""

import datetime

import pytest
from django.utils import timezone

from asiointi.cases.models import Case, CaseVersion, InternalNote, Message, TimelineEvent
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.testing.fixtures import make_person


@pytest.fixture
def colleague_culture(catalogue):
    """A second handler in culture, to assign cases to and to clash with."""
    person = make_person("kalle", "Kalle", "Kollega", is_staff=True)
    Membership.objects.create(
        user=person, department=Department.objects.get(code="culture"), role=StaffRole.HANDLER
    )
    return person


@pytest.fixture
def staff_without_department(catalogue):
    """Staff, but a member of no department: reads and acts on nothing."""
    return make_person("sanna", "Sanna", "Sivullinen", is_staff=True)


@pytest.fixture
def education(catalogue) -> Department:
    return Department.objects.get(code="education")


def tomorrow() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=1)


def in_status(case: Case, status: str) -> Case:
    """The case moved straight to ``status`` (the state-machine tests start from every status)."""
    Case.objects.filter(pk=case.pk).update(status=status)
    return Case.objects.get(pk=case.pk)


def snapshot(case: Case) -> dict:
    """Everything an action could change; compared before and after a refused action."""
    return {
        "case": Case.objects.filter(pk=case.pk).values().first(),
        "events": list(TimelineEvent.objects.filter(case=case).values_list("pk", flat=True)),
        "messages": Message.objects.filter(case=case).count(),
        "versions": CaseVersion.objects.filter(case=case).count(),
        "notes": InternalNote.objects.filter(case=case).count(),
    }
