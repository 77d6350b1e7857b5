"""A service's feedback promise and reminder thresholds are data an administrator can change."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from asiointi.testing.builders import feedback_service

pytestmark = pytest.mark.django_db


def test_the_second_reminder_must_come_after_the_first():
    service = feedback_service("kirjastot")
    service.feedback_first_reminder_days = 7
    service.feedback_second_reminder_days = 7
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        service.full_clean()
    assert "The second feedback reminder must come later than the first." in str(refused.value)


def test_the_thresholds_are_edited_in_the_admin(admin_client):
    service = feedback_service("kirjastot")
    page = admin_client.get(f"/yllapito/catalogue/service/{service.pk}/change/")
    assert page.status_code == 200
    for field in (
        "feedback_promise_days",
        "feedback_first_reminder_days",
        "feedback_second_reminder_days",
        "accepts_feedback",
        "keywords",
    ):
        assert f'name="{field}"' in page.content.decode()
