"""Login pages: OIDC in production (residents and staff, ``oidc_views``), the clearly marked demo
login outside it."""

from django.conf import settings
from django.contrib import auth
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

from asiointi.accounts import assurance, oidc_views, providers, services
from asiointi.accounts.acting import set_acting_for
from asiointi.accounts.models import User
from asiointi.cases.access import access_organisation
from asiointi.common.errors import NotFound
from asiointi.common.web import int_or_none


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def login(request):
    return render(
        request,
        "accounts/login.html",
        {
            "resident_login": providers.is_configured(providers.RESIDENT),
            "staff_login": providers.is_configured(providers.STAFF),
            "demo_login": settings.DEMO_LOGIN,
            "next": _next_url(request),
        },
    )


def demo_personas():
    return (
        User.objects.filter(is_demo_persona=True, is_active=True)
        .prefetch_related("representations__organisation", "memberships__department")
        .order_by("is_staff", "last_name")
    )


# The backend the demo login's session is loaded with (it loads any user; it checks a password
# only for the administrator, and the demo login asks none).
DEMO_LOGIN_BACKEND = "asiointi.accounts.backends.AdministratorPasswordBackend"


def demo_login(request):
    # Refused outside demo mode even if someone mounts the URL: the setting is the guard.
    if not settings.DEMO_LOGIN:
        raise Http404
    error, status = "", 200
    if request.method == "POST":
        persona_id = int_or_none(request.POST.get("persona"))
        user = demo_personas().filter(pk=persona_id).first() if persona_id else None
        if user is not None:
            auth.login(request, user, backend=DEMO_LOGIN_BACKEND)
            if user.national_id and not user.is_staff:
                # A demo resident stands for one who identified with bank codes.
                request.session[assurance.SESSION_KEY] = assurance.LevelOfAssurance.SUBSTANTIAL
            return HttpResponseRedirect(_next_url(request))
        error, status = _("Choose one of the personas below."), 400
    return render(
        request,
        "accounts/demo_login.html",
        {"personas": demo_personas(), "next": _next_url(request), "error": error},
        status=status,
    )


@require_POST
def logout(request):
    """Log out here, then at the identity provider too (RP-initiated logout)."""
    return oidc_views.logout(request)


@require_POST
def switch_acting_for(request):
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("accounts:login"))
    organisation_id = request.POST.get("organisation") or ""
    try:
        organisation = (
            access_organisation(request.user, organisation_id) if organisation_id else None
        )
    except NotFound:
        raise Http404 from None
    set_acting_for(request, organisation)
    return HttpResponseRedirect(reverse("cases:folder"))


def set_language(request):
    """Django's language switch (the cookie, the page in the new language); a logged-in person's
    choice is also stored as their ``preferred_language`` (emails, letters, unprefixed links:
    asiointi/common/language.py)."""
    response = i18n.set_language(request)
    chosen = request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER)
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and settings.LANGUAGE_COOKIE_NAME in response.cookies
    ):
        services.set_preferred_language(user=request.user, language=chosen)
    return response
