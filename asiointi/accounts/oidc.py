"""OpenID Connect login (mozilla-django-oidc) mapped onto Asiointi users, one backend per provider.

- **Residents** (``ResidentOIDCBackend``): the city's broker in front of Suomi.fi gives the
  personal identity code in the claim named by ``OIDC_NATIONAL_ID_CLAIM``; residents are matched
  on it, never on their email (an email address is not a strong identity). The ``acr`` claim's
  level of assurance is kept with the session (``assurance``). A resident login never logs into
  a staff or administrator account, and never makes one.
- **Staff** (``StaffOIDCBackend``): the directory's stable subject (``OIDC_STAFF_SUBJECT_CLAIM``:
  ``oid`` on Entra ID, ``sub`` on Keycloak) is the only key — never a personal identity code —
  and the department memberships follow the groups claim (``staff_groups``).

Each backend answers only for the provider the login started with (``providers.SESSION_KEY``).
Claims are those of the ID token complemented by the userinfo endpoint's.
"""

import logging

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from asiointi.accounts import assurance, providers
from asiointi.accounts.staff_groups import sync_memberships
from asiointi.common.env import env_str

logger = logging.getLogger(__name__)

NATIONAL_ID_CLAIM = env_str("OIDC_NATIONAL_ID_CLAIM", "national_id")


class ProviderBackend(OIDCAuthenticationBackend):
    provider = ""

    def __init__(self, *args, **kwargs):
        # Listed in AUTHENTICATION_BACKENDS even when its provider is not configured (a test
        # configures it later); then it only loads users for sessions it made.
        if providers.is_configured(self.provider):
            super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.UserModel = get_user_model()

    @classmethod
    def get_settings(cls, attr, *args):
        return providers.provider_setting(cls.provider, attr, *args)

    def authenticate(self, request, **kwargs):
        session = getattr(request, "session", None)
        if session is None or session.get(providers.SESSION_KEY) != self.provider:
            return None
        if not providers.is_configured(self.provider):
            return None
        return super().authenticate(request, **kwargs)

    def get_userinfo(self, access_token, id_token, payload):
        return {**(payload or {}), **super().get_userinfo(access_token, id_token, payload)}

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def update_user(self, user, claims):
        user.first_name = claims.get("given_name", user.first_name)
        user.last_name = claims.get("family_name", user.last_name)
        user.email = claims.get("email", user.email)
        user.save(update_fields=["first_name", "last_name", "email"])
        return user


class ResidentOIDCBackend(ProviderBackend):
    provider = providers.RESIDENT

    def filter_users_by_claims(self, claims):
        national_id = claims.get(NATIONAL_ID_CLAIM)
        if national_id:
            return self.UserModel.objects.filter(national_id=national_id)
        subject = claims.get("sub")
        return (
            self.UserModel.objects.filter(username=f"oidc:{subject}")
            if subject
            else self.UserModel.objects.none()
        )

    def create_user(self, claims):
        return self.UserModel.objects.create_user(
            username=f"oidc:{claims['sub']}",
            email=claims.get("email", ""),
            first_name=claims.get("given_name", ""),
            last_name=claims.get("family_name", ""),
            national_id=claims.get(NATIONAL_ID_CLAIM) or None,
        )

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None and (user.is_staff or user.is_superuser):
            # A staff member's account is reached through the staff login only.
            raise SuspiciousOperation("resident login matched a staff account")
        request = getattr(self, "request", None)
        if user is not None and request is not None:
            acr = (payload or {}).get("acr")
            request.session[assurance.SESSION_KEY] = assurance.level_from_acr(acr)
        return user


class StaffOIDCBackend(ProviderBackend):
    provider = providers.STAFF

    @staticmethod
    def _subject(claims) -> str:
        subject = claims.get(settings.OIDC_STAFF_SUBJECT_CLAIM)
        return subject if isinstance(subject, str) else ""

    def verify_claims(self, claims):
        return bool(self._subject(claims))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(username=f"staff:{self._subject(claims)}")

    def create_user(self, claims):
        user = self.UserModel.objects.create_user(
            username=f"staff:{self._subject(claims)}",
            email=claims.get("email", ""),
            first_name=claims.get("given_name", ""),
            last_name=claims.get("family_name", ""),
            is_staff=True,
        )
        sync_memberships(user=user, groups=claims.get(settings.OIDC_STAFF_GROUPS_CLAIM))
        return user

    def update_user(self, user, claims):
        user = super().update_user(user, claims)
        sync_memberships(user=user, groups=claims.get(settings.OIDC_STAFF_GROUPS_CLAIM))
        return user
