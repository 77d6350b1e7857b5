"""The login and logout flow with either identity provider (``providers``).

``/oidc/asukas/…`` is the residents' provider (Suomi.fi through the city's broker) and
``/oidc/henkilosto/…`` the staff's (the city's directory), each with its own callback URL
registered at its provider. The authenticate view keeps the chosen provider in the session; the
callback accepts only the provider the session started with, and after ``auth.login`` (which
renews the session key) carries over what the backend put in the session during the flow: the
provider, the ID token (for the logout's ``id_token_hint``) and the resident's level of assurance.
"""

from django.contrib import auth, messages
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from asiointi.accounts import assurance, providers

# Session values that belong to the login, kept across ``auth.login``'s new session key.
_CARRIED_OVER = (providers.SESSION_KEY, "oidc_id_token", assurance.SESSION_KEY)


class _OneProvider:
    """The library's settings read from one provider's; 404 while it is not configured."""

    provider = ""

    def dispatch(self, request, *args, **kwargs):
        if not providers.is_configured(self.provider):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_settings(self, attr, *args):
        return providers.provider_setting(self.provider, attr, *args)


class ProviderAuthenticateView(_OneProvider, OIDCAuthenticationRequestView):
    def get(self, request):
        response = super().get(request)
        request.session[providers.SESSION_KEY] = self.provider
        return response


class ProviderCallbackView(_OneProvider, OIDCAuthenticationCallbackView):
    def get(self, request):
        if request.session.get(providers.SESSION_KEY) != self.provider:
            return self.login_failure()
        return super().get(request)

    def login_success(self):
        carried = {key: self.request.session.get(key) for key in _CARRIED_OVER}
        response = super().login_success()
        for key, value in carried.items():
            if value:
                self.request.session[key] = value
        return response

    def login_failure(self):
        messages.error(self.request, _("Login did not succeed. Please try again."))
        return HttpResponseRedirect(reverse("accounts:login"))


def logout_redirect_url(request) -> str:
    """Where the browser goes after the local logout: the provider's end-session endpoint
    (RP-initiated logout) when the session came from one, otherwise the front page. Read
    before ``auth.logout`` empties the session."""
    home = request.build_absolute_uri(reverse("home"))
    provider = request.session.get(providers.SESSION_KEY)
    id_token = request.session.get("oidc_id_token")
    config = providers.provider_settings(provider) if provider else {}
    endpoint = config.get("END_SESSION_ENDPOINT")
    if not (endpoint and id_token):
        return reverse("home")
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": home,
            "client_id": config.get("CLIENT_ID", ""),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def logout(request):
    target = logout_redirect_url(request)
    auth.logout(request)
    return HttpResponseRedirect(target)
