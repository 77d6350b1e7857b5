"""Input at the boundary: what no view should ever see, refused once, in the endpoint's format.

``BoundaryMiddleware`` looks at every request before any view does:

- A C0 control character (U+0000–U+001F except tab, line feed and carriage return) in the path,
  the query string, a form field's name or value, an uploaded file's name or a JSON body's keys
  and values (at any depth) is refused. PostgreSQL cannot store U+0000 at all, XML 1.0 cannot
  carry any of them, and no person types them: they arrive from fuzzers or broken clients.
  Uploaded files' *content* is not looked at (the antivirus scanner does that).
- A body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` or with more than ``DATA_UPLOAD_MAX_NUMBER_FIELDS``
  fields (Django's ``RequestDataTooBig`` / ``TooManyFieldsSent``), or a broken multipart body,
  is refused here too, because the body is read here first.
- A cookie holding such a character is treated as absent and deleted (see
  ``_drop_bad_cookies``): refusing it would lock the person out until it expires.
- An error response that is still an HTML page on a machine interface (``/api/v1/``,
  ``/open311/``; a 405 from django-ninja, a CSRF 403) is answered again in that interface's own
  format, so that every API answers in its own error format, always.

Nothing is stored: the request never reaches a view. The answer's format depends on where the
request went (``SURFACES``): each machine interface has a responder that turns a ``Problem`` into
its own error body; everything else gets a translated HTML page. The error handlers of
``asiointi/urls.py`` (``handler400``/``404``/``500`` below) choose the same way.
"""

import dataclasses
import json
import re
from collections.abc import Iterator
from importlib import import_module

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views import defaults

# The C0 controls that no text field may hold; tab, LF and CR are ordinary whitespace.
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

# Path prefix → "module.function(request, problem) -> HttpResponse" answering in that interface's
# error format. Dotted paths (like MIDDLEWARE) keep this domain-free module from importing them.
SURFACES = {
    "/api/v1/": "asiointi.common.boundary_api.respond",
    "/open311/": "asiointi.feedback.open311.errors.respond",
}

# Headers an error answer keeps when it is rewritten into an interface's format.
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


@dataclasses.dataclass(frozen=True)
class Found:
    """Where a control character was found: ``location`` like the API's ``loc``, e.g.
    ``("query", "q")``, ``("body", "data", "name")`` or ``("path",)``."""

    location: tuple[str, ...]
    character: str

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.character):04X}"

    @property
    def parameter(self) -> str:
        """The location without where it sits (``data.name``); "" for the path."""
        return ".".join(self.location[1:])


@dataclasses.dataclass(frozen=True)
class Problem:
    """Why a request is refused. ``kind`` is one of ``KINDS``; the responders word it."""

    status: int
    kind: str
    found: Found | None = None


CONTROL = "control_character"
TOO_LARGE = "request_too_large"
TOO_MANY_FIELDS = "too_many_fields"
FORBIDDEN = "forbidden"
NOT_FOUND = "not_found"
METHOD_NOT_ALLOWED = "method_not_allowed"
TOO_MANY_REQUESTS = "too_many_requests"
SERVER_ERROR = "server_error"
OTHER = "bad_request"
KINDS = (
    CONTROL,
    TOO_LARGE,
    TOO_MANY_FIELDS,
    FORBIDDEN,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    TOO_MANY_REQUESTS,
    SERVER_ERROR,
    OTHER,
)
_KIND_BY_STATUS = {
    403: FORBIDDEN,
    404: NOT_FOUND,
    405: METHOD_NOT_ALLOWED,
    413: TOO_LARGE,
    429: TOO_MANY_REQUESTS,
}


def describe(problem: Problem) -> str:
    """The problem in one sentence, in the active language."""
    if problem.kind == CONTROL and problem.found is not None:
        found = problem.found
        if found.parameter:
            return _(
                "%(name)s contains a control character (%(codepoint)s), which is not allowed. "
                "Remove it and send again."
            ) % {"name": found.parameter, "codepoint": found.codepoint}
        return _(
            "The address contains a control character (%(codepoint)s), which is not allowed."
        ) % {"codepoint": found.codepoint}
    if problem.kind == TOO_LARGE:
        return _("The request is too large: at most %(size)d kB can be sent at a time.") % {
            "size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
        }
    if problem.kind == TOO_MANY_FIELDS:
        return _("The request has too many fields: at most %(count)d can be sent at a time.") % {
            "count": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        }
    if problem.kind == FORBIDDEN:
        return _("This is not allowed.")
    if problem.kind == NOT_FOUND:
        return _("Not found.")
    if problem.kind == TOO_MANY_REQUESTS:
        return _("Too many requests. Try again later.")
    if problem.kind == METHOD_NOT_ALLOWED:
        return _("This method is not allowed here.")
    if problem.kind == SERVER_ERROR:
        return _("Something went wrong on our side. Try again later.")
    return _("The request is not valid.")


# --- finding control characters -----------------------------------------------------------------


def _items(value, location: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], object]]:
    """Every key and leaf of a nested value with its location, without recursion (a deeply
    nested JSON body must not exhaust the stack)."""
    stack = [(location, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, QueryDict):
            for key, values in item.lists():
                yield (*where, key), key
                stack.extend(((*where, key), value) for value in values)
        elif isinstance(item, dict):
            for key, value in item.items():
                yield (*where, str(key)), key
                stack.append(((*where, str(key)), value))
        elif isinstance(item, list | tuple):
            stack.extend(((*where, str(index)), value) for index, value in enumerate(item))
        else:
            yield where, item


def find_control_character(value, location: tuple[str, ...] = ()) -> Found | None:
    """The first forbidden control character in ``value`` — a string, or dicts, lists and
    QueryDicts of them at any depth, keys included — or None."""
    for where, item in _items(value, location):
        if isinstance(item, str):
            match = CONTROL_CHARACTER.search(item)
            if match:
                # A name may hold the character itself: shown as U+FFFD, never echoed.
                shown = tuple(CONTROL_CHARACTER.sub("\ufffd", part) for part in where)
                return Found(shown, match.group())
    return None


def _is_json(request: HttpRequest) -> bool:
    content_type = request.content_type or ""
    return content_type == "application/json" or content_type.endswith("+json")


def request_control_character(request: HttpRequest) -> Found | None:
    """The first control character anywhere a view could read text from, or None.

    Reads the body (which raises ``RequestDataTooBig`` / ``TooManyFieldsSent`` when it is over
    the limits). A JSON body that does not parse is left to its endpoint to refuse.
    """
    found = find_control_character(request.path_info, ("path",)) or find_control_character(
        request.GET, ("query",)
    )
    if found:
        return found
    if request.method == "POST" and not _is_json(request):
        names = {key: [file.name for file in files] for key, files in request.FILES.lists()}
        return find_control_character(request.POST, ("body",)) or find_control_character(
            names, ("body",)
        )
    if _is_json(request):
        try:
            data = json.loads(request.body, strict=False)  # raw control bytes in strings too
        except (ValueError, RecursionError):
            return None
        return find_control_character(data, ("body",))
    if request.content_type == "application/x-www-form-urlencoded" and request.body:
        return find_control_character(QueryDict(request.body, encoding=request.encoding), ("body",))
    return None


# --- answering ----------------------------------------------------------------------------------


def surface(request: HttpRequest) -> str | None:
    """The machine interface the request went to (a ``SURFACES`` prefix), or None for pages."""
    path = request.path_info
    for prefix in SURFACES:
        if path.startswith(prefix) or path == prefix.rstrip("/"):
            return prefix
    return None


def respond(request: HttpRequest, problem: Problem) -> HttpResponse:
    """``problem`` in the format of the interface the request went to; an HTML page otherwise."""
    prefix = surface(request)
    if prefix is not None:
        return import_string(SURFACES[prefix])(request, problem)
    return render(
        request,
        "common/bad_request.html",
        {"problem": problem, "message": describe(problem)},
        status=problem.status,
    )


def _inspect(request: HttpRequest) -> Problem | None:
    try:
        found = request_control_character(request)
    except RequestDataTooBig:
        return Problem(413, TOO_LARGE)
    except (TooManyFieldsSent, TooManyFilesSent):
        return Problem(400, TOO_MANY_FIELDS)
    except MultiPartParserError:  # a broken multipart body
        return Problem(400, OTHER)
    return Problem(400, CONTROL, found) if found else None


def _drop_bad_cookies(request: HttpRequest) -> list[str]:
    """Cookies holding a control character are treated as absent (and deleted in the browser).

    Refusing them would lock the person out of every page until the cookie expires; reading them
    would crash (a quoted cookie can carry U+0000 as the escape ``\\000``, and the session key is
    looked up in the database). SessionMiddleware has already made a session from the bad key:
    it is replaced by an empty one before anything has loaded it.
    """
    dropped = [
        name
        for name, value in request.COOKIES.items()
        if CONTROL_CHARACTER.search(name) or CONTROL_CHARACTER.search(value)
    ]
    for name in dropped:
        del request.COOKIES[name]
    if settings.SESSION_COOKIE_NAME in dropped and hasattr(request, "session"):
        request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    return dropped


def _is_html(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


class BoundaryMiddleware:
    """Refuses bad input before any view runs; keeps machine interfaces free of HTML errors."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        dropped = _drop_bad_cookies(request)
        response = self._respond(request)
        for name in dropped:
            if name not in response.cookies:  # a new session cookie set meanwhile wins
                response.delete_cookie(name)
        return response

    def _respond(self, request: HttpRequest) -> HttpResponse:
        problem = _inspect(request)
        if problem is not None:
            return respond(request, problem)
        response = self.get_response(request)
        if response.status_code >= 400 and surface(request) and _is_html(response):
            kind = _KIND_BY_STATUS.get(response.status_code, OTHER)
            if response.status_code >= 500:
                kind = SERVER_ERROR
            rewritten = respond(request, Problem(response.status_code, kind))
            for header in _KEPT_HEADERS:
                if header in response:
                    rewritten[header] = response[header]
            return rewritten
        return response


# --- the project's error handlers (asiointi/urls.py) --------------------------------------------


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """handler400: Django's ``SuspiciousOperation`` family, raised past the middleware."""
    if isinstance(exception, RequestDataTooBig):
        return respond(request, Problem(413, TOO_LARGE))
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return respond(request, Problem(400, TOO_MANY_FIELDS))
    return respond(request, Problem(400, OTHER))


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    """handler404: the interface's own 404 under /api/v1/ and /open311/, Django's page else."""
    if surface(request):
        return respond(request, Problem(404, NOT_FOUND))
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: never an HTML page on a machine interface."""
    if surface(request):
        return respond(request, Problem(500, SERVER_ERROR))
    return defaults.server_error(request)
