"""OpenID Connect login (mozilla-django-oidc) mapped onto Asiointi users.

The identity provider (Suomi.fi tunnistus through the city's broker, or any OIDC provider) gives
the person's personal identity code in a claim named by OIDC_NATIONAL_ID_CLAIM; users are matched
on it, not on their email, because an email address is not a strong identity.
"""

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from asiointi.common.env import env_str

NATIONAL_ID_CLAIM = env_str("OIDC_NATIONAL_ID_CLAIM", "national_id")


class AsiointiOIDCBackend(OIDCAuthenticationBackend):
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

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def create_user(self, claims):
        return self.UserModel.objects.create_user(
            username=f"oidc:{claims['sub']}",
            email=claims.get("email", ""),
            first_name=claims.get("given_name", ""),
            last_name=claims.get("family_name", ""),
            national_id=claims.get(NATIONAL_ID_CLAIM) or None,
        )

    def update_user(self, user, claims):
        user.first_name = claims.get("given_name", user.first_name)
        user.last_name = claims.get("family_name", user.last_name)
        user.email = claims.get("email", user.email)
        user.save(update_fields=["first_name", "last_name", "email"])
        return user


def oidc_enabled() -> bool:
    return settings.OIDC_ENABLED
