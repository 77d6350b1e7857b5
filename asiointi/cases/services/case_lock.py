"""The row lock every case service takes first (``asiointi/common/locking.py``)."""

from django.utils.translation import gettext as _

from asiointi.cases.models import Case
from asiointi.common.locking import lock_for_change


def lock_case(case: Case, expected_lock_version: int | None, *, related: tuple = ()) -> Case:
    """Re-read the case under a row lock and refuse if someone changed it since the user saw it.
    ``related``: relations the caller needs, read in the same query (only the case is locked)."""
    queryset = Case.objects.select_related(*related) if related else Case.objects.all()
    return lock_for_change(
        queryset,
        case.pk,
        expected_lock_version,
        conflict=lambda locked: (
            _(
                "The application was changed by someone else in the meantime (now “%(status)s”). "
                "Reload the page and try again."
            )
            % {"status": locked.get_status_display()}
        ),
    )
