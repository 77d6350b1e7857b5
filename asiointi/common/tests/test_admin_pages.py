"""The admin shows decision lists and payments, and offers no way to change them: every write
goes through the services, which keep statuses, batches and the applicant's timeline consistent."""

import pytest
from django.urls import reverse

from asiointi.accounts.models import User

pytestmark = pytest.mark.django_db

MODELS = [
    "grants_decisionlist",
    "grants_decisionlistevent",
    "payments_paymentbatch",
    "payments_payment",
    "payments_paymentrequest",
]


@pytest.mark.parametrize("model", MODELS)
def test_admin_lists_the_model_read_only(client, model):
    admin_user = User.objects.create_superuser("admin", "admin@example.fi", "x" * 20)
    client.force_login(admin_user)
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{model}_add")).status_code == 403
