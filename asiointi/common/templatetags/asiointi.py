from django import template

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
