"""Optimistic locking with a row lock: the one way a state change re-reads what it changes.

Every object a person changes from a page they loaded earlier carries a ``lock_version``
(a positive integer bumped on each change). The page sends back the version it showed; the
service re-reads the row under ``SELECT … FOR UPDATE`` and refuses with ``Conflict`` if the row
has moved on since — a second press of a button, a second tab, a colleague who acted first.
``None`` as the expected version means "no page to compare with" (a background task, the
API without ``lock_version``): the row lock alone serialises the change.

Usage::

    case = lock_for_change(
        Case.objects.select_related("form"), case.pk, expected_lock_version,
        conflict=lambda locked: _("… now “%(status)s” …") % {"status": locked.get_status_display()},
    )
"""

from collections.abc import Callable

from django.db import models

from asiointi.common.errors import Conflict


def lock_for_change[M: models.Model](
    queryset: models.QuerySet[M],
    pk,
    expected_lock_version: int | None,
    *,
    conflict: Callable[[M], str],
    of: tuple[str, ...] = ("self",),
) -> M:
    """Read the row ``pk`` of ``queryset`` under a row lock and raise ``Conflict(conflict(row))``
    if its ``lock_version`` differs from ``expected_lock_version``. Only the table itself is
    locked unless ``of`` names joined relations too (rows read with ``select_related``)."""
    locked = queryset.select_for_update(of=of).get(pk=pk)
    if expected_lock_version is not None and locked.lock_version != expected_lock_version:
        raise Conflict(conflict(locked))
    return locked
