"""What the staff's navigation offers, by what the person handles (docs/handling.md, "Each
service shows its own things").

``{% load handling_nav %}{% handles_grants as grants %}{% if grants %}…decision lists, grant
reports…{% endif %}``: true when one of the person's departments has a grant service. In the
handlers' area the answer is already on the request (``handling.access.staff_member_required``,
no query); elsewhere it costs one query, and nothing for a person who is not staff.
"""

from django import template

from asiointi.handling.access import handler_departments
from asiointi.handling.access import handles_grants as departments_handle

register = template.Library()


@register.simple_tag(takes_context=True)
def handles_grants(context) -> bool:
    request = context.get("request")
    if request is None:
        return False
    known = getattr(request, "handles_grants", None)
    if known is not None:
        return known
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return False
    request.handles_grants = departments_handle(handler_departments(user))
    return request.handles_grants
