"""Shared by the assistance tests: the audit rows of confidential reads, and Aino's application
with processing started by Sanna."""

import pytest

from asiointi.cases.models import CaseReadAudit
from asiointi.testing.fixtures import url


def audit_rows() -> list[tuple]:
    """Who read which case, why (``ReadPurpose``) and what, in the order logged."""
    return list(CaseReadAudit.objects.values_list("reader", "case", "purpose", "what"))


@pytest.fixture
def in_processing(client, submitted_assistance, social_worker):
    """Aino's case, processing started by Sanna (so the decision form is offered); the client is
    logged in as Sanna and the reads so far are cleared."""
    client.force_login(social_worker)
    client.post(
        url("handling:start_processing", submitted_assistance.pk),
        {"lock_version": submitted_assistance.lock_version},
    )
    submitted_assistance.refresh_from_db()
    CaseReadAudit.objects.all().delete()
    return submitted_assistance
