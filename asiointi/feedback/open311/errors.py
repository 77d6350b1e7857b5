"""Boundary problems (asiointi/common/boundary.py) as GeoReport v2 error lists.

Open311 chooses the format by the URL's suffix; a request refused before any view ran may have
any suffix, so ``.json``/``.xml`` are recognised in any case (``.JSON``) and everything else is
answered in JSON. The language is the request's ``locale`` when it is a valid one, else English
(like every other Open311 error).
"""

import re

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from asiointi.common.boundary import Problem, describe
from asiointi.feedback.open311.formats import JSON, render_errors
from asiointi.feedback.open311.params import Open311Error, locale_language

_SUFFIX = re.compile(r"\.(json|xml)$", re.IGNORECASE)


def format_of(path: str) -> str:
    match = _SUFFIX.search(path)
    return match.group(1).lower() if match else JSON


def _language(request: HttpRequest) -> str:
    # The form is read only when it has been parsed already: a body over the limits would raise.
    params = request.POST if "_post" in request.__dict__ else request.GET
    try:
        return locale_language(params) or "en"
    except Open311Error:
        return "en"


def respond(request: HttpRequest, problem: Problem) -> HttpResponse:
    with translation.override(_language(request)):
        return render_errors(
            [(problem.status, describe(problem))], format_of(request.path), status=problem.status
        )
