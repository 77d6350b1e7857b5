"""The error pages a person can meet: in the site's frame, in the page's language, with a way
back (404, 403), and a 500 page that needs nothing from the request and speaks all three."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults


@pytest.mark.parametrize(
    ("path", "language", "heading", "home"),
    [
        ("/ei-ole-olemassa/", "fi", "Sivua ei löytynyt", 'href="/"'),
        ("/sv/finns-inte/", "sv", "Sidan hittades inte", 'href="/sv/"'),
        ("/en/no-such-page/", "en", "Page not found", 'href="/en/"'),
    ],
)
def test_a_missing_page_is_a_404_in_the_sites_frame_and_language(
    client, db, path, language, heading, home
):
    response = client.get(path)

    assert response.status_code == 404
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert f"<h1>{heading}</h1>" in page
    assert f"<title>{heading} –" in page
    assert home in page
    assert "Not Found" not in page


@pytest.mark.parametrize(
    ("language", "heading"),
    [("fi", "Ei pääsyä tälle sivulle"), ("sv", "Ingen åtkomst till sidan"), ("en", "No access")],
)
def test_the_403_page_is_in_the_sites_frame_and_language(db, language, heading):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override(language):
        response = defaults.permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert heading in page
    assert "403 Forbidden" not in page


def test_the_500_page_needs_no_request_and_speaks_finnish_swedish_and_english():
    response = defaults.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="fi">' in page
    assert "Palvelussa tapahtui virhe" in page
    assert '<section lang="sv">' in page and "Ett fel inträffade" in page
    assert '<section lang="en">' in page and "An error occurred" in page
    assert 'href="/sv/"' in page and 'href="/en/"' in page
