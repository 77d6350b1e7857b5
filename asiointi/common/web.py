"""Mapping domain errors to HTTP for the web pages, in one place."""

import functools

from django.http import Http404, HttpResponse

from asiointi.common.errors import Gone, NotFound


def not_found_as_404(view):
    """NotFound → 404; Gone (a quarantined file) → 410 with its message as plain text."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None
        except Gone as error:
            return HttpResponse(error.message, status=410, content_type="text/plain; charset=utf-8")

    return wrapper


def int_or_none(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None
