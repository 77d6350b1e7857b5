"""Feedback emails are in the recipient's language with links in it: the resident's receipt in
the language the feedback was given in, a handler's reminder in the handler's own preferred
language (/sv/ and /en/ links; Finnish unprefixed)."""

import datetime
import secrets

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from asiointi.catalogue.models import Service
from asiointi.feedback import reminders
from asiointi.feedback.intake import FeedbackInput, feedback_submit
from asiointi.feedback.models import Feedback
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.testing.fixtures import make_person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "subject", "prefix"),
    [
        ("sv", "Din respons", "/sv/"),
        ("en", "Your feedback", "/en/"),
        ("fi", "Palautteesi", "/"),
    ],
)
def test_the_receipt_is_in_the_language_the_feedback_was_given_in(
    catalogue, django_capture_on_commit_callbacks, language, subject, prefix
):
    with django_capture_on_commit_callbacks(execute=True):
        feedback = feedback_submit(
            FeedbackInput(
                type="feedback",
                service_code="katujen-kunnossapito",
                description="Mannerheimintiellä on syvä kuoppa pyörätiellä.",
                contact_email="aino@example.com",
                reply_wanted=True,
                language=language,
            )
        )

    (message,) = mail.outbox
    assert message.subject.startswith(subject)
    link = f"{settings.SITE_URL}{prefix}palaute/seuranta/{feedback.tracking_code}/"
    assert link in message.body


def _staff(username: str, language: str):
    person = make_person(username, username.title(), "Käsittelijä", is_staff=True)
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])
    Membership.objects.create(
        user=person, department=Department.objects.get(code="culture"), role=StaffRole.HANDLER
    )
    return person


def test_each_handler_gets_the_reminder_in_their_own_language(
    catalogue, django_capture_on_commit_callbacks
):
    _staff("kaisa", "fi")
    _staff("stina", "sv")
    _staff("emma", "en")
    now = timezone.now()
    feedback = Feedback.objects.create(
        tracking_code=secrets.token_hex(7),
        type="feedback",
        service=Service.objects.get(code="kirjastot"),
        department=Department.objects.get(code="culture"),
        description="Kirjaston ovi ei aukea.",
        received_at=now - datetime.timedelta(days=3, hours=1),
    )

    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminders_sweep(now)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_recipient) == ["emma@example.com", "kaisa@example.com", "stina@example.com"]
    handler_path = f"kasittely/palaute/{feedback.pk}/"
    finnish, swedish, english = (
        by_recipient["kaisa@example.com"],
        by_recipient["stina@example.com"],
        by_recipient["emma@example.com"],
    )
    assert finnish.subject.startswith("Muistutus")
    assert f"{settings.SITE_URL}/{handler_path}" in finnish.body
    assert swedish.subject.startswith("Påminnelse")
    assert "Öppna responsen i handläggarvyn:" in swedish.body
    assert f"{settings.SITE_URL}/sv/{handler_path}" in swedish.body
    assert english.subject.startswith("Reminder")
    assert f"{settings.SITE_URL}/en/{handler_path}" in english.body
