"""The one rule every service checks before acting: is the actor a member of the department?"""

from asiointi.common.errors import NotFound
from asiointi.organisation.models import Membership


def require_member(actor, department_id: int, *, not_found: str) -> None:
    """Acting needs membership of the department *now* (a case may have been transferred away
    since the page was loaded). Outsiders get ``NotFound`` with ``not_found`` as the message,
    so that nothing reveals whether the object exists."""
    if not Membership.objects.filter(user=actor, department_id=department_id).exists():
        raise NotFound(not_found)
