from django import template

from asiointi.common.formatting import format_money
from asiointi.common.i18n import pick

register = template.Library()


@register.filter
def money(value):
    return format_money(value)


@register.filter
def in_language(texts):
    """A ``{"fi": …, "sv": …, "en": …}`` dict (e.g. from an event's details) in the page's
    language, falling back to Finnish."""
    return pick(texts)
