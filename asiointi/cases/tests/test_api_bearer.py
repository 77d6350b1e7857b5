"""Bearer-token authentication against a real HTTP server playing the OIDC provider."""

import pytest

from asiointi.accounts.models import User
from asiointi.cases.models import Case
from asiointi.simulators import oidc_provider

API = "/api/v1"
TOKEN = "valid-access-token-aino"
CLAIMS = {
    "sub": "aino-0001",
    "given_name": "Aino",
    "family_name": "Asukas",
    "email": "aino.asukas@example.com",
    "national_id": "131052-308T",
}


@pytest.fixture
def provider():
    running = oidc_provider.start({TOKEN: CLAIMS})
    yield running
    running.stop()


@pytest.fixture
def oidc_settings(settings, provider):
    settings.OIDC_ENABLED = True
    settings.OIDC_PROVIDERS = {**settings.OIDC_PROVIDERS, "resident": provider.config()}
    settings.OIDC_TIMEOUT = 2
    return settings


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_valid_token_authenticates_and_maps_the_person(client, oidc_settings, provider, resident):
    resident.national_id = "131052-308T"
    resident.save(update_fields=["national_id"])
    response = client.get(f"{API}/applications", **bearer(TOKEN))
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}
    assert provider.requests_seen == 1
    resident.refresh_from_db()
    # Matched on the personal identity code; the provider's details are taken over.
    assert resident.email == "aino.asukas@example.com"
    assert User.objects.count() == 1


def test_unknown_person_gets_a_user_and_can_write_without_csrf(client, oidc_settings, general_call):
    response = client.post(
        f"{API}/applications",
        {"grant_call_id": general_call.pk},
        content_type="application/json",
        **bearer(TOKEN),
    )
    assert response.status_code == 201
    user = User.objects.get(username="oidc:aino-0001")
    assert (user.first_name, user.last_name, user.national_id) == ("Aino", "Asukas", "131052-308T")
    case = Case.objects.get(pk=response.json()["id"])
    assert case.applicant == user
    assert response.json()["draft_data"]["contact_email"] == "aino.asukas@example.com"


def test_bearer_writes_are_not_subject_to_csrf(oidc_settings, general_call):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"{API}/applications",
        {"grant_call_id": general_call.pk},
        content_type="application/json",
        **bearer(TOKEN),
    )
    assert response.status_code == 201


def test_wrong_token_is_401_and_nothing_is_created(client, oidc_settings, provider, general_call):
    response = client.post(
        f"{API}/applications",
        {"grant_call_id": general_call.pk},
        content_type="application/json",
        **bearer("forged-token"),
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert provider.requests_seen == 1
    assert Case.objects.count() == 0
    assert User.objects.count() == 0


def test_wrong_token_is_401_even_with_a_session(client, oidc_settings, resident):
    client.force_login(resident)
    response = client.get(f"{API}/applications", **bearer("forged-token"))
    assert response.status_code == 401


def test_unreachable_provider_is_503(client, db, oidc_settings, provider):
    provider.stop()
    response = client.get(f"{API}/applications", **bearer(TOKEN))
    assert response.status_code == 503
    assert User.objects.count() == 0


def test_bearer_is_ignored_when_oidc_is_disabled(client, db, settings, provider):
    settings.OIDC_ENABLED = False
    settings.OIDC_PROVIDERS = {**settings.OIDC_PROVIDERS, "resident": provider.config()}
    response = client.get(f"{API}/applications", **bearer(TOKEN))
    assert response.status_code == 401
    assert provider.requests_seen == 0
    assert User.objects.count() == 0


def test_token_users_preferred_language_is_used_without_accept_language(
    client, oidc_settings, resident
):
    resident.national_id = "131052-308T"
    resident.preferred_language = "en"
    resident.save(update_fields=["national_id", "preferred_language"])
    response = client.get(f"{API}/applications/999999", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 404
    assert response.json()["message"] == "Application not found."
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize(
    "acr,status",
    [("http://ftn.ficora.fi/2017/loa2", 201), ("http://ftn.ficora.fi/2017/loa1", 400), (None, 400)],
    ids=["substantial", "low", "no-acr"],
)
def test_a_benefit_needs_the_tokens_identification_at_substantial_or_high(
    client, settings, catalogue, acr, status
):
    """Social assistance through the API: the level comes from the token's userinfo ``acr``,
    exactly as the web login's from the ID token; a lower or unknown level creates nothing."""
    claims = {**CLAIMS, "acr": acr} if acr else CLAIMS
    running = oidc_provider.start({TOKEN: claims})
    try:
        settings.OIDC_ENABLED = True
        settings.OIDC_PROVIDERS = {**settings.OIDC_PROVIDERS, "resident": running.config()}
        response = client.post(
            f"{API}/applications",
            {"service_code": "toimeentulotuki"},
            content_type="application/json",
            **bearer(TOKEN),
        )
    finally:
        running.stop()
    assert response.status_code == status, response.content
    if status == 400:
        assert response.json()["code"] == "rule_violated"
        assert "substantial or high" in response.json()["message"]
        assert not Case.objects.exists()
    else:
        assert Case.objects.get().service.code == "toimeentulotuki"
