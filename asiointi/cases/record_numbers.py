"""Record numbers ASI-YYYY-NNNNNN: unique and gap-free per year.

The counter row is incremented with one upsert (common/counters.py) inside the caller's
transaction. The row lock it takes makes concurrent submits wait for each other, and a submit
that rolls back gives its number back, so no number is ever skipped or used twice.
"""

from django.conf import settings
from django.db import transaction

from asiointi.cases.models import RecordNumberSequence
from asiointi.common.counters import increment


def next_record_number(year: int) -> str:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_record_number must run inside the submit transaction")
    value = increment(RecordNumberSequence, keys={"year": year}, field="last_value")
    return f"{settings.RECORD_NUMBER_PREFIX}-{year}-{value:06d}"
