"""Staff department memberships follow the directory's groups claim.

``settings.ASIOINTI_STAFF_GROUP_MAP`` (JSON, docs/operating.md) maps a directory group to the
memberships it gives: ``{"asiointi-kulttuuri-kasittelijat": [{"department": "kulttuuri",
"role": "handler"}]}``. At every staff login the person's memberships become exactly those of
their groups: a membership added by hand in the admin is removed at the next login, because the
directory is where the city manages who works where. Teams (``organisation.Team``) are not in the
claim and stay managed in the admin.
"""

import logging

from django.conf import settings
from django.db import transaction

from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership

logger = logging.getLogger(__name__)


def memberships_for_groups(groups: object) -> set[tuple[str, str]]:
    """The (department code, role) pairs the groups give; unknown groups give nothing."""
    if not isinstance(groups, list):
        return set()
    wanted = set()
    for group in groups:
        for entry in (
            settings.ASIOINTI_STAFF_GROUP_MAP.get(group, []) if isinstance(group, str) else []
        ):
            if entry["role"] in StaffRole.values:
                wanted.add((entry["department"], entry["role"]))
            else:
                logger.warning("ASIOINTI_STAFF_GROUP_MAP: unknown role %r", entry["role"])
    return wanted


@transaction.atomic
def sync_memberships(*, user, groups: object) -> None:
    """Make the user's memberships exactly those the groups give."""
    wanted = memberships_for_groups(groups)
    departments = {
        department.code: department
        for department in Department.objects.filter(code__in={code for code, _ in wanted})
    }
    for code in {code for code, _ in wanted} - departments.keys():
        logger.warning("ASIOINTI_STAFF_GROUP_MAP names an unknown department %r", code)
    wanted_ids = {(departments[code].pk, role) for code, role in wanted if code in departments}
    current = {
        (membership.department_id, membership.role): membership.pk
        for membership in Membership.objects.filter(user=user)
    }
    stale = [pk for key, pk in current.items() if key not in wanted_ids]
    Membership.objects.filter(pk__in=stale).delete()
    Membership.objects.bulk_create(
        [
            Membership(user=user, department_id=department_id, role=role)
            for department_id, role in sorted(wanted_ids - current.keys())
        ],
        ignore_conflicts=True,
    )
