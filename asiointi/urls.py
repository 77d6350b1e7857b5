from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from asiointi.accounts.views import set_language
from asiointi.api.router import api
from asiointi.common import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("theme.css", views.theme_css, name="theme_css"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("open311/v2/", include("asiointi.feedback.open311.urls")),
]
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("saavutettavuusseloste/", views.accessibility, name="accessibility"),
    path("tietosuojaseloste/", views.privacy, name="privacy"),
    path("asiointikansio/", include("asiointi.cases.urls")),
    path("asiointikansio/", include("asiointi.payments.folder.urls")),
    path("asiointikansio/asiakasmaksut/", include("asiointi.fees.folder.urls")),
    path("palaute/", include("asiointi.feedback.public.urls")),
    path("kasittely/palaute/tilastot/", include("asiointi.feedback.stats.urls")),
    path("kasittely/palaute/", include("asiointi.feedback.handling.urls")),
    path("kasittely/paatoslistat/", include("asiointi.grants.urls")),
    path("kasittely/maksatus/", include("asiointi.payments.urls")),
    path("kasittely/raportit/", include("asiointi.reports.urls")),
    path("kasittely/asiakasmaksut/", include("asiointi.fees.handling.urls")),
    path("kasittely/", include("asiointi.handling.urls")),
    path("", include("asiointi.accounts.urls")),
    path("yllapito/", admin.site.urls),
    prefix_default_language=False,
)

# Errors in the format of where the request went: JSON on /api/v1/, the GeoReport error list on
# /open311/, pages elsewhere (asiointi/common/boundary.py).
handler400 = "asiointi.common.boundary.bad_request"
handler404 = "asiointi.common.boundary.page_not_found"
handler500 = "asiointi.common.boundary.server_error"
