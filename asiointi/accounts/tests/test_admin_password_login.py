"""The one password login: the emergency administrator at /yllapito/login/, locked out by
django-axes after 5 failures per username and address for 15 minutes."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import authenticate
from django.test import RequestFactory

from asiointi.testing.fixtures import make_person

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple 42"  # noqa: S105 (a test password)
LOGIN = "/yllapito/login/"


@pytest.fixture
def administrator(db):
    return make_person(
        "yllapito", "Ylläpito", "Hätä", is_staff=True, is_superuser=True, password=PASSWORD
    )


def attempt(client, username, password, address="10.0.0.1"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/yllapito/"},
        REMOTE_ADDR=address,
    )


def test_the_administrator_logs_in_by_password(client, administrator):
    response = attempt(client, "yllapito", PASSWORD)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == administrator.pk


def test_a_staff_members_password_opens_nothing(client, catalogue):
    make_person("kaisa", "Kaisa", "K", is_staff=True, password=PASSWORD)
    response = attempt(client, "kaisa", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    # And no other form can use it either: the backend itself refuses.
    request = RequestFactory().post(LOGIN, REMOTE_ADDR="10.0.0.1")
    assert authenticate(request, username="kaisa", password=PASSWORD) is None


def test_five_failures_lock_the_username_and_address_out_for_15_minutes(
    client, administrator, settings
):
    for _ in range(4):
        assert attempt(client, "yllapito", "wrong").status_code == 200
    # The fifth failure locks out; then even the right password is refused.
    assert attempt(client, "yllapito", "wrong").status_code == 429
    locked = attempt(client, "yllapito", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)
    # Another address is not locked out by these failures.
    assert attempt(client, "yllapito", PASSWORD, address="10.0.0.2").status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, administrator):
    for _ in range(5):
        attempt(client, "yllapito", "wrong")
    assert attempt(client, "yllapito", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert attempt(client, "yllapito", PASSWORD).status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("language", "title", "wait"),
    [
        ("fi", "Liian monta yritystä", "Yritä uudelleen 15 minuutin kuluttua."),
        ("sv", "För många försök", "Försök igen om 15 minuter."),
        ("en", "Too many attempts", "Try again in 15 minutes."),
    ],
)
def test_the_lockout_is_the_sites_own_page_in_the_pages_language(
    client, administrator, language, title, wait
):
    login = LOGIN if language == "fi" else f"/{language}{LOGIN}"
    for password in ["wrong"] * 5 + [PASSWORD]:
        locked = client.post(
            login, {"username": "yllapito", "password": password}, REMOTE_ADDR="10.0.0.1"
        )
    assert locked.status_code == 429
    html = locked.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{title}</h1>" in html
    assert wait in html
    assert 'class="asi-header"' in html  # the site's header, with the way back
