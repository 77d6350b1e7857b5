"""Mapping domain errors to HTTP for the web pages, in one place."""

import functools

from django.http import Http404

from asiointi.common.errors import NotFound


def not_found_as_404(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None

    return wrapper


def int_or_none(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None
