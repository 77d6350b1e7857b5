"""Mapping domain errors to HTTP for the web pages, in one place.

Every action view (a POST that calls one service and redirects back, post/redirect/get) answers
the same way through :func:`run_action`; views that read a page put :func:`not_found_as_404` on
top, so that "not found" (no access) is a 404 however deep it is raised.
"""

import functools
from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect

from asiointi.common.errors import DomainError, Gone, NotFound, ValidationFailed


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


def run_action[T](
    request,
    call: Callable[[], T],
    *,
    redirect_to: str | Callable[[T], str],
    success: str | Callable[[T], str] | None = None,
    error_redirect_to: str | None = None,
    invalid: Callable[[DomainError], HttpResponse | None] | None = None,
    invalid_on: type[DomainError] = ValidationFailed,
) -> HttpResponse:
    """Run ``call()`` (one service call) and answer the POST the one way every action view does.

    - ``NotFound`` is not caught: the view's :func:`not_found_as_404` makes it a 404.
    - An ``invalid_on`` error (``ValidationFailed`` unless told otherwise) goes to ``invalid``,
      which returns the page re-rendered with the errors beside the fields (422), or ``None`` to
      report the error like any other.
    - Any other ``DomainError`` (a rule, a conflict) becomes an error message, then a redirect to
      ``error_redirect_to`` (default: ``redirect_to``, which must then be a string).
    - Success: the ``success`` message (``None``: no message), then a redirect to
      ``redirect_to``. Either may be a function of what ``call()`` returned.
    """
    if error_redirect_to is None:
        if callable(redirect_to):
            raise TypeError("a redirect_to that depends on the result needs an error_redirect_to")
        error_redirect_to = redirect_to
    try:
        result = call()
    except NotFound:
        raise
    except DomainError as error:
        if invalid is not None and isinstance(error, invalid_on):
            response = invalid(error)
            if response is not None:
                return response
        messages.error(request, error.message)
        return HttpResponseRedirect(error_redirect_to)
    if success is not None:
        messages.success(request, success(result) if callable(success) else success)
    return HttpResponseRedirect(redirect_to(result) if callable(redirect_to) else redirect_to)


def int_or_none(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None
