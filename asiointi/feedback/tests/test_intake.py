"""Intake is the same for every channel: validation, routing, tracking code, nothing half-stored."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from asiointi.common.errors import ValidationFailed
from asiointi.feedback.constants import FeedbackChannel, FeedbackEventKind, Publication
from asiointi.feedback.intake import FeedbackInput, feedback_submit, normalise_tracking_code
from asiointi.feedback.models import Feedback, FeedbackEvent, FeedbackPhoto, parse_request_id
from asiointi.testing.fixtures import pdf_upload, png_upload

pytestmark = pytest.mark.django_db


def valid(**changes) -> FeedbackInput:
    values = {
        "type": "feedback",
        "service_code": "katujen-kunnossapito",
        "description": "Mannerheimintiellä on syvä kuoppa pyörätiellä.",
        "contact_email": "aino@example.com",
        "reply_wanted": True,
    }
    values.update(changes)
    return FeedbackInput(**values)


def test_feedback_about_a_service_goes_to_its_department(catalogue):
    feedback = feedback_submit(valid())
    assert feedback.department.code == "urban"
    assert feedback.status == "received"
    assert parse_request_id(feedback.request_id) == (timezone.now().year, feedback.pk)
    assert len(feedback.tracking_code) == 14
    event = FeedbackEvent.objects.get(feedback=feedback)
    assert event.kind == FeedbackEventKind.RECEIVED
    assert feedback.first_reaction_at is None


def test_i_dont_know_goes_to_central_triage(catalogue):
    feedback = feedback_submit(valid(service_code=""))
    assert feedback.department is None and feedback.service is None


def test_the_receipt_email_has_the_tracking_code_and_status_link(
    catalogue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        feedback = feedback_submit(valid())
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert feedback.tracking_code in body
    assert f"/palaute/seuranta/{feedback.tracking_code}/" in body
    assert "Mannerheimintiellä" not in body  # the content is not repeated in email


def test_publication_waits_for_a_moderator_only_with_consent(catalogue):
    assert feedback_submit(valid(publish_consent=True)).publication == Publication.PENDING
    assert feedback_submit(valid()).publication == Publication.NOT_ALLOWED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": "lyhyt"}, "description"),
        ({"description": "x" * 5001}, "description"),
        ({"service_code": "ei-ole"}, "service_code"),
        ({"lat": "91", "long": "24.9"}, "lat"),
        ({"lat": "60.1", "long": "181"}, "long"),
        ({"lat": "60.1"}, "long"),
        ({"lat": "abc", "long": "24.9"}, "lat"),
        ({"type": "rant"}, "type"),
        ({"contact_email": "", "reply_wanted": True}, "contact_email"),
        ({"contact_email": "not-an-address"}, "contact_email"),
        ({"media_url": "javascript:alert(1)"}, "media_url"),
        ({"location_required": True}, "location"),
        ({"photos": [pdf_upload()]}, "photos"),
    ],
)
def test_bad_input_is_refused_with_a_field_message_and_nothing_is_stored(catalogue, changes, field):
    with pytest.raises(ValidationFailed) as refused:
        feedback_submit(valid(**changes))
    assert refused.value.errors[field]
    assert not Feedback.objects.exists()
    assert not FeedbackEvent.objects.exists()
    assert not mail.outbox


def test_photos_are_stored_with_their_hash(catalogue):
    feedback = feedback_submit(valid(photos=[png_upload()]))
    photo = FeedbackPhoto.objects.get(feedback=feedback)
    assert photo.content_type == "image/png" and len(photo.sha256) == 64
    assert photo.file.storage.exists(photo.file.name)


def test_staff_channels_need_a_staff_member(catalogue, handler_culture):
    with pytest.raises(ValidationFailed):
        feedback_submit(valid(channel=FeedbackChannel.PHONE))
    arrived = timezone.now() - datetime.timedelta(hours=2)
    feedback = feedback_submit(
        valid(channel=FeedbackChannel.PHONE, received_at=arrived), registered_by=handler_culture
    )
    assert feedback.received_at == arrived
    assert feedback.events.get().kind == FeedbackEventKind.REGISTERED_BY_STAFF


def test_tracking_codes_are_accepted_as_people_type_them():
    assert normalise_tracking_code("abcd efgh jkmn") == "ABCD-EFGH-JKMN"
    assert normalise_tracking_code("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"
