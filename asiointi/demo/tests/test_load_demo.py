"""The whole demo (``asiointi load_demo``): every app's demo data, loaded in order, once."""

import pytest

from asiointi.cases.constants import CaseStatus, EventKind
from asiointi.cases.models import Attachment, Case, TimelineEvent
from asiointi.demo.loading import load_demo
from asiointi.payments.models import Payment


@pytest.mark.django_db
def test_demo_data_fills_every_queue_and_loads_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the decision letters
        load_demo()
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses == set(CaseStatus.values)
    grants = Case.objects.grants()
    assert set(grants.values_list("department__code", flat=True)) == {"culture", "education"}
    # Social assistance (asiointi/assistance/demo.py, tested there) is the social department's.
    assert set(
        Case.objects.exclude(pk__in=grants.values("pk")).values_list(
            "service__code", "department__code"
        )
    ) == {("toimeentulotuki", "social")}
    assert TimelineEvent.objects.filter(kind=EventKind.TRANSFERRED).count() == 1
    # Two final grants (one partly paid, one ready for payment) and one board proposal.
    assert grants.filter(status=CaseStatus.DECIDED, granted_amount__gt=0).count() == 2
    assert grants.filter(status=CaseStatus.DECISION_PROPOSED).count() == 1
    assert grants.filter(channel="paper").count() == 1
    assert set(Payment.objects.values_list("status", flat=True)) == {
        "paid",
        "awaiting_request",
        "ready",
    }
    assert Attachment.objects.filter(kind="decision_letter", case__in=grants).count() == 3
    count = Case.objects.count()
    load_demo()
    assert Case.objects.count() == count
