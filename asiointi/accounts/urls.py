from django.conf import settings
from django.urls import include, path

from asiointi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("kirjaudu/", views.login, name="login"),
    path("kirjaudu-ulos/", views.logout, name="logout"),
    path("asioin/", views.switch_acting_for, name="switch"),
]
if settings.DEMO_LOGIN:
    urlpatterns.append(path("kirjaudu/demo/", views.demo_login, name="demo_login"))
if settings.OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
