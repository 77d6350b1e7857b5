from django.conf import settings
from django.urls import path
from django.views.generic import RedirectView

from asiointi.accounts import oidc_views, providers, views

app_name = "accounts"
urlpatterns = [
    path("kirjaudu/", views.login, name="login"),
    path("kirjaudu-ulos/", views.logout, name="logout"),
    path("asioin/", views.switch_acting_for, name="switch"),
    # OpenID Connect, one pair of URLs per provider (asukas: residents, henkilöstö: staff); the
    # views answer 404 while their provider is not configured.
    path(
        "oidc/asukas/authenticate/",
        oidc_views.ProviderAuthenticateView.as_view(provider=providers.RESIDENT),
        name="oidc_resident_authenticate",
    ),
    path(
        "oidc/asukas/callback/",
        oidc_views.ProviderCallbackView.as_view(provider=providers.RESIDENT),
        name="oidc_resident_callback",
    ),
    path(
        "oidc/henkilosto/authenticate/",
        oidc_views.ProviderAuthenticateView.as_view(provider=providers.STAFF),
        name="oidc_staff_authenticate",
    ),
    path(
        "oidc/henkilosto/callback/",
        oidc_views.ProviderCallbackView.as_view(provider=providers.STAFF),
        name="oidc_staff_callback",
    ),
    # The residents' login button's earlier address.
    path(
        "oidc/authenticate/",
        RedirectView.as_view(pattern_name="accounts:oidc_resident_authenticate", query_string=True),
    ),
]
if settings.DEMO_LOGIN:
    urlpatterns.append(path("kirjaudu/demo/", views.demo_login, name="demo_login"))
