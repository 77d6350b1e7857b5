"""The language of API responses (error messages, labels): what the client asks for, else the
user's own preference, else Finnish.

The web pages take the language from the URL prefix (/sv/, /en/); the API has no prefix, and
LocaleMiddleware would then always choose the default. So the API decides here: the language
cookie the web pages set, or an ``Accept-Language`` header, wins; without either, the logged-in
person's ``preferred_language`` is used.
"""

import functools

from django.conf import settings
from django.utils import translation


def _explicit(request) -> str | None:
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or "Accept-Language" in request.headers:
        return translation.get_language_from_request(request, check_path=False)
    return None


def _chosen(request, user) -> str:
    explicit = _explicit(request)
    if explicit:
        return explicit
    preferred = getattr(user, "preferred_language", None) if user is not None else None
    if preferred and preferred in dict(settings.LANGUAGES):
        return preferred
    return settings.LANGUAGE_CODE


def around_request(run):
    """Wraps the whole operation, authentication included (session users are known already)."""

    @functools.wraps(run)
    def wrapper(request, *args, **kwargs):
        with translation.override(_chosen(request, getattr(request, "user", None))):
            response = run(request, *args, **kwargs)
            # Set here: LocaleMiddleware would report its own choice after the override ends.
            response["Content-Language"] = translation.get_language()
            return response

    return wrapper


def after_authentication(operation):
    """Once a bearer token has told who the user is, use their preference (if nothing explicit).

    Activated without restoring, so error handlers that run after the operation still use it;
    ``around_request`` restores the language afterwards.
    """

    @functools.wraps(operation)
    def wrapper(request, *args, **kwargs):
        translation.activate(_chosen(request, getattr(request, "auth", None)))
        return operation(request, *args, **kwargs)

    return wrapper
