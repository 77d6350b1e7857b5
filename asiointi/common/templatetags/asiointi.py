from django import template
from django.contrib import messages
from django.utils.safestring import mark_safe

from asiointi.common.formatting import format_amount, format_money
from asiointi.common.forms import form_error_summary, prefixed_error_summary
from asiointi.common.i18n import pick

register = template.Library()


@register.filter
def money(value):
    return format_money(value)


@register.filter
def amount(value):
    """An amount for a form field's value ("178,43"); ``money`` is for amounts shown as text."""
    return format_amount(value)


@register.filter
def in_language(texts):
    """A ``{"fi": …, "sv": …, "en": …}`` dict (e.g. from an event's details) in the page's
    language, falling back to Finnish."""
    return pick(texts)


@register.filter
def form_error_items(form):
    """The items of ``common/error_summary.html`` for a bound Django form."""
    return form_error_summary(form)


@register.filter
def prefixed_error_items(form_errors):
    """The items of ``common/error_summary.html`` for ``{form prefix: {field: [messages]}}``."""
    return prefixed_error_summary(form_errors)


@register.simple_tag(takes_context=True)
def nav_current(context, prefix, *elsewhere):
    """`` aria-current="page"`` for a navigation link whose section holds the current page: the
    path starts with ``prefix`` and with none of ``elsewhere`` (sections of their own under it)."""
    request = context.get("request")
    path = request.path if request is not None else ""
    if path.startswith(prefix) and not any(path.startswith(other) for other in elsewhere if other):
        return mark_safe(' aria-current="page"')
    return ""


_NOTIFICATION_TYPES = {
    messages.ERROR: "error",
    messages.WARNING: "alert",
    messages.SUCCESS: "success",
}


@register.filter
def message_level(level):
    """The design system's notification type of a ``django.contrib.messages`` level."""
    return _NOTIFICATION_TYPES.get(level, "info")


@register.inclusion_tag("common/status_label.html")
def status_label(thing, text=None, tone=None, status=None, css=""):
    """The one status label (the design system's): ``{% status_label case %}`` shows the object's
    status in its tone, which the model gives next to its statuses, as a ``status_tones``
    mapping or a ``status_tone`` property (``info``, ``success``, ``alert``, ``error``, or
    ``""`` for a neutral label); ``text`` and
    ``tone`` (and ``status``, the class ``status-<status>``) override them, e.g. for the status
    an applicant sees; ``css`` adds a class of the page's own."""
    if text is None:
        text = thing.get_status_display()
    if tone is None:
        tone = getattr(thing, "status_tone", None)
    if tone is None:
        tone = getattr(thing, "status_tones", {}).get(getattr(thing, "status", ""), "")
    if status is None:
        status = getattr(thing, "status", "")
    return {"text": text, "tone": tone, "status": status, "css": css}


@register.filter
def whole_minutes(duration) -> int:
    """A ``timedelta`` in whole minutes, rounded up (a wait of 14 min 30 s is "15 minutes")."""
    return -(-int(duration.total_seconds()) // 60)
