"""The public feedback form: a resident gives feedback without logging in, in any language."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from asiointi.cases.models import attachment_storage
from asiointi.catalogue.models import Service
from asiointi.feedback.constants import FeedbackChannel, Publication
from asiointi.feedback.models import Feedback, FeedbackEvent, FeedbackPhoto
from asiointi.testing.fixtures import pdf_upload, png_upload, url

pytestmark = pytest.mark.django_db

DESCRIPTION = "Mannerheimintiellä on syvä kuoppa pyörätiellä."


def feedback_files() -> list[str]:
    found = []

    def walk(path):
        directories, files = attachment_storage().listdir(path)
        found.extend(f"{path}/{name}" for name in files)
        for directory in directories:
            walk(f"{path}/{directory}")

    if attachment_storage().exists("feedback"):
        walk("feedback")
    return found


def form_data(**changes) -> dict:
    data = {
        "type": "feedback",
        "service": "katujen-kunnossapito",
        "title": "Kuoppa",
        "description": DESCRIPTION,
        "address": "Mannerheimintie 1",
        "lat": "60.1699",
        "long": "24.9384",
        "name": "Aino Asukas",
        "email": "aino@example.com",
        "phone": "040 123 4567",
        "reply_wanted": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_feedback_is_received_in_each_language_and_the_receipt_shows_code_and_number(
    client, catalogue, language
):
    response = client.post(url("feedback:give", language=language), form_data(), follow=True)

    feedback = Feedback.objects.get()
    assert response.status_code == 200
    assert response.redirect_chain[0][0] == url(
        "feedback:receipt", feedback.tracking_code, language=language
    )
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert 'id="tracking-code"' in page and f">{feedback.tracking_code}</strong>" in page
    assert f'id="feedback-number">{feedback.request_id}<' in page
    assert url("feedback:status", feedback.tracking_code, language=language) in page
    assert feedback.language == language
    assert feedback.channel == FeedbackChannel.ONLINE
    assert feedback.department.code == "urban"
    assert feedback.description == DESCRIPTION
    assert (feedback.contact_name, feedback.contact_email, feedback.contact_phone) == (
        "Aino Asukas",
        "aino@example.com",
        "040 123 4567",
    )
    assert str(feedback.lat) == "60.169900" and str(feedback.long) == "24.938400"
    assert feedback.reply_wanted is True
    assert feedback.publication == Publication.NOT_ALLOWED
    assert feedback.submitted_by is None


def test_the_receipt_says_the_email_was_sent_and_the_reply_promise(client, catalogue):
    response = client.post(url("feedback:give", language="en"), form_data(), follow=True)
    page = response.content.decode()
    assert "A receipt with the tracking code has been sent" in page
    assert "aims to reply within 7 days" in page


def test_without_an_email_the_receipt_says_no_email_was_sent(client, catalogue):
    response = client.post(
        url("feedback:give", language="en"),
        form_data(email="", phone="", reply_wanted=None, service=""),
        follow=True,
    )
    page = response.content.decode()
    assert "No receipt email was sent" in page
    assert "aims to reply" not in page
    feedback = Feedback.objects.get()
    assert feedback.service is None and feedback.department is None


def test_photos_and_publication_consent_are_stored(client, catalogue):
    data = form_data(publish_consent="on")
    data["photos"] = [png_upload("kuoppa.png"), png_upload("toinen.png")]
    response = client.post(url("feedback:give"), data)
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.publication == Publication.PENDING
    assert sorted(feedback.photos.values_list("original_name", flat=True)) == [
        "kuoppa.png",
        "toinen.png",
    ]


def test_the_form_lists_services_taking_feedback_and_i_dont_know_first(client, catalogue):
    Service.objects.filter(code="yleisavustus").update(accepts_feedback=False)
    page = client.get(url("feedback:give", language="en")).content.decode()
    assert '<option value="">I don\'t know which department</option>' in page
    assert 'value="kirjastot"' in page and 'value="katujen-kunnossapito"' in page
    assert 'value="yleisavustus"' not in page
    assert 'accept="image/*"' in page and 'enctype="multipart/form-data"' in page
    assert 'id="use-location" hidden' in page  # the JS-only button is hidden without JS


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"type": None}, "id_type-error", "Choose the type of your feedback."),
        ({"type": "rant"}, "id_type-error", "Choose the type of your feedback."),
        ({"service": "ei-ole"}, "id_service-error", "There is no service with the code"),
        ({"description": "lyhyt"}, "id_description-error", "Write at least 10 characters"),
        ({"description": "x" * 5001}, "id_description-error", "at most 5000 characters"),
        ({"title": "x" * 201}, "id_title-error", "The title can be at most 200"),
        ({"lat": "91"}, "id_lat-error", "between -90 and 90"),
        ({"long": "abc"}, "id_long-error", "Give the coordinate as a decimal number."),
        ({"long": ""}, "id_long-error", "Give both latitude and longitude."),
        ({"address": "x" * 301}, "id_address-error", "The address can be at most 300"),
        ({"email": "not-an-address"}, "id_email-error", "Check the email address."),
        ({"email": "", "phone": ""}, "id_email-error", "To get a reply, give an email"),
        ({"name": "x" * 201}, "id_name-error", "The name can be at most 200"),
        ({"phone": "1" * 41}, "id_phone-error", "The phone number can be at most 40"),
        ({"photos": [pdf_upload()]}, "id_photos-error", "only photos are accepted"),
        (
            {"photos": [png_upload(f"{n}.png") for n in range(6)]},
            "id_photos-error",
            "Attach at most 5 photos.",
        ),
    ],
)
def test_bad_input_shows_the_field_error_keeps_the_text_and_stores_nothing(
    client, catalogue, changes, field_id, message
):
    data = form_data(**{key: value for key, value in changes.items() if key != "photos"})
    if "photos" in changes:
        data["photos"] = changes["photos"]
    if "type" in changes and changes["type"] is None:
        data.pop("type", None)
    files_before = sorted(feedback_files())

    response = client.post(url("feedback:give", language="en"), data)

    assert response.status_code == 422
    page = response.content.decode()
    start = page.index(f'id="{field_id}"')
    assert message in page[start : start + 400]
    assert 'id="error-summary"' in page
    assert "aria-invalid" in page
    # What was typed is still there (the long texts are kept too, as they were typed).
    if "description" not in changes:
        assert DESCRIPTION in page
    else:
        assert f">{changes['description']}</textarea>" in page
    if "email" not in changes:
        assert 'value="aino@example.com"' in page
    assert 'value="katujen-kunnossapito" selected' in page or "service" in changes
    assert not Feedback.objects.exists()
    assert not FeedbackEvent.objects.exists()
    assert not FeedbackPhoto.objects.exists()
    assert sorted(feedback_files()) == files_before
    if "photos" in changes:
        assert "choose them again" in page


def test_a_chosen_photo_must_be_chosen_again_after_an_error(client, catalogue):
    data = form_data(description="lyhyt")
    data["photos"] = [png_upload()]
    files_before = sorted(feedback_files())
    response = client.post(url("feedback:give", language="en"), data)
    assert response.status_code == 422
    assert "choose them again" in response.content.decode()
    assert sorted(feedback_files()) == files_before


# Windows are fixed (common/ratelimit.py): a day-long one keeps the test from straddling two.
@override_settings(FEEDBACK_FORM_RATE_LIMIT="2/86400")
def test_too_many_posts_from_one_address_are_refused_and_nothing_is_stored(client, catalogue):
    for _ in range(2):
        assert client.post(url("feedback:give"), form_data()).status_code == 302
    data = form_data(description="Kolmas palaute samasta osoitteesta.")
    data["photos"] = [png_upload()]
    files_before = sorted(feedback_files())

    response = client.post(url("feedback:give", language="en"), data)

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "You have sent a lot of feedback in a short time. Nothing was saved" in page
    assert "Kolmas palaute samasta osoitteesta." in page  # the text is not lost
    assert "choose them again" in page
    assert Feedback.objects.count() == 2
    assert FeedbackPhoto.objects.count() == 0
    assert sorted(feedback_files()) == files_before
    # Another address is not affected.
    other = client.post(url("feedback:give"), form_data(), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


def test_a_logged_in_resident_gets_name_and_email_prefilled_and_is_linked(
    client, catalogue, resident
):
    client.force_login(resident)
    page = client.get(url("feedback:give")).content.decode()
    assert 'value="Aino Asukas"' in page
    assert 'value="aino@example.com"' in page

    client.post(url("feedback:give"), form_data())
    assert Feedback.objects.get().submitted_by == resident


def test_the_anonymous_form_is_empty(client, catalogue):
    page = client.get(url("feedback:give")).content.decode()
    assert 'id="id_name" name="name" value=""' in page
    assert 'id="id_email" name="email" value=""' in page


def form_token(page: str) -> str:
    match = re.search(r'<input type="hidden" name="form_token" value="([A-Za-z0-9_-]+)">', page)
    assert match, "the form has no one-time token"
    return match.group(1)


def test_sending_the_same_form_again_creates_nothing_and_leads_to_the_first_receipt(
    client, catalogue
):
    """Back after sending, then send again: the one-time form token stops the second item."""
    form_url = url("feedback:give", language="fi")
    token = form_token(client.get(form_url).content.decode())
    first = client.post(form_url, form_data(form_token=token))
    feedback = Feedback.objects.get()
    assert first.status_code == 302
    assert first["Location"] == url("feedback:receipt", feedback.tracking_code, language="fi")

    # The page from the browser's history, sent again (even with the text changed a little).
    again = client.post(
        form_url, form_data(form_token=token, description=DESCRIPTION + " Uudestaan."), follow=True
    )
    assert Feedback.objects.count() == 1
    assert FeedbackEvent.objects.count() == 1
    assert again.status_code == 200
    assert again.redirect_chain == [
        (url("feedback:receipt", feedback.tracking_code, language="fi"), 302)
    ]
    page = again.content.decode()
    assert feedback.tracking_code in page
    assert "Tämä palaute on jo lähetetty, eikä sitä lähetetty uudelleen." in page

    # A new page draws a new token: the next feedback is a new one.
    new_token = form_token(client.get(form_url).content.decode())
    assert new_token != token
    assert client.post(form_url, form_data(form_token=new_token)).status_code == 302
    assert Feedback.objects.count() == 2


def test_a_refused_form_keeps_its_token_and_only_the_corrected_one_is_received(client, catalogue):
    form_url = url("feedback:give", language="en")
    token = form_token(client.get(form_url).content.decode())
    refused = client.post(form_url, form_data(form_token=token, description="Lyhyt"))
    assert refused.status_code == 422
    assert form_token(refused.content.decode()) == token
    assert Feedback.objects.count() == 0
    assert client.post(form_url, form_data(form_token=token)).status_code == 302
    assert client.post(form_url, form_data(form_token=token)).status_code == 302
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize("token", [None, "", "short", "ä" * 40, "x" * 1000])
def test_a_missing_or_malformed_token_is_ignored(client, catalogue, token):
    """An old page without the token, or junk in it, is received as before: never a 500."""
    response = client.post(url("feedback:give", language="fi"), form_data(form_token=token))
    assert response.status_code == 302
    assert Feedback.objects.count() == 1


@pytest.mark.parametrize("name", ["notes.txt", "kuva.jpg"])
def test_a_photo_of_no_accepted_type_is_refused_naming_photos_only(client, catalogue, name):
    """A text file (even one named like a photo) offered as a photo: the error names the photo
    types, not the PDFs and office documents that other uploads accept."""
    data = form_data()
    data["photos"] = SimpleUploadedFile(name, b"just some text, not an image\n", "image/jpeg")

    response = client.post(url("feedback:give", language="en"), data)

    assert response.status_code == 422
    page = response.content.decode()
    start = page.index('id="id_photos-error"')
    error = page[start : start + 400]
    assert f"{name}: only photos are accepted (JPEG, PNG, GIF or WebP)." in error
    assert "PDF" not in page and "office document" not in page
    assert not Feedback.objects.exists()
