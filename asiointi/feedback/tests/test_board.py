"""The public feedback board: only published feedback, only its moderated public text."""

import datetime

import pytest
from django.utils import timezone

from asiointi.feedback.constants import FeedbackStatus, Publication
from asiointi.feedback.intake import FeedbackInput, feedback_submit
from asiointi.feedback.models import Feedback, FeedbackPhoto
from asiointi.testing.fixtures import PNG_BYTES, png_upload, url

pytestmark = pytest.mark.django_db

# The counts of an anonymous visitor's board page: the services of the filter, the count of the
# matching items, one page of items with their services. The same for 1 and for 25 items.
BOARD_QUERIES = 3
# The item page: the item with its service and department, its public photos.
ITEM_QUERIES = 2


def give(description="Puiston penkit ovat rikki Kaivopuistossa.", service="puistot", **extra):
    return feedback_submit(
        FeedbackInput(
            type="feedback",
            service_code=service,
            description=description,
            contact_name="Aino Asukas",
            contact_email="aino@example.com",
            contact_phone="040 123 4567",
            publish_consent=True,
            **extra,
        )
    )


def publish(feedback, *, public_description, public_answer="", minutes_ago=0, **fields):
    """What the moderator's publish action leaves behind (the moderation UI is built elsewhere)."""
    Feedback.objects.filter(pk=feedback.pk).update(
        publication=Publication.PUBLISHED,
        public_description=public_description,
        public_answer=public_answer,
        published_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **fields,
    )
    feedback.refresh_from_db()
    return feedback


def test_the_board_lists_only_published_feedback_and_never_the_original_text(client, catalogue):
    published = publish(
        give("Penkit rikki, soita minulle Aino 040 123 4567."),
        public_description="Puiston penkit ovat rikki.",
        public_answer="Penkit korjataan ensi viikolla.",
        status=FeedbackStatus.ANSWERED,
    )
    give("Tätä ei ole julkaistu lainkaan.")
    pending = give("Odottaa moderointia.")
    declined = give("Hylätty julkaisusta.")
    Feedback.objects.filter(pk=declined.pk).update(
        publication=Publication.DECLINED, public_description="Hylätty julkinen teksti"
    )

    page = client.get(url("feedback:board", language="en")).content.decode()

    assert "Puiston penkit ovat rikki." in page
    assert "Penkit korjataan ensi viikolla." in page
    assert published.request_id in page
    assert "Answered" in page
    assert "Parks and green areas" in page
    for text in ["Penkit rikki, soita", "Aino", "040 123 4567", "aino@example.com"]:
        assert text not in page
    assert "Tätä ei ole julkaistu" not in page
    assert pending.request_id not in page
    assert "Hylätty" not in page


def test_newest_publication_first(client, catalogue):
    publish(give(), public_description="Vanhempi julkaisu", minutes_ago=60)
    publish(give(), public_description="Uudempi julkaisu", minutes_ago=1)
    page = client.get(url("feedback:board")).content.decode()
    assert page.index("Uudempi julkaisu") < page.index("Vanhempi julkaisu")


def test_search_matches_public_text_answer_and_title_case_insensitively(client, catalogue):
    publish(give(), public_description="Liukas jalkakäytävä Kalliossa")
    publish(
        give(), public_description="Jotain muuta", public_answer="Hiekoitus tehty LIUKKAUDEN takia"
    )
    publish(give(title="Liukkaat portaat"), public_description="Portaat")
    publish(give(), public_description="Ei osumaa tässä")
    # The original description does not make a published item match.
    publish(give("Liukas mutta yksityinen teksti"), public_description="Siivottu versio")

    page = client.get(url("feedback:board"), {"q": "liuk"}).content.decode()

    assert "Liukas jalkakäytävä Kalliossa" in page
    assert "Hiekoitus tehty LIUKKAUDEN takia" in page
    assert "Liukkaat portaat" in page
    assert "Ei osumaa tässä" not in page
    assert "Siivottu versio" not in page
    assert 'value="liuk"' in page


def test_the_service_filter(client, catalogue):
    publish(give(service="puistot"), public_description="Puistoasia")
    publish(give(service="kirjastot"), public_description="Kirjastoasia")

    page = client.get(url("feedback:board"), {"service": "kirjastot"}).content.decode()

    assert "Kirjastoasia" in page and "Puistoasia" not in page
    assert '<option value="kirjastot" selected>' in page


def test_the_board_is_paginated_by_20(client, catalogue):
    for number in range(21):
        publish(give(), public_description=f"Julkaisu numero {number:02d}.", minutes_ago=number)

    first = client.get(url("feedback:board")).content.decode()
    second = client.get(url("feedback:board"), {"page": "2"}).content.decode()

    assert "Julkaisu numero 00." in first and "Julkaisu numero 19." in first
    assert "Julkaisu numero 20." not in first
    assert "Julkaisu numero 20." in second and "Julkaisu numero 00." not in second
    assert "page=2" in first


@pytest.mark.parametrize("count", [1, 25])
def test_the_board_query_count_does_not_grow_with_items(
    client, catalogue, django_assert_num_queries, count
):
    for number in range(count):
        publish(
            give(service="puistot" if number % 2 else "kirjastot"),
            public_description=f"Julkaisu {number}",
            public_answer="Vastaus",
        )
    with django_assert_num_queries(BOARD_QUERIES):
        response = client.get(url("feedback:board"))
    assert response.status_code == 200
    assert response.content.decode().count('class="hds-card hds-card--border board-card"') == min(
        count, 20
    )
    # Cards in a list without bullets (issue 17, item 11).
    assert '<ul class="asi-plain-list board-list">' in response.content.decode()


def test_an_item_page_shows_the_public_version(client, catalogue, django_assert_num_queries):
    feedback = publish(
        give("Alkuperäinen teksti, jossa on nimi Aino."),
        public_description="Julkinen versio",
        public_answer="Julkinen vastaus",
    )
    with django_assert_num_queries(ITEM_QUERIES):
        response = client.get(url("feedback:board_item", feedback.request_id))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Julkinen versio" in page and "Julkinen vastaus" in page
    assert "Alkuperäinen teksti" not in page and "Aino" not in page


@pytest.mark.parametrize("publication", [Publication.PENDING, Publication.DECLINED])
def test_an_unpublished_item_is_404(client, catalogue, publication):
    feedback = give()
    Feedback.objects.filter(pk=feedback.pk).update(
        publication=publication, public_description="Ei vielä"
    )
    assert client.get(url("feedback:board_item", feedback.request_id)).status_code == 404


def test_unknown_or_malformed_numbers_are_404(client, catalogue):
    feedback = publish(give(), public_description="Julkinen")
    wrong_year = f"{feedback.received_at.year - 1}-{feedback.pk:06d}"
    for number in [wrong_year, "2026-999999", "roskaa", f"{feedback.pk}"]:
        assert client.get(url("feedback:board_item", number)).status_code == 404


def test_a_published_photo_is_served_inline_with_its_type(client, catalogue):
    feedback = publish(give(photos=[png_upload()]), public_description="Kuvan kanssa")
    photo = feedback.photos.get()
    FeedbackPhoto.objects.filter(pk=photo.pk).update(public=True)

    item = client.get(url("feedback:board_item", feedback.request_id)).content.decode()
    assert url("feedback:public_photo", photo.pk) in item

    response = client.get(url("feedback:public_photo", photo.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline"
    assert b"".join(response.streaming_content) == PNG_BYTES


def test_other_photos_are_404(client, catalogue):
    # A private photo of published feedback.
    published = publish(give(photos=[png_upload()]), public_description="Julkaistu")
    private_photo = published.photos.get()
    # A photo marked public, but its feedback is not published (pending moderation).
    pending = give(photos=[png_upload("toinen.png")])
    pending_photo = pending.photos.get()
    FeedbackPhoto.objects.filter(pk=pending_photo.pk).update(public=True)

    item = client.get(url("feedback:board_item", published.request_id)).content.decode()
    assert "<img" not in item
    for pk in [private_photo.pk, pending_photo.pk, 999999]:
        assert client.get(url("feedback:public_photo", pk)).status_code == 404
