"""Password login for the emergency administrator account only.

Everybody logs in through an identity provider (``oidc``); the one password account is the
administrator created with ``asiointi createsuperuser`` for when the providers are unreachable.
This backend refuses a correct password of anyone else, so a staff member's or a resident's
account cannot be reached by password at all, whichever form asks. Failed attempts are counted
and locked out by django-axes (``AxesStandaloneBackend`` before this one in settings).
"""

from django.contrib.auth.backends import ModelBackend


class AdministratorPasswordBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None or not user.is_superuser:
            return None
        return user
