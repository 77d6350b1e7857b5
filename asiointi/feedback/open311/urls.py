"""GeoReport v2 at ``/open311/v2/``: each resource in ``.json`` and ``.xml``; other suffixes 404.

Paths that match nothing here get the 404 error list from asiointi/common/boundary.py
(``handler404``), in JSON unless the suffix is ``.xml`` in any case.
"""

from django.urls import re_path

from asiointi.feedback.open311 import views

app_name = "open311"

FORMAT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^discovery" + FORMAT, views.discovery, name="discovery"),
    re_path(r"^services" + FORMAT, views.services, name="services"),
    re_path(
        # Any code reaches the view, which answers 404 in the error list for an unknown one.
        r"^services/(?P<service_code>[^/]+?)" + FORMAT,
        views.service_definition,
        name="service_definition",
    ),
    re_path(r"^requests" + FORMAT, views.requests, name="requests"),
    re_path(r"^requests/(?P<request_id>[^/]+?)" + FORMAT, views.request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[^/]+?)" + FORMAT, views.token, name="token"),
]
