"""Record numbers under concurrent submits, and the same draft sent twice at the same moment.

Each thread has its own database connection, so these exercise the database's real locking
(row locks on PostgreSQL; the write lock of IMMEDIATE transactions on SQLite).
"""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from asiointi.cases.models import Case, CaseVersion
from asiointi.cases.record_numbers import next_record_number
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.sending import case_send
from asiointi.common.errors import Conflict
from asiointi.testing.fixtures import valid_answers

pytestmark = pytest.mark.django_db(transaction=True)


def run_in_parallel(functions) -> list:
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait(timeout=10)
            results[index] = function()
        except Exception as error:  # collected and asserted by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_parallel_submits_get_unique_consecutive_numbers(general_call, representative, association):
    drafts = [
        case_create_draft(actor=representative, grant_call=general_call, organisation=association)
        for _ in range(8)
    ]
    data = valid_answers(association, representative)

    def submit(case):
        return lambda: case_send(actor=representative, case=case, data=data).record_number

    results = run_in_parallel([submit(case) for case in drafts])
    assert not [r for r in results if isinstance(r, Exception)], results
    year = timezone.localdate().year
    assert sorted(results) == [f"ASI-{year}-{n:06d}" for n in range(1, 9)]


def test_the_same_draft_sent_twice_at_once_gives_one_version(draft, representative, association):
    data = valid_answers(association, representative)
    lock_version = draft.lock_version

    def send():
        return case_send(
            actor=representative, case=draft, data=data, expected_lock_version=lock_version
        )

    results = run_in_parallel([send, send])
    conflicts = [r for r in results if isinstance(r, Conflict)]
    assert len(conflicts) == 1
    assert CaseVersion.objects.filter(case=draft).count() == 1
    assert Case.objects.get(pk=draft.pk).record_number.endswith("-000001")


def test_a_rolled_back_submit_gives_its_number_back(general_call, representative, association):
    year = timezone.localdate().year
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_record_number(year) == f"ASI-{year}-000001"
        raise RuntimeError("the submit failed after taking a number")
    case = case_create_draft(
        actor=representative, grant_call=general_call, organisation=association
    )
    case = case_send(
        actor=representative, case=case, data=valid_answers(association, representative)
    )
    assert case.record_number == f"ASI-{year}-000001"


def test_record_number_needs_the_submit_transaction():
    with pytest.raises(RuntimeError):
        next_record_number(2026)
