"""The status page and tracking: a resident follows their feedback with the tracking code and
sees the processing, never the content or anyone's personal data."""

import pytest
from django.test import override_settings
from django.utils import timezone

from asiointi.feedback.constants import FeedbackEventKind, FeedbackStatus
from asiointi.feedback.events import record_event
from asiointi.feedback.intake import FeedbackInput, feedback_submit
from asiointi.feedback.models import Feedback
from asiointi.testing.fixtures import png_upload, url

pytestmark = pytest.mark.django_db

DESCRIPTION = "Kirjaston aukioloajat ovat liian lyhyet lauantaisin."
PERSONAL = ["Aino Asukas", "aino@example.com", "040 123 4567", DESCRIPTION, "Vuosaarentie 7"]


def give(**changes) -> Feedback:
    values = {
        "type": "complaint",
        "service_code": "kirjastot",
        "title": "Aukioloajat",
        "description": DESCRIPTION,
        "address": "Vuosaarentie 7",
        "contact_name": "Aino Asukas",
        "contact_email": "aino@example.com",
        "contact_phone": "040 123 4567",
        "reply_wanted": True,
        "photos": [png_upload()],
    }
    values.update(changes)
    return feedback_submit(FeedbackInput(**values))


def assert_nothing_personal(page: str) -> None:
    for text in PERSONAL:
        assert text not in page
    assert "kuoppa.png" not in page and "<img" not in page


def test_the_status_page_shows_the_processing_but_nothing_personal(
    client, catalogue, handler_culture
):
    feedback = give()
    record_event(feedback=feedback, kind=FeedbackEventKind.CLAIMED, actor=handler_culture)
    record_event(
        feedback=feedback,
        kind=FeedbackEventKind.NOTE_ADDED,
        actor=handler_culture,
        details={"note": "Soitin asiakkaalle"},
    )
    Feedback.objects.filter(pk=feedback.pk).update(status=FeedbackStatus.IN_PROCESS)

    response = client.get(url("feedback:status", feedback.tracking_code, language="en"))

    assert response.status_code == 200
    page = response.content.decode()
    assert feedback.request_id in page
    assert 'id="feedback-status">In process<' in page
    assert "Complaint" in page
    assert feedback.service.name_en in page
    assert feedback.department.name_en in page
    assert "Feedback received" in page and "Taken into processing" in page
    assert "Internal note added" not in page and "Soitin asiakkaalle" not in page
    assert "Kaisa" not in page and "Käsittelijä" not in page  # no staff names
    assert_nothing_personal(page)


def test_feedback_without_a_service_is_being_routed(client, catalogue):
    feedback = give(service_code="")
    page = client.get(url("feedback:status", feedback.tracking_code, language="en")).content
    assert "Being routed to the right department" in page.decode()


def test_an_answered_feedback_shows_the_answer(client, catalogue, handler_culture):
    feedback = give()
    answer = "Lauantain aukioloa pidennetään syyskuusta alkaen."
    record_event(feedback=feedback, kind=FeedbackEventKind.ANSWERED, actor=handler_culture)
    Feedback.objects.filter(pk=feedback.pk).update(
        status=FeedbackStatus.ANSWERED, answer=answer, answered_at=timezone.now()
    )

    page = client.get(url("feedback:status", feedback.tracking_code, language="en")).content
    page = page.decode()

    assert 'id="feedback-status">Answered<' in page
    assert answer in page
    assert_nothing_personal(page)


def test_an_answer_is_not_shown_before_the_feedback_is_answered(client, catalogue):
    feedback = give()
    Feedback.objects.filter(pk=feedback.pk).update(answer="Luonnos, ei vielä lähetetty.")
    page = client.get(url("feedback:status", feedback.tracking_code)).content.decode()
    assert "Luonnos, ei vielä lähetetty." not in page


def test_a_forwarded_feedback_shows_where_it_went(client, catalogue, handler_culture):
    feedback = give()
    record_event(feedback=feedback, kind=FeedbackEventKind.FORWARDED, actor=handler_culture)
    Feedback.objects.filter(pk=feedback.pk).update(
        status=FeedbackStatus.FORWARDED, forwarded_to="HEL 2026-012345"
    )

    page = client.get(url("feedback:status", feedback.tracking_code, language="en")).content
    page = page.decode()

    assert 'id="feedback-status">Forwarded to case management<' in page
    assert 'id="forwarded-to">HEL 2026-012345<' in page
    assert "continues in the city&#x27;s case management" in page or (
        "continues in the city's case management" in page
    )
    assert_nothing_personal(page)


def test_an_unknown_code_is_404(client, catalogue):
    give()
    assert client.get(url("feedback:status", "AAAA-BBBB-CCCC")).status_code == 404
    assert client.get(url("feedback:receipt", "AAAA-BBBB-CCCC")).status_code == 404


def test_the_tracking_form_accepts_the_code_as_typed(client, catalogue):
    feedback = give()
    typed = feedback.tracking_code.replace("-", " ").lower()

    response = client.get(url("feedback:track"), {"code": typed})

    assert response.status_code == 302
    assert response["Location"] == url("feedback:status", feedback.tracking_code)


def test_the_tracking_form_says_when_the_code_is_unknown(client, catalogue):
    give()
    response = client.get(url("feedback:track", language="en"), {"code": "abcd-efgh-jkmn"})
    assert response.status_code == 404
    page = response.content.decode()
    assert "No feedback was found with this tracking code." in page
    assert 'value="abcd-efgh-jkmn"' in page
    assert 'aria-invalid="true"' in page


def test_the_empty_tracking_form_is_shown(client, catalogue):
    response = client.get(url("feedback:track", language="en"))
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


# Windows are fixed (common/ratelimit.py): a day-long one keeps the test from straddling two.
@override_settings(FEEDBACK_TRACK_RATE_LIMIT="3/86400")
def test_guessing_tracking_codes_is_slowed_down(client, catalogue):
    feedback = give()
    for guess in ("AAAA-AAAA-AAAA", "BBBB-BBBB-BBBB", "CCCC-CCCC-CCCC"):
        assert client.get(url("feedback:track"), {"code": guess}).status_code == 404

    refused = client.get(url("feedback:track", language="en"), {"code": feedback.tracking_code})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many lookups" in refused.content.decode()
    # Opening the status page directly counts against the same limit.
    assert client.get(url("feedback:status", feedback.tracking_code)).status_code == 429
    # Another address still gets through.
    other = client.get(url("feedback:status", feedback.tracking_code), REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 200
