"""Record numbers ASI-YYYY-NNNNNN: unique and gap-free per year.

The counter row is incremented with an UPDATE inside the caller's transaction. The row lock it
takes makes concurrent submits wait for each other, and a submit that rolls back gives its number
back, so no number is ever skipped or used twice.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F

from asiointi.cases.models import RecordNumberSequence


def next_record_number(year: int) -> str:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_record_number must run inside the submit transaction")
    RecordNumberSequence.objects.bulk_create(
        [RecordNumberSequence(year=year)], ignore_conflicts=True
    )
    RecordNumberSequence.objects.filter(year=year).update(last_value=F("last_value") + 1)
    value = RecordNumberSequence.objects.values_list("last_value", flat=True).get(year=year)
    return f"{settings.RECORD_NUMBER_PREFIX}-{year}-{value:06d}"
