"""Domain errors → HTTP for the REST API, in one place (the web pages have common/web.py).

Every error body has a ``message`` in the user's language (the services translate it) and a
machine-readable ``code``; validation errors add ``detail``, one entry per field message, in the
same shape as django-ninja's own request validation errors.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as RequestValidationError

from asiointi.common.errors import (
    Conflict,
    DomainError,
    NotFound,
    TransitionNotAllowed,
    ValidationFailed,
)

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
            detail="Unauthorized",
        )
        response["WWW-Authenticate"] = 'Bearer realm="asiointi"'
        return response
