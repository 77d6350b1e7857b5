from django import template

from asiointi.common.formatting import format_money

register = template.Library()


@register.filter
def money(value):
    return format_money(value)
