import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from asiointi.catalogue.constants import ServiceKind
from asiointi.catalogue.models import GrantCall, Service
from asiointi.common.errors import NotFound


def open_grant_calls(day: datetime.date) -> QuerySet[GrantCall]:
    return (
        GrantCall.objects.open_on(day)
        .filter(service__form__isnull=False)
        .select_related("service", "service__department")
        .order_by("service__code", "opens_on")
    )


def access_open_call(call_id, day: datetime.date) -> GrantCall:
    try:
        return open_grant_calls(day).get(pk=int(call_id))
    except (GrantCall.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("Grant call not found or not open.")) from None


def benefit_services() -> QuerySet[Service]:
    """Benefits applied for at any time, without a grant call (social assistance): every benefit
    service with an online form."""
    return (
        Service.objects.filter(kind=ServiceKind.BENEFIT, form__isnull=False)
        .select_related("department")
        .order_by("code")
    )


def access_benefit_service(service_code) -> Service:
    try:
        return benefit_services().get(code=str(service_code))
    except Service.DoesNotExist:
        raise NotFound(_("Service not found.")) from None
