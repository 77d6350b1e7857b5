"""The service's name and contact unit that staff typed are shown in the page's language, with
Finnish where a translation is missing; reading them costs no query."""

import pytest

from asiointi.catalogue.models import Service
from asiointi.testing.fixtures import url


@pytest.mark.parametrize(
    ("language", "unit", "service"),
    [
        ("sv", "Kulturtjänster, understöd", "Allmänt understöd för kultur"),
        ("en", "Culture services, grants", "Operating grant for cultural associations"),
        ("fi", "Kulttuuripalvelut, avustukset", "Kulttuurin yleisavustus"),
    ],
)
def test_the_application_page_shows_the_unit_in_the_pages_language(
    client, submitted, representative, language, unit, service
):
    client.force_login(representative)

    page = client.get(url("cases:detail", submitted.pk, language=language)).content.decode()

    assert unit in page
    assert service in page
    if language != "fi":
        assert "Kulttuuripalvelut, avustukset" not in page


def test_a_missing_english_unit_and_name_fall_back_to_finnish(client, submitted, representative):
    Service.objects.filter(pk=submitted.service_id).update(contact_unit_en="", name_en="")
    client.force_login(representative)

    page = client.get(url("cases:detail", submitted.pk, language="en")).content.decode()

    assert "Kulttuuripalvelut, avustukset" in page
    assert "Kulttuurin yleisavustus" in page


def test_the_service_name_and_unit_read_the_active_language_with_finnish_fallback(db):
    from django.utils import translation

    service = Service(name_fi="Kirjastot", name_sv="Bibliotek", name_en="", contact_unit_fi="K")
    with translation.override("sv"):
        assert (service.name, service.contact_unit) == ("Bibliotek", "K")
    with translation.override("en"):
        assert service.name == "Kirjastot"
