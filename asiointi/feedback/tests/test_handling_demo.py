"""The demo's sample feedback: one item in each state handlers meet, loaded once."""

import pytest

from asiointi.accounts.demo import load_people
from asiointi.catalogue.demo import load_catalogue
from asiointi.feedback.constants import FeedbackChannel, FeedbackStatus, Publication
from asiointi.feedback.demo import load_sample_feedback
from asiointi.feedback.models import Feedback, StatementRequest

pytestmark = pytest.mark.django_db


def test_sample_feedback_covers_the_handlers_states_and_loads_once():
    load_catalogue()
    users = load_people()
    load_sample_feedback(users)
    assert Feedback.objects.filter(department__isnull=True).count() == 1
    late = Feedback.objects.get(department__code="urban")
    assert late.reminders_sent == 1 and late.reminders.get().level == 1
    assert Feedback.objects.filter(
        status=FeedbackStatus.IN_PROCESS, handler=users["kaisa"]
    ).exists()
    published = Feedback.objects.filter(publication=Publication.PUBLISHED)
    assert published.count() == 2
    assert all(f.public_description and f.public_answer for f in published)
    assert "040 111 2222" not in published.get(service__code="kirjastot").public_description
    forwarded = Feedback.objects.get(status=FeedbackStatus.FORWARDED)
    assert forwarded.forwarded_to and forwarded.publication == Publication.DECLINED
    assert Feedback.objects.filter(status=FeedbackStatus.CLOSED).count() == 1
    assert StatementRequest.objects.get().department.code == "education"
    assert Feedback.objects.get(channel=FeedbackChannel.PHONE).registered_by == users["kaisa"]
    assert Feedback.objects.filter(submitted_by=users["aino"]).count() == 1
    count = Feedback.objects.count()
    assert count == 10
    load_sample_feedback(users)
    assert Feedback.objects.count() == count
