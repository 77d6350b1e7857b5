"""Sessions end after a period without activity: staff's after ``STAFF_SESSION_IDLE_MINUTES``
(30 by default), residents' after ``RESIDENT_SESSION_IDLE_MINUTES`` (32 by default: Suomi.fi
e-Identification keeps one identification valid for 32 minutes, docs/operating.md).

The time of the last request is kept in the session (``SESSION_KEY``, seconds since the epoch)
and written at most once a minute, so that a page full of requests does not write the session
each time. ``SESSION_COOKIE_AGE`` still bounds every session absolutely.
"""

import time

from django.conf import settings
from django.contrib import auth, messages
from django.utils.translation import gettext as _

from asiointi.accounts import providers

SESSION_KEY = "asiointi_last_activity"
WRITE_EVERY_SECONDS = 60


def start_activity_clock(sender, request, user, **kwargs) -> None:
    """At login (``user_logged_in``): the idle time counts from now, and the first request
    after the login need not write the session."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = int(time.time())


def idle_limit_seconds(request) -> int:
    staff = request.session.get(providers.SESSION_KEY) == providers.STAFF or (
        request.session.get(providers.SESSION_KEY) is None and request.user.is_staff
    )
    minutes = (
        settings.STAFF_SESSION_IDLE_MINUTES if staff else settings.RESIDENT_SESSION_IDLE_MINUTES
    )
    return minutes * 60


class IdleSessionExpiryMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware: logs out an idle session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(SESSION_KEY)
            if isinstance(last, int) and now - last > idle_limit_seconds(request):
                auth.logout(request)
                messages.info(request, _("You were logged out after a period without activity."))
            elif not isinstance(last, int) or now - last >= WRITE_EVERY_SECONDS:
                request.session[SESSION_KEY] = now
        return self.get_response(request)
