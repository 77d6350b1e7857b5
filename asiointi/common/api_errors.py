"""Errors → HTTP for the REST API, in one place (the web pages have common/web.py).

Every error body is ``ErrorOut``: a ``message`` in the user's language (the services translate
it) and a machine-readable ``code``; validation errors add ``detail``, one entry per field
message, in the same shape as django-ninja's own request validation errors. Everything that can
go wrong inside django-ninja answers in it: domain errors, request validation, authentication,
CSRF (403), a method the path does not have (405), an Idempotency-Key used for another request
(422) and unexpected exceptions (500, logged). Paths outside every operation are answered by the
project's handler404 (asiointi/urls.py), in the same format.

It lives in ``common`` because every router answers in it, the core's (``cases/api.py``) as
well as the apps' (``fees/api.py``); ``asiointi/api/router.py`` mounts the routers and installs
this mapping (docs/architecture.md).
"""

import functools
import logging

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, RawPostDataException
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

from asiointi.common import api_language as language
from asiointi.common.errors import (
    Conflict,
    DomainError,
    Gone,
    NotFound,
    TransitionNotAllowed,
    ValidationFailed,
)
from asiointi.common.idempotency import HEADER, IdempotencyKeyRefused, StoredAnswer

logger = logging.getLogger(__name__)


class FieldError(Schema):
    loc: list[str] = Field(
        description=_lazy("Where the error is, e.g. body, data, budget.1.amount")
    )
    msg: str = Field(description=_lazy("The error in the user's language"))


class ErrorOut(Schema):
    """The body of every error answer of /api/v1."""

    code: str = Field(description=_lazy("Machine-readable, e.g. not_found, validation_failed"))
    message: str = Field(description=_lazy("What went wrong, in the user's language"))
    detail: list[FieldError] | None = Field(
        None, description=_lazy("Validation errors: one entry per field message")
    )


# What each error status means, for the OpenAPI document.
STATUS_DESCRIPTIONS = {
    400: "Too many form fields, or a rule said no",
    401: "Not logged in, or the access token is not valid",
    403: "A session request without a valid CSRF token",
    404: "No such object, or not yours to see (the two are never told apart)",
    409: "The object changed meanwhile (stale lock_version), or its state forbids the action",
    410: "The file was quarantined (malware found)",
    413: "The request body is too large",
    422: "The request or a value in it is not valid (control characters included), or the "
    "Idempotency-Key was used for a different request",
    429: "Too many requests; see Retry-After",
    503: "The identity provider cannot be reached to check the access token; try again later",
}
# Codes of HttpError statuses (raised by django-ninja itself and by api_auth).
HTTP_ERROR_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "too_many_requests",
    503: "unavailable",
}


def responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """``response={200: Out, **responses(404, 409)}``: the error answers an operation can give."""
    return {status: ErrorOut for status in statuses}


# Every operation behind login can answer these (400: too many form fields; 422: a value that
# does not validate, a control character included; 503: the identity provider cannot check a
# bearer token); unsafe ones also 403 (a session without a CSRF token) and 413 (body too large).
PUBLIC = (400, 422)
AUTHENTICATED = (*PUBLIC, 401, 503)
AUTHENTICATED_WRITE = (*AUTHENTICATED, 403, 413)


def json_error(status: int, code: str, message: str, **extra) -> JsonResponse:
    """An ``ErrorOut`` answer outside django-ninja's operations."""
    return JsonResponse(
        {"code": code, "message": message, **extra},
        status=status,
        content_type="application/json; charset=utf-8",
    )


def method_not_allowed_as_json(view):
    """django-ninja answers a method a path lacks with a plain-text 405; make it ``ErrorOut``,
    in the language the client asked for."""

    def not_allowed(request, allowed: str) -> HttpResponse:
        message = _("Use %(methods)s.") % {"methods": allowed}
        response = json_error(405, "method_not_allowed", message)
        response["Allow"] = allowed
        return response

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = ", ".join(sorted(response.get("Allow", "").split(", ")))
            return language.around_request(not_allowed)(request, allowed)
        return response

    return wrapper


# Where a service's field paths sit in the request body, per operation. The form-data endpoints
# set ("body", "data"); the default suits bodies whose fields the services name directly.
VALIDATION_LOCATION_ATTRIBUTE = "asiointi_validation_location"
DEFAULT_LOCATION = ("body",)


def set_validation_location(request: HttpRequest, *location: str) -> None:
    setattr(request, VALIDATION_LOCATION_ATTRIBUTE, location)


def _location(request: HttpRequest) -> tuple[str, ...]:
    return getattr(request, VALIDATION_LOCATION_ATTRIBUTE, DEFAULT_LOCATION)


def validation_detail(
    errors: dict[str, list[str]], location: tuple[str, ...], fallback: str
) -> list[dict]:
    """One entry per message; a field named without messages gets the overall message."""
    return [
        {"loc": [*location, path], "msg": message}
        for path, messages in errors.items()
        for message in (messages or [fallback])
    ]


def install(api: NinjaAPI) -> None:
    def respond(request, status: int, code: str, message: str, **extra) -> HttpResponse:
        return api.create_response(
            request, {"code": code, "message": message, **extra}, status=status
        )

    @api.exception_handler(NotFound)
    def not_found(request, error: NotFound):
        return respond(request, 404, "not_found", error.message or _("Not found."))

    @api.exception_handler(ValidationFailed)
    def validation_failed(request, error: ValidationFailed):
        detail = validation_detail(error.errors, _location(request), error.message)
        return respond(request, 422, "validation_failed", error.message, detail=detail)

    @api.exception_handler(Gone)
    def gone(request, error: Gone):
        return respond(request, 410, "gone", error.message)

    @api.exception_handler(Conflict)
    def conflict(request, error: Conflict):
        return respond(request, 409, "conflict", error.message)

    @api.exception_handler(TransitionNotAllowed)
    def transition_not_allowed(request, error: TransitionNotAllowed):
        # The case's current state forbids the action: a conflict with the resource's state.
        return respond(request, 409, "transition_not_allowed", error.message)

    @api.exception_handler(DomainError)
    def domain_error(request, error: DomainError):
        return respond(request, 400, "rule_violated", error.message)

    @api.exception_handler(RequestValidationError)
    def request_invalid(request, error: RequestValidationError):
        # The request itself did not match the schema (wrong types, missing fields).
        return respond(
            request,
            422,
            "request_invalid",
            _("The request is not valid."),
            detail=[
                {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))}
                for e in error.errors
            ],
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, error: AuthenticationError):
        response = respond(
            request,
            401,
            "unauthenticated",
            _("Log in, or send a valid access token in the Authorization header."),
        )
        response["WWW-Authenticate"] = 'Bearer realm="asiointi"'
        return response

    @api.exception_handler(IdempotencyKeyRefused)
    def idempotency_key_refused(request, error: IdempotencyKeyRefused):
        detail = [{"loc": ["header", HEADER], "msg": error.message}]
        return respond(request, 422, "idempotency_key_refused", error.message, detail=detail)

    @api.exception_handler(StoredAnswer)
    def stored_answer(request, answer: StoredAnswer):
        # A retry with an Idempotency-Key already answered: the first answer again.
        return answer.response()

    @api.exception_handler(HttpError)
    def http_error(request, error: HttpError):
        status = error.status_code
        message = str(error)
        if status == 403:  # django-ninja's only 403 is its CSRF check, worded in English
            message = _("The CSRF token is missing or not valid.")
        return respond(request, status, HTTP_ERROR_CODES.get(status, "error"), message)

    @api.exception_handler(RawPostDataException)
    def form_body_to_json_operation(request, error: RawPostDataException):
        # A form body sent to an operation that reads JSON: the boundary check has read the form
        # already, so the raw body is gone; either way the client sent the wrong kind of body.
        return respond(
            request,
            415,
            "unsupported_media_type",
            _("Send the request body as JSON (Content-Type: application/json)."),
        )

    @api.exception_handler(Http404)
    def http_not_found(request, error: Http404):
        return respond(request, 404, "not_found", _("Not found."))

    @api.exception_handler(Exception)
    def server_error(request, error: Exception):
        logger.error("Unhandled error in %s %s", request.method, request.path, exc_info=error)
        return respond(
            request,
            500,
            "server_error",
            _("Something went wrong on our side. Try again later."),
        )
