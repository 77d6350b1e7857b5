"""Idle sessions end: staff after STAFF_SESSION_IDLE_MINUTES (30), residents after
RESIDENT_SESSION_IDLE_MINUTES (32, Suomi.fi's). Time travels by moving the session's
last-activity time back, not by sleeping."""

import time

import pytest

from asiointi.accounts.middleware import SESSION_KEY
from asiointi.accounts.tests.conftest import oidc_login

pytestmark = pytest.mark.django_db


def idle_for(client, minutes: float) -> None:
    session = client.session
    session[SESSION_KEY] = int(time.time() - minutes * 60)
    session.save()


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("minutes,still_in", [(29, True), (31, False)])
def test_staff_session_ends_after_30_idle_minutes(
    client, oidc, staff_provider, catalogue, minutes, still_in
):
    oidc_login(client, staff_provider, "henkilosto", "kaisa")
    assert client.get("/kasittely/").status_code == 200
    idle_for(client, minutes)
    response = client.get("/kasittely/")
    assert logged_in(client) is still_in
    if still_in:
        assert response.status_code == 200
    else:
        assert response["Location"] == "/kirjaudu/?next=/kasittely/"
        page = client.get(response["Location"]).content.decode()
        assert "Sinut kirjattiin ulos, koska et ollut aktiivinen" in page


@pytest.mark.parametrize("minutes,still_in", [(31, True), (33, False)])
def test_resident_session_ends_after_suomi_fi_s_32_minutes(
    client, oidc, resident_provider, minutes, still_in
):
    oidc_login(client, resident_provider, "asukas", "aino")
    assert client.get("/asiointikansio/").status_code == 200
    idle_for(client, minutes)
    response = client.get("/asiointikansio/")
    assert logged_in(client) is still_in
    assert response.status_code == (200 if still_in else 302)


def test_the_idle_periods_are_settings(client, oidc, resident_provider):
    oidc.RESIDENT_SESSION_IDLE_MINUTES = 5
    oidc_login(client, resident_provider, "asukas", "aino")
    client.get("/asiointikansio/")
    idle_for(client, 6)
    client.get("/asiointikansio/")
    assert not logged_in(client)


def test_activity_keeps_the_session_alive(client, oidc, staff_provider, catalogue):
    oidc_login(client, staff_provider, "henkilosto", "kaisa")
    client.get("/kasittely/")
    idle_for(client, 20)
    client.get("/kasittely/")
    assert time.time() - client.session[SESSION_KEY] < 5
    idle_for(client, 20)
    assert client.get("/kasittely/").status_code == 200
    assert logged_in(client)
