"""Authentication for the REST API: the browser session, or an OIDC access token.

A client that logged in through the city's identity provider sends its access token as
``Authorization: Bearer …``. The token is checked by asking the provider's userinfo endpoint
(``OIDC_RESIDENT_USER_ENDPOINT``) who it belongs to, with mozilla-django-oidc's backend, so the
API maps the person onto a user exactly as the residents' web login does (``ResidentOIDCBackend``).

Settings are read at request time, not at import time: ``OIDC_ENABLED`` may be switched on in a
test, and the backend reads its endpoints when it is created.
"""

import logging

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer, SessionAuth

from asiointi.accounts.assurance import level_from_acr, session_level
from asiointi.accounts.oidc import ResidentOIDCBackend

logger = logging.getLogger(__name__)

# Seconds to wait for the identity provider when OIDC_TIMEOUT is not set: an API request must
# not hang on a slow provider.
DEFAULT_USERINFO_TIMEOUT = 5


class _TokenBackend(ResidentOIDCBackend):
    claims: dict | None = None

    @classmethod
    def get_settings(cls, attr, *args):
        value = super().get_settings(attr, *args)
        if attr == "OIDC_TIMEOUT" and value is None:
            return DEFAULT_USERINFO_TIMEOUT
        return value

    def get_userinfo(self, access_token, id_token, payload):
        # Kept for the token's level of assurance (``acr``), read after the user is found.
        self.claims = super().get_userinfo(access_token, id_token, payload)
        return self.claims


class OIDCBearer(HttpBearer):
    """``Authorization: Bearer <access token>``, active only when ``settings.OIDC_ENABLED``.

    A token the provider does not accept is a 401 at once (no fallback to the session), and a
    provider that cannot be reached is a 503, so a client can tell "log in again" from "try later".
    """

    def __call__(self, request: HttpRequest):
        if not settings.OIDC_ENABLED:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str):
        if not token:
            raise AuthenticationError()
        backend = _TokenBackend()
        try:
            user = backend.get_or_create_user(token, None, None)
        except requests.HTTPError as error:
            status = error.response.status_code if error.response is not None else 0
            if status >= 500:
                logger.warning("OIDC userinfo endpoint failed with HTTP %s", status)
                raise HttpError(503, _("The identity provider is not available.")) from None
            raise AuthenticationError() from None
        except (requests.ConnectionError, requests.Timeout):
            logger.warning("OIDC userinfo endpoint could not be reached")
            raise HttpError(503, _("The identity provider is not available.")) from None
        except (SuspiciousOperation, ValueError):
            # Claims missing or not JSON: the token does not identify one person.
            raise AuthenticationError() from None
        if user is None or not user.is_active:
            raise AuthenticationError()
        request.user = user
        request.oidc_bearer = True
        # The provider's userinfo tells the level of the identification the token was issued
        # for, in ``acr`` as the ID token does; without it the level is low.
        request.bearer_level_of_assurance = level_from_acr((backend.claims or {}).get("acr"))
        return user


def is_bearer(request: HttpRequest) -> bool:
    """Whether the request was authenticated by a bearer token (not by a browser session)."""
    return getattr(request, "oidc_bearer", False)


def request_level(request: HttpRequest) -> str:
    """The level of assurance of the API request's login: the bearer token's, or the session's."""
    if is_bearer(request):
        return request.bearer_level_of_assurance
    return session_level(request)


class Session(SessionAuth):
    """Django's session login, with the CSRF check on unsafe methods.

    Without a logged-in session there is nothing to forge, so the answer is a plain 401 rather
    than a CSRF 403 that would mislead a client that simply has not logged in.
    """

    def _get_key(self, request: HttpRequest):
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


# The bearer token first: it answers only when the header is present, and otherwise the session
# (with its CSRF check on unsafe methods) decides.
api_auth = [OIDCBearer(), Session()]
