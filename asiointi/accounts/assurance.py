"""The level of assurance of a resident's identification, kept with the session.

Suomi.fi e-Identification tells the level in the ID token's ``acr`` claim
(``http://ftn.ficora.fi/2017/loa2`` is *substantial*, ``…/loa3`` *high*; eIDAS-style brokers say
``substantial`` / ``high``); ``settings.OIDC_RESIDENT_ACR_LEVELS`` maps the values to levels and
anything else is *low*. Confidential benefits (social assistance) and consents to fetch income
data from the national registries require *substantial* or *high*.

A login that records no level is not an identification by the broker: outside production it is
the demo login or a test's ``force_login``, and counts as *substantial* for a person with a
personal identity code (the demo personas stand for residents who identified with bank codes);
in production it is the emergency administrator's password login, which has no level at all.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "asiointi_level_of_assurance"


class LevelOfAssurance(models.TextChoices):
    LOW = "low", _("low")
    SUBSTANTIAL = "substantial", _("substantial")
    HIGH = "high", _("high")


SUFFICIENT_FOR_CONFIDENTIAL = (LevelOfAssurance.SUBSTANTIAL, LevelOfAssurance.HIGH)


def level_from_acr(acr: object) -> str:
    """The level the ``acr`` claim stands for; *low* for an unknown or missing value."""
    level = settings.OIDC_RESIDENT_ACR_LEVELS.get(acr) if isinstance(acr, str) else None
    return level if level in LevelOfAssurance.values else LevelOfAssurance.LOW


def session_level(request) -> str:
    """The level of this session's login: see the module docstring; "" for none."""
    level = request.session.get(SESSION_KEY)
    if level:
        return level
    user = request.user
    if settings.DEMO_LOGIN and user.is_authenticated and user.national_id:
        return LevelOfAssurance.SUBSTANTIAL
    return ""


def is_sufficient(level: str | None) -> bool:
    """``None`` means "not a login session" (a loader, a batch): only the identity code counts."""
    return level is None or level in SUFFICIENT_FOR_CONFIDENTIAL


def insufficient_message() -> str:
    return str(
        _(
            "This needs strong identification at the level substantial or high (online banking "
            "codes, a mobile certificate or an ID card). Your login was at a lower level: log in "
            "again with one of them."
        )
    )


def reidentify_url(request) -> str:
    """Where "log in again" goes: the resident login straight away, back to this page."""
    from asiointi.accounts.providers import RESIDENT, is_configured

    target = (
        reverse("accounts:oidc_resident_authenticate")
        if is_configured(RESIDENT)
        else reverse("accounts:login")
    )
    return f"{target}?{urlencode({'next': request.get_full_path()})}"
