"""A language chosen once sticks: an unprefixed link (from an email, a bookmark) opens in the
language the person chose — the cookie of the language selector, else a logged-in person's
preferred language — while the APIs, the admin and Finnish choosers stay where they are."""

import pytest
from django.conf import settings

from asiointi.accounts.models import User

COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.mark.parametrize("language", ["sv", "en"])
def test_an_unprefixed_link_redirects_to_the_chosen_language_keeping_the_query(
    client, db, language
):
    client.cookies[COOKIE] = language

    response = client.get("/tietosuojaseloste/?from=email&x=1")

    assert response.status_code == 302
    assert response["Location"] == f"/{language}/tietosuojaseloste/?from=email&x=1"
    assert "Cookie" in response["Vary"]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert f'<html lang="{language}">' in page.content.decode()


def test_a_head_request_is_redirected_too(client, db):
    client.cookies[COOKIE] = "sv"

    assert client.head("/asiointikansio/")["Location"] == "/sv/asiointikansio/"


@pytest.mark.parametrize("cookie", [None, "fi", "xx"])
def test_without_a_swedish_or_english_choice_the_unprefixed_page_is_finnish(client, db, cookie):
    if cookie:
        client.cookies[COOKIE] = cookie

    response = client.get("/tietosuojaseloste/")

    assert response.status_code == 200
    assert '<html lang="fi">' in response.content.decode()


def test_a_prefixed_page_is_never_redirected_so_there_is_no_loop(client, db):
    client.cookies[COOKIE] = "sv"
    assert client.get("/sv/tietosuojaseloste/").status_code == 200
    # A chooser of Finnish who opens a Swedish link sees it in Swedish, as linked.
    client.cookies[COOKIE] = "fi"
    assert client.get("/sv/tietosuojaseloste/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/healthz",
        "/api/v1/applications/",
        "/open311/v2/services.json",
        "/yllapito/",
        "/yllapito/login/",
        "/oidc/asukas/callback/?code=abc&state=def",
        "/static/asiointi/site.css",
        "/ei-ole-olemassa/",
    ],
)
def test_apis_admin_login_callbacks_static_and_unknown_paths_are_not_redirected(client, db, path):
    client.cookies[COOKIE] = "sv"

    response = client.get(path)

    assert not (response.status_code in (301, 302) and response["Location"].startswith("/sv/")), (
        response["Location"]
    )


def test_a_form_post_is_not_redirected(client, db):
    client.cookies[COOKIE] = "en"

    response = client.post("/palaute/", {})

    assert not (response.status_code == 302 and response["Location"].startswith("/en/"))


def test_a_logged_in_persons_preferred_language_is_used_without_a_cookie(client, resident):
    resident.preferred_language = "sv"
    resident.save()
    client.force_login(resident)

    assert client.get("/asiointikansio/")["Location"] == "/sv/asiointikansio/"
    # The cookie is the newer, explicit choice.
    client.cookies[COOKIE] = "fi"
    assert client.get("/asiointikansio/").status_code == 200


def test_choosing_finnish_in_the_selector_keeps_unprefixed_links_finnish(client, resident):
    resident.preferred_language = "sv"
    resident.save()
    client.force_login(resident)

    response = client.post("/i18n/setlang/", {"language": "fi", "next": "/asiointikansio/"})

    assert response.status_code == 302
    assert response["Location"] == "/asiointikansio/"
    assert client.cookies[COOKIE].value == "fi"
    assert User.objects.get(pk=resident.pk).preferred_language == "fi"
    page = client.get("/asiointikansio/")
    assert page.status_code == 200
    assert '<html lang="fi">' in page.content.decode()


def test_choosing_swedish_is_stored_as_the_preferred_language_and_sticks(client, resident):
    client.force_login(resident)

    response = client.post("/i18n/setlang/", {"language": "sv", "next": "/asiointikansio/"})

    assert response["Location"] == "/sv/asiointikansio/"
    assert User.objects.get(pk=resident.pk).preferred_language == "sv"
    # A link from an email, in another browser without the cookie:
    client.cookies.pop(COOKIE)
    assert client.get("/asiointikansio/")["Location"] == "/sv/asiointikansio/"


def test_an_anonymous_visitor_can_choose_a_language(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response["Location"] == "/en/"
    assert client.cookies[COOKIE].value == "en"
    assert client.get("/")["Location"] == "/en/"


def test_an_unknown_language_changes_nothing(client, resident):
    client.force_login(resident)

    # Django's switch accepts any language it has translations of (German) and sets the cookie.
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})

    assert User.objects.get(pk=resident.pk).preferred_language == "fi"
    assert client.get("/asiointikansio/").status_code == 200
