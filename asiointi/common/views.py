"""Public pages, health checks and the legally required statements."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

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
