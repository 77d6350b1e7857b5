"""The two identity providers and how mozilla-django-oidc is pointed at one of them per login.

Residents log in through the city's OIDC broker in front of Suomi.fi e-Identification
(``resident``); staff through the city's directory, Entra ID or Keycloak (``staff``). Each has
its own client and endpoints in ``settings.OIDC_PROVIDERS`` (from ``OIDC_RESIDENT_*`` and
``OIDC_STAFF_*``, docs/operating.md "Login in production").

mozilla-django-oidc reads one provider's settings by name (``OIDC_RP_CLIENT_ID``,
``OIDC_OP_TOKEN_ENDPOINT``, …) through each class's ``get_settings``; ``provider_setting`` answers
those names from the chosen provider's settings instead, so the library's views and backend serve
either provider unchanged. The provider chosen at the start of a login is kept in the session
(``SESSION_KEY``) until the callback, and after it for the logout.
"""

from mozilla_django_oidc.utils import import_from_settings

RESIDENT = "resident"
STAFF = "staff"
PROVIDERS = (RESIDENT, STAFF)
# The session key that names the provider of the login in progress, then of the login done.
SESSION_KEY = "asiointi_oidc_provider"

# The library's setting names → the keys of one provider's settings.
_LIBRARY_NAMES = {
    "OIDC_RP_CLIENT_ID": "CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET": "CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT": "TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT": "USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT": "JWKS_ENDPOINT",
    "OIDC_RP_SIGN_ALGO": "SIGN_ALGO",
    "OIDC_RP_SCOPES": "SCOPES",
}


def provider_settings(provider: str) -> dict[str, str]:
    from django.conf import settings

    return settings.OIDC_PROVIDERS.get(provider) or {}


def is_configured(provider: str) -> bool:
    config = provider_settings(provider)
    return bool(config.get("CLIENT_ID") and config.get("AUTHORIZATION_ENDPOINT"))


def provider_setting(provider: str, name: str, *default):
    """The value of the library setting ``name`` for ``provider``."""
    if name in _LIBRARY_NAMES:
        return provider_settings(provider).get(_LIBRARY_NAMES[name]) or None
    if name == "OIDC_AUTHENTICATION_CALLBACK_URL":
        return f"accounts:oidc_{provider}_callback"
    if name == "OIDC_STORE_ID_TOKEN":
        # Kept for the RP-initiated logout (id_token_hint).
        return True
    return import_from_settings(name, *default)
