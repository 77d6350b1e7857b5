"""A language chosen once sticks, also on addresses without a language prefix.

Finnish pages have no prefix (``/asiointikansio/``), Swedish and English ones have ``/sv/`` and
``/en/`` (``i18n_patterns`` with ``prefix_default_language=False``). Django's
``LocaleMiddleware`` shows an unprefixed address in Finnish whatever the person chose, so a
Swedish speaker following a link from an email or a bookmark would land on a Finnish page.

``StickyLanguageMiddleware`` redirects such a request to the same address with the chosen
language's prefix. The choice is the language cookie that the language selector sets
(``set_language``; choosing Finnish sets it to ``fi``, which keeps unprefixed addresses
Finnish), else a logged-in person's ``preferred_language``. Only ``GET`` and ``HEAD`` are
redirected (the query string is kept), and only addresses of the translated pages: never the
APIs, static files, health checks, the language switch itself (all outside ``i18n_patterns``),
the admin or the OpenID Connect login's own addresses.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Namespaces and URL names that stay as they are in every language: the admin is for staff and
# the OIDC addresses must match what the identity provider was told.
NOT_REDIRECTED_NAMESPACES = frozenset({"admin"})
NOT_REDIRECTED_URL_NAME_PREFIXES = ("oidc_",)


def chosen_language(request) -> str | None:
    """The language the person chose (cookie, else their preferred language), if supported."""
    supported = {code for code, _name in settings.LANGUAGES}
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie:
        return cookie if cookie in supported else None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        preferred = getattr(user, "preferred_language", None)
        return preferred if preferred in supported else None
    return None


def _is_redirected_page(path: str) -> bool:
    """Whether the unprefixed ``path`` is a translated page (one of ``i18n_patterns``) that may
    be redirected. Every language has the same pages, so one prefixed language tells."""
    language = next(code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
    with translation.override(language):
        try:
            match = resolve(f"/{language}{path}")
        except Resolver404:
            return False
    if NOT_REDIRECTED_NAMESPACES.intersection(match.namespaces):
        return False
    return not (match.url_name or "").startswith(NOT_REDIRECTED_URL_NAME_PREFIXES)


class StickyLanguageMiddleware:
    """After authentication (it reads ``request.user``); see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect = self._redirect(request)
        if redirect is not None:
            return redirect
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and not translation.get_language_from_path(
            request.path_info
        ):
            # Whether this address redirects depends on the cookie: caches must know.
            patch_vary_headers(response, ("Cookie",))
        return response

    def _redirect(self, request):
        if request.method not in ("GET", "HEAD"):
            return None
        path = request.path_info
        if translation.get_language_from_path(path):
            return None  # already /sv/… or /en/…
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) == settings.LANGUAGE_CODE:
            return None  # chose Finnish
        # Checked before the person is looked up: the APIs cost no session query here.
        if not _is_redirected_page(path):
            return None
        language = chosen_language(request)
        if not language or language == settings.LANGUAGE_CODE:
            return None
        script_prefix = get_script_prefix()
        location = request.get_full_path().replace(script_prefix, f"{script_prefix}{language}/", 1)
        response = HttpResponseRedirect(location)
        patch_vary_headers(response, ("Cookie",))
        return response
