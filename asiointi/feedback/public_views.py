"""Public feedback pages (no login): the form, the receipt, the status page and the board."""

from django.http import Http404


def status(request, code: str):
    raise Http404
