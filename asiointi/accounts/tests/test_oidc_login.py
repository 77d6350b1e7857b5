"""Logging in through the two identity providers: residents (Suomi.fi through the city's broker)
and staff (the city's directory), with real HTTP simulators of both."""

import pytest
import requests

from asiointi.accounts.assurance import SESSION_KEY as ASSURANCE_KEY
from asiointi.accounts.models import User
from asiointi.accounts.tests.conftest import approved_callback, oidc_login
from asiointi.organisation.models import Membership
from asiointi.simulators.oidc_provider import SUOMI_FI_LOA_HIGH, SUOMI_FI_LOA_SUBSTANTIAL
from asiointi.testing.fixtures import make_person

pytestmark = pytest.mark.django_db


def memberships(user) -> set[tuple[str, str]]:
    return set(Membership.objects.filter(user=user).values_list("department__code", "role"))


def test_the_login_page_offers_both_providers(client, oidc):
    page = client.get("/en/kirjaudu/").content.decode()
    assert 'id="resident-login" href="/en/oidc/asukas/authenticate/' in page
    assert "Log in with Suomi.fi" in page
    assert 'id="staff-login" href="/en/oidc/henkilosto/authenticate/?next=/en/kasittely/"' in page
    assert "Staff login" in page


def test_the_login_page_in_finnish_and_swedish(client, oidc):
    finnish = client.get("/kirjaudu/").content.decode()
    swedish = client.get("/sv/kirjaudu/").content.decode()
    assert "Kirjaudu Suomi.fi-tunnistuksella" in finnish
    assert "Henkilöstön kirjautuminen" in finnish
    assert "Logga in med Suomi.fi" in swedish
    assert "Personalens inloggning" in swedish


def test_the_earlier_login_address_leads_to_the_resident_login(client, oidc):
    # It answered 500 (NoReverseMatch) in production before.
    response = client.get("/oidc/authenticate/?next=/asiointikansio/")
    assert response.status_code == 302
    assert response["Location"] == "/oidc/asukas/authenticate/?next=/asiointikansio/"
    assert client.get(response["Location"])["Location"].startswith(
        oidc.OIDC_PROVIDERS["resident"]["AUTHORIZATION_ENDPOINT"] + "?"
    )


def test_resident_logs_in_and_lands_in_the_folder(client, oidc, resident_provider):
    response = oidc_login(client, resident_provider, "asukas", "aino", next_url="/asiointikansio/")
    assert response.status_code == 302
    assert response["Location"] == "/asiointikansio/"
    user = User.objects.get()
    assert (user.username, user.national_id, user.first_name, user.last_name) == (
        "oidc:suomifi-aino-0001",
        "131052-308T",
        "Aino",
        "Asukas",
    )
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert client.session[ASSURANCE_KEY] == "high"
    assert client.get("/asiointikansio/").status_code == 200


def test_resident_is_matched_on_the_personal_identity_code(client, oidc, resident_provider):
    existing = make_person("aino-paperilta", "Aino", "Asukas", national_id="131052-308T")
    oidc_login(client, resident_provider, "asukas", "aino")
    assert list(User.objects.values_list("pk", flat=True)) == [existing.pk]
    assert int(client.session["_auth_user_id"]) == existing.pk


@pytest.mark.parametrize(
    "acr,level",
    [
        (SUOMI_FI_LOA_SUBSTANTIAL, "substantial"),
        (SUOMI_FI_LOA_HIGH, "high"),
        ("substantial", "substantial"),
        ("high", "high"),
        ("http://eidas.europa.eu/LoA/low", "low"),
        (None, "low"),
    ],
)
def test_the_acr_claim_gives_the_level_of_assurance(client, oidc, resident_provider, acr, level):
    claims = dict(resident_provider.users["aino"])
    claims.pop("acr")
    resident_provider.users["aino"] = {**claims, **({"acr": acr} if acr else {})}
    oidc_login(client, resident_provider, "asukas", "aino")
    assert client.session[ASSURANCE_KEY] == level


def test_resident_login_never_reaches_a_staff_account(client, oidc, resident_provider):
    staff = make_person("kaisa", "Kaisa", "K", national_id="131052-308T", is_staff=True)
    response = oidc_login(client, resident_provider, "asukas", "aino")
    assert response["Location"] == "/kirjaudu/"
    assert "_auth_user_id" not in client.session
    assert list(User.objects.values_list("pk", flat=True)) == [staff.pk]


def test_staff_logs_in_with_memberships_from_the_groups_claim(
    client, oidc, staff_provider, catalogue
):
    staff_provider.users["kaisa"]["groups"] = [
        "asiointi-kulttuuri-kasittelijat",
        "asiointi-talous",
        "asiointi-tuntematon",
        "someone-elses-group",
    ]
    response = oidc_login(client, staff_provider, "henkilosto", "kaisa", next_url="/kasittely/")
    assert response["Location"] == "/kasittely/"
    user = User.objects.get()
    assert (user.username, user.national_id, user.is_staff, user.is_superuser) == (
        "staff:entra-kaisa",
        None,
        True,
        False,
    )
    assert memberships(user) == {
        ("culture", "handler"),
        ("culture", "finance"),
        ("education", "finance"),
    }
    assert ASSURANCE_KEY not in client.session
    assert client.get("/kasittely/").status_code == 200


def test_memberships_follow_the_groups_at_every_login(client, oidc, staff_provider, catalogue):
    oidc_login(client, staff_provider, "henkilosto", "kaisa")
    user = User.objects.get()
    assert memberships(user) == {("culture", "handler")}
    staff_provider.users["kaisa"]["groups"] = ["asiointi-talous"]
    client.logout()
    oidc_login(client, staff_provider, "henkilosto", "kaisa")
    assert list(User.objects.values_list("pk", flat=True)) == [user.pk]
    assert memberships(user) == {("culture", "finance"), ("education", "finance")}
    staff_provider.users["kaisa"]["groups"] = []
    client.logout()
    oidc_login(client, staff_provider, "henkilosto", "kaisa")
    assert memberships(user) == set()
    assert client.get("/kasittely/").status_code == 404


def test_staff_are_matched_on_the_subject_claim_setting(client, oidc, staff_provider, catalogue):
    oidc.OIDC_STAFF_SUBJECT_CLAIM = "oid"
    oidc_login(client, staff_provider, "henkilosto", "kaisa")
    assert User.objects.get().username == "staff:2d1f6b0e-5c1a-4c8e-9a43-6b0f1f0c0001"


def test_staff_login_never_matches_or_makes_a_resident_by_national_id(
    client, oidc, staff_provider, catalogue
):
    resident = make_person("aino", "Aino", "Asukas", national_id="131052-308T")
    staff_provider.users["kaisa"]["national_id"] = "131052-308T"
    oidc_login(client, staff_provider, "henkilosto", "kaisa")
    staff = User.objects.get(username="staff:entra-kaisa")
    assert staff.national_id is None
    assert int(client.session["_auth_user_id"]) == staff.pk
    resident.refresh_from_db()
    assert (resident.is_staff, memberships(resident)) == (False, set())


def test_a_callback_to_the_other_providers_address_is_refused(client, oidc, resident_provider):
    callback = approved_callback(client, resident_provider, "asukas", "aino")
    response = client.get(callback.replace("/oidc/asukas/", "/oidc/henkilosto/"))
    assert response["Location"] == "/kirjaudu/"
    assert "_auth_user_id" not in client.session
    assert User.objects.count() == 0


def test_unconfigured_provider_has_no_login(client, settings):
    settings.OIDC_PROVIDERS = {"resident": {}, "staff": {}}
    assert client.get("/oidc/asukas/authenticate/").status_code == 404
    assert client.get("/oidc/henkilosto/callback/").status_code == 404


@pytest.mark.parametrize(
    "kind,provider_fixture,user",
    [("asukas", "resident_provider", "aino"), ("henkilosto", "staff_provider", "kaisa")],
)
def test_logout_ends_the_session_at_the_provider_too(
    client, oidc, catalogue, request, kind, provider_fixture, user
):
    provider = request.getfixturevalue(provider_fixture)
    oidc_login(client, provider, kind, user)
    id_token = client.session["oidc_id_token"]
    response = client.post("/kirjaudu-ulos/")
    assert response.status_code == 302
    end_session = response["Location"]
    assert end_session.startswith(f"{provider.base_url}/end_session?")
    assert "_auth_user_id" not in client.session
    assert client.get("/asiointikansio/")["Location"].startswith("/kirjaudu/")
    back = requests.get(end_session, allow_redirects=False, timeout=5)
    assert back.status_code == 302
    assert back.headers["Location"] == "http://testserver/"
    assert provider.logouts == [
        {
            "sub": provider.users[user]["sub"],
            "post_logout_redirect_uri": "http://testserver/",
            "client_id": "asiointi",
        }
    ]
    assert id_token in end_session


def test_logout_of_a_demo_login_stays_here(client, resident):
    client.force_login(resident)
    response = client.post("/kirjaudu-ulos/")
    assert response["Location"] == "/"
    assert "_auth_user_id" not in client.session
