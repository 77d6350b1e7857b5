"""Moderation: only consented, answered or closed feedback; only the edited version is public."""

import pytest

from asiointi.common.errors import NotFound, TransitionNotAllowed, ValidationFailed
from asiointi.feedback import services
from asiointi.feedback.constants import FeedbackEventKind, Publication
from asiointi.feedback.intake import FeedbackInput, feedback_submit
from asiointi.feedback.models import Feedback, FeedbackEvent, FeedbackPhoto
from asiointi.testing.fixtures import png_upload

pytestmark = pytest.mark.django_db

ORIGINAL = "Aino Asukas, puh. 040 123 4567: kirjaston aukioloajat ovat liian lyhyet."


def answered(handler, *, consent=True, photos=0) -> Feedback:
    feedback = feedback_submit(
        FeedbackInput(
            service_code="kirjastot",
            description=ORIGINAL,
            contact_email="aino@example.com",
            reply_wanted=True,
            publish_consent=consent,
            photos=[png_upload(f"kuva{i}.png") for i in range(photos)],
        )
    )
    return services.feedback_answer(
        actor=handler, feedback=feedback, text="Hei Aino, pidennämme aukioloja."
    )


def test_publish_keeps_the_original_and_publishes_only_the_edited_version(handler_culture):
    feedback = answered(handler_culture, photos=2)
    first, second = FeedbackPhoto.objects.filter(feedback=feedback)
    published = services.feedback_publish(
        actor=handler_culture,
        feedback=feedback,
        public_description="Kirjaston aukioloajat ovat liian lyhyet.",
        public_answer="Pidennämme aukioloja.",
        photo_ids=[str(second.pk)],
        expected_lock_version=feedback.lock_version,
    )
    published.refresh_from_db()
    assert published.publication == Publication.PUBLISHED and published.published_at
    assert published.description == ORIGINAL
    assert published.answer == "Hei Aino, pidennämme aukioloja."
    assert published.public_description == "Kirjaston aukioloajat ovat liian lyhyet."
    assert published.public_answer == "Pidennämme aukioloja."
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.public, second.public) == (False, True)
    event = FeedbackEvent.objects.get(feedback=feedback, kind=FeedbackEventKind.PUBLISHED)
    assert event.actor == handler_culture and event.details == {"photos": [second.pk]}


def test_no_consent_no_publication(handler_culture):
    feedback = answered(handler_culture, consent=False)
    with pytest.raises(TransitionNotAllowed):
        services.feedback_publish(
            actor=handler_culture, feedback=feedback, public_description="Julkinen versio."
        )
    assert Feedback.objects.get(pk=feedback.pk).publication == Publication.NOT_ALLOWED


def test_open_feedback_is_not_published_yet(handler_culture):
    feedback = feedback_submit(
        FeedbackInput(service_code="kirjastot", description=ORIGINAL, publish_consent=True)
    )
    with pytest.raises(TransitionNotAllowed):
        services.feedback_publish(
            actor=handler_culture, feedback=feedback, public_description="Julkinen versio."
        )


def test_public_texts_are_validated(handler_culture):
    feedback = answered(handler_culture)
    with pytest.raises(ValidationFailed) as error:
        services.feedback_publish(
            actor=handler_culture, feedback=feedback, public_description="lyhyt"
        )
    assert "public_description" in error.value.errors
    with pytest.raises(ValidationFailed) as error:
        services.feedback_publish(
            actor=handler_culture,
            feedback=feedback,
            public_description="Kirjaston aukioloajat.",
            public_answer="",
        )
    assert "public_answer" in error.value.errors
    assert Feedback.objects.get(pk=feedback.pk).publication == Publication.PENDING


def test_photos_of_other_feedback_cannot_be_published(handler_culture):
    feedback = answered(handler_culture)
    other = answered(handler_culture, photos=1)
    with pytest.raises(ValidationFailed):
        services.feedback_publish(
            actor=handler_culture,
            feedback=feedback,
            public_description="Kirjaston aukioloajat.",
            public_answer="Vastaus.",
            photo_ids=[other.photos.get().pk],
        )
    assert not FeedbackPhoto.objects.filter(public=True).exists()


def test_decline_then_reconsider_then_take_down(handler_culture):
    feedback = answered(handler_culture, photos=1)
    declined = services.feedback_decline_publication(actor=handler_culture, feedback=feedback)
    assert declined.publication == Publication.DECLINED
    published = services.feedback_publish(
        actor=handler_culture,
        feedback=declined,
        public_description="Kirjaston aukioloajat.",
        public_answer="Vastaus.",
        photo_ids=[feedback.photos.get().pk],
    )
    assert published.publication == Publication.PUBLISHED
    removed = services.feedback_decline_publication(actor=handler_culture, feedback=published)
    assert removed.publication == Publication.DECLINED and removed.published_at is None
    assert not FeedbackPhoto.objects.filter(public=True).exists()
    assert [
        FeedbackEventKind.PUBLICATION_DECLINED,
        FeedbackEventKind.PUBLISHED,
        FeedbackEventKind.PUBLICATION_DECLINED,
    ] == [
        e.kind for e in FeedbackEvent.objects.filter(feedback=feedback) if e.kind.startswith("publ")
    ]


def test_only_the_departments_handlers_moderate(handler_culture, handler_education, triage_officer):
    feedback = answered(handler_culture)
    for outsider in (handler_education, triage_officer):
        with pytest.raises(NotFound):
            services.feedback_publish(
                actor=outsider, feedback=feedback, public_description="Julkinen versio."
            )
        with pytest.raises(NotFound):
            services.feedback_decline_publication(actor=outsider, feedback=feedback)
    assert Feedback.objects.get(pk=feedback.pk).publication == Publication.PENDING
