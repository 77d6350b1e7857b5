"""Boundary problems (asiointi/common/boundary.py) in the REST API's error format.

The same body as the API's own errors (api_errors.py): a machine-readable ``code``, a
``message`` in the client's language and, for a refused value, ``detail`` with one entry naming
where it is (``loc``), like django-ninja's request validation errors. A control character is a
request that does not validate, so it is a 422 ``request_invalid`` as the API answers for any
other invalid value.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from asiointi.common.api_language import around_request
from asiointi.common.boundary import CONTROL, SERVER_ERROR, TOO_LARGE, Problem, describe

API_STATUS = {CONTROL: 422}
# The API's own codes where it has one (asiointi/common/api_errors.py); else the problem's kind.
API_CODE = {CONTROL: "request_invalid", TOO_LARGE: "too_large"}


def _body(problem: Problem) -> dict:
    if problem.kind == CONTROL and problem.found is not None:
        return {
            "code": API_CODE[CONTROL],
            "message": _("The request is not valid."),
            "detail": [{"loc": list(problem.found.location), "msg": describe(problem)}],
        }
    return {"code": API_CODE.get(problem.kind, problem.kind), "message": describe(problem)}


def respond(request: HttpRequest, problem: Problem) -> HttpResponse:
    status = API_STATUS.get(problem.kind, problem.status)

    def build(request):
        # The same Content-Type as django-ninja's own answers.
        return JsonResponse(
            _body(problem), status=status, content_type="application/json; charset=utf-8"
        )

    if problem.kind == SERVER_ERROR:
        # After a failure, do not touch the session or the database to choose the language.
        return build(request)
    return around_request(build)(request)
