"""Writes of the handlers' area that are its own (the case's actions are cases.services)."""

from django.db import transaction

from asiointi.handling.models import QueuePreference


@transaction.atomic
def queue_preference_set(*, user, filters_open: bool) -> QueuePreference:
    """Remember whether the staff member keeps the queue's filter panel open."""
    preference, _created = QueuePreference.objects.update_or_create(
        user=user, defaults={"filters_open": filters_open}
    )
    return preference
