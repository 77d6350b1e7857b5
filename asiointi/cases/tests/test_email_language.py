"""The applicant's email is in their language, and its link opens the folder in that language:
/sv/ and /en/ addresses for Swedish and English, the unprefixed one for Finnish."""

import pytest
from django.conf import settings
from django.core import mail

from asiointi.cases.constants import EventKind
from asiointi.cases.notifications import send_event_notification

CASES = [
    (
        "sv",
        "Ansökan mottagen",
        "Se detaljerna i din e-tjänstmapp:",
        "/sv/asiointikansio/",
        "Kulturtjänster, understöd",
        "Allmänt understöd för kultur",
    ),
    (
        "en",
        "Application received",
        "See the details in your e-services folder:",
        "/en/asiointikansio/",
        "Culture services, grants",
        "Operating grant for cultural associations",
    ),
    (
        "fi",
        "Hakemus vastaanotettu",
        "Katso tiedot asiointikansiostasi:",
        "/asiointikansio/",
        "Kulttuuripalvelut, avustukset",
        "Kulttuurin yleisavustus",
    ),
]


@pytest.mark.parametrize(("language", "subject", "see", "folder", "unit", "service"), CASES)
def test_the_receipt_is_in_the_applicants_language_with_a_link_in_it(
    submitted, representative, language, subject, see, folder, unit, service
):
    representative.preferred_language = language
    representative.save(update_fields=["preferred_language"])
    event = submitted.events.get(kind=EventKind.SUBMITTED)
    mail.outbox.clear()

    send_event_notification(event.pk)

    (message,) = [m for m in mail.outbox if representative.email in m.to]
    assert message.subject.startswith(subject)
    assert see in message.body
    link = f"{settings.SITE_URL}{folder}{submitted.pk}/"
    assert link in message.body
    assert f"{settings.SITE_URL}{folder}" in message.body
    # The names staff typed, in the same language.
    assert unit in message.body
    assert service in message.body
    if language != "fi":
        assert "Kulttuuripalvelut" not in message.body


def test_a_missing_translation_of_the_unit_falls_back_to_finnish(submitted, representative):
    representative.preferred_language = "en"
    representative.save(update_fields=["preferred_language"])
    submitted.service.contact_unit_en = ""
    submitted.service.save(update_fields=["contact_unit_en"])
    event = submitted.events.get(kind=EventKind.SUBMITTED)
    mail.outbox.clear()

    send_event_notification(event.pk)

    assert "Kulttuuripalvelut, avustukset" in mail.outbox[0].body
    assert "/en/asiointikansio/" in mail.outbox[0].body
