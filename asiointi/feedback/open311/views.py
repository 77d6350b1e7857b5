"""The Open311 GeoReport v2 endpoints (docs/open311.md): parse → intake or selector → render.

Language: names of services, groups and departments are Finnish unless ``locale`` asks for
Swedish or English; error descriptions and notices are English unless ``locale`` is given (API
clients are programs, and their developers read English).
"""

import functools

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from asiointi.common import ratelimit
from asiointi.common.errors import ValidationFailed
from asiointi.common.idempotency import IdempotencyKeyRefused, run_idempotently
from asiointi.feedback.intake import feedback_submit
from asiointi.feedback.open311 import selectors, serializers
from asiointi.feedback.open311.catalogue import catalogue
from asiointi.feedback.open311.formats import CONTENT_TYPES, render, render_errors
from asiointi.feedback.open311.keys import api_client_authenticate
from asiointi.feedback.open311.params import (
    Open311Error,
    bad_request,
    flag,
    list_filters,
    locale_language,
    post_input,
    value,
)

# Intake's field names in the names an Open311 client used.
PARAMETER_NAMES = {
    "service_code": "service_code",
    "description": "description",
    "title": "description",
    "address": "address_string",
    "address_id": "address_id",
    "lat": "lat",
    "long": "long",
    "location": "lat/long, address_string or address_id",
    "media_url": "media_url",
    "contact_email": "email",
    "contact_name": "first_name/last_name",
    "contact_phone": "phone",
    "type": "attribute[type]",
}


def open311_view(*methods: str):
    """Resolve the language, allow only ``methods``, turn ``Open311Error`` into the error list."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, fmt: str, **kwargs):
            params = request.POST if request.method == "POST" else request.GET
            try:
                with translation.override("en"):  # a bad locale is told in English
                    language = locale_language(params)
            except Open311Error as error:
                return render_errors(error.errors, fmt, status=error.status)
            with translation.override(language or "en"):
                if request.method not in methods:
                    response = render_errors(
                        [(405, _("Use %(methods)s.") % {"methods": " or ".join(methods)})],
                        fmt,
                        status=405,
                    )
                    response["Allow"] = ", ".join(methods)
                    return response
                try:
                    return view(
                        request, *args, fmt=fmt, params=params, language=language or "fi", **kwargs
                    )
                except Open311Error as error:
                    return render_errors(error.errors, fmt, status=error.status)

        # No cookies or sessions are involved: a request carries its api_key, so CSRF
        # protection has nothing to protect and would only refuse clients' POSTs.
        return csrf_exempt(wrapper)

    return decorate


@open311_view("GET")
def discovery(request, *, fmt, params, language):
    url = serializers.absolute(reverse("open311:discovery", kwargs={"fmt": fmt}))
    return render(serializers.discovery(url.rsplit("/", 1)[0] + "/"), fmt, root="discovery")


@open311_view("GET")
def services(request, *, fmt, params, language):
    # The catalogue changes rarely: its rendered list is cached per process until the database's
    # catalogue version changes (open311/catalogue.py); one query when cached.
    current = catalogue()
    body = current.rendered.get((language, fmt))
    if body is None:
        data = [serializers.service(service, language) for service in current.feedback_services]
        body = current.rendered[(language, fmt)] = render(data, fmt, root="services").content
    return HttpResponse(body, content_type=CONTENT_TYPES[fmt])


@open311_view("GET")
def service_definition(request, service_code: str, *, fmt, params, language):
    service = catalogue().feedback_service(service_code)
    if service is None:
        raise _service_not_found(service_code)
    return render(serializers.service_definition(service, language), fmt, root="service_definition")


@open311_view("GET", "POST")
def requests(request, *, fmt, params, language):
    if request.method == "POST":
        return _post_request(request, fmt=fmt, params=params, language=language)
    filters = list_filters(params)
    current = catalogue()
    service_pks = []
    if filters.service_codes and not filters.request_ids:
        known = selectors.service_ids(current, filters.service_codes)
        unknown = [code for code in filters.service_codes if code not in known]
        if unknown:
            raise bad_request(
                _("Unknown service_code: %(codes)s. See services.%(fmt)s for the codes.")
                % {"codes": ", ".join(unknown), "fmt": fmt}
            )
        service_pks = list(known.values())
    rows = selectors.published_requests(filters, service_pks)
    data = serializers.requests(
        rows, catalogue=current, extensions=filters.extensions, language=language
    )
    return render(data, fmt, root="service_requests")


def _post_request(request, *, fmt, params, language):
    client = api_client_authenticate(value(params, "api_key"))
    if client is None:
        message = (
            _("api_key is required.")
            if not value(params, "api_key")
            else _("The api_key is not valid or has been revoked.")
        )
        raise Open311Error.single(403, message)
    # One transaction for the request (docs/open311.md): the rate-limit count commits with the
    # feedback, its event and its queued receipt, or alone with an error answer.
    with transaction.atomic():
        verdict = ratelimit.hit(
            "open311-post",
            client.key_prefix,
            ratelimit.Limit.parse(settings.OPEN311_POST_RATE_LIMIT),
        )
        if not verdict.allowed:
            return _too_many(verdict, fmt)
        try:
            return _create_idempotently(request, client, fmt=fmt, params=params, language=language)
        except Open311Error as error:
            return render_errors(error.errors, fmt, status=error.status)


def _too_many(verdict: ratelimit.Verdict, fmt: str):
    response = render_errors(
        [
            (
                429,
                _("Too many requests from this api_key; try again in %(seconds)d seconds.")
                % {"seconds": verdict.retry_after},
            )
        ],
        fmt,
        status=429,
    )
    response["Retry-After"] = str(verdict.retry_after)
    return response


def _create_idempotently(request, client, *, fmt, params, language):
    # A retry with the same Idempotency-Key gets the first answer (asiointi/common/idempotency.py).
    try:
        return run_idempotently(
            request,
            client=f"open311:{client.pk}",
            run=lambda: _create_request(client, fmt=fmt, params=params, language=language),
        )
    except IdempotencyKeyRefused as refused:
        raise Open311Error.single(422, refused.message) from None


def _create_request(client, *, fmt, params, language):
    service_code = value(params, "service_code")
    if not service_code:
        raise bad_request(_("service_code is required."))
    service = selectors.service_for_feedback(service_code)
    if service is None:
        raise _service_not_found(service_code)
    data = post_input(params, language=language)
    try:
        feedback = feedback_submit(data, api_client=client, service=service)
    except ValidationFailed as failure:
        raise Open311Error(400, _validation_errors(failure)) from None
    return render([serializers.posted(feedback)], fmt, root="service_requests")


def _validation_errors(failure: ValidationFailed) -> list[tuple[int, str]]:
    errors = []
    fields = dict(failure.errors)
    if "lat" in fields or "long" in fields:
        # A wrong coordinate also leaves the location missing; the coordinate error says more.
        fields.pop("location", None)
    for field, messages in fields.items():
        name = PARAMETER_NAMES.get(field, field)
        for message in messages or [failure.message]:
            errors.append((400, f"{name}: {message}"))
    return errors or [(400, failure.message)]


def _service_not_found(code: str) -> Open311Error:
    return Open311Error.single(
        404, _("There is no service with service_code “%(code)s”.") % {"code": code}
    )


@open311_view("GET")
def request_detail(request, request_id: str, *, fmt, params, language):
    extensions = flag(params, "extensions")
    row = selectors.request_by_id(request_id, history=extensions)
    if row is None:
        raise Open311Error.single(
            404, _("There is no request with service_request_id “%(id)s”.") % {"id": request_id}
        )
    data = serializers.requests(
        [row], catalogue=catalogue(), extensions=extensions, language=language
    )
    return render(data, fmt, root="service_requests")


@open311_view("GET")
def token(request, token: str, *, fmt, params, language):
    feedback = selectors.feedback_by_token(token)
    if feedback is None:
        raise Open311Error.single(
            404, _("There is no request with the token “%(token)s”.") % {"token": token}
        )
    return render([serializers.token(feedback)], fmt, root="service_requests")
