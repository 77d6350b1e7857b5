"""Public pages, health checks and the legally required statements."""

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from asiointi.catalogue.selectors import open_grant_calls


def home(request):
    return render(request, "home.html", {"calls": open_grant_calls(timezone.localdate())})


def accessibility(request):
    return render(request, "accessibility.html")


def privacy(request):
    return render(request, "privacy.html")


def healthz(request):
    return JsonResponse({"status": "ok"})


def readyz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not ready"
        return JsonResponse({"status": "unavailable", "error": type(error).__name__}, status=503)
    return JsonResponse({"status": "ok"})


@require_safe
@cache_control(public=True, max_age=3600)
def theme_css(request):
    """The municipality's colours as design-system tokens (asiointi/common/theme.py)."""
    return HttpResponse(settings.THEME.css(), content_type="text/css; charset=utf-8")
