"""The only way a request gets a decision list: members of the list's department only. Another
department's list is "not found", never "forbidden"."""

from django.utils.translation import gettext as _

from asiointi.common.errors import NotFound
from asiointi.grants.models import DecisionList


def access_decision_list(user, list_id, *, for_update: bool = False) -> DecisionList:
    if not user.is_authenticated:
        raise NotFound(_("Decision list not found."))
    try:
        queryset = DecisionList.objects.filter(
            pk=int(list_id), department__memberships__user=user
        ).distinct()
        if for_update:
            DecisionList.objects.select_for_update().filter(pk__in=queryset.values("pk")).get()
        return queryset.select_related("department", "created_by", "approved_by").get()
    except (DecisionList.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("Decision list not found.")) from None
