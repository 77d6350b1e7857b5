"""One status label everywhere: each model that has statuses gives their tones next to them, and
``{% status_label %}`` draws the design system's label in that tone."""

import pytest
from django.apps import apps
from django.template import Context, Template

from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case
from asiointi.feedback.constants import FeedbackStatus
from asiointi.feedback.models import Feedback
from asiointi.payments.constants import PaymentStatus
from asiointi.payments.models import Payment

TONES = {"", "info", "success", "alert", "error"}


def label(thing, **options) -> str:
    arguments = " ".join(f'{name}="{value}"' for name, value in options.items())
    template = Template("{% load asiointi %}{% status_label thing " + arguments + " %}")
    return template.render(Context({"thing": thing}))


def test_every_models_tones_name_its_own_statuses_and_known_tones():
    with_tones = [model for model in apps.get_models() if hasattr(model, "status_tones")]
    assert {model.__name__ for model in with_tones} >= {
        "Payment",
        "PaymentRequest",
        "PaymentBatch",
        "DecisionList",
        "Feedback",
        "IncomeReview",
    }
    for model in with_tones:
        statuses = {value for value, _label in model._meta.get_field("status").choices}
        assert set(model.status_tones) <= statuses, model
        assert set(model.status_tones.values()) <= TONES, model


@pytest.mark.parametrize(
    ("thing", "expected"),
    [
        (Payment(status=PaymentStatus.PAID), "hds-status-label hds-status-label--success"),
        (Payment(status=PaymentStatus.AWAITING_REQUEST), "hds-status-label--alert"),
        (Feedback(status=FeedbackStatus.RECEIVED), "hds-status-label--info"),
        (Case(status=CaseStatus.AWAITING_SUPPLEMENT), "hds-status-label--alert"),
        (Case(status=CaseStatus.DECIDED), "hds-status-label--success"),
    ],
)
def test_the_label_takes_the_models_tone(thing, expected):
    html = label(thing)
    assert expected in html
    assert f">{thing.get_status_display()}</span>" in html


def test_a_status_without_a_tone_is_a_neutral_label():
    html = label(Feedback(status=FeedbackStatus.FORWARDED))
    assert html.startswith('<span class="hds-status-label status-forwarded">')


def test_the_page_may_override_the_text_and_add_its_own_class():
    html = label(Payment(status=PaymentStatus.PAID), text="Maksettu", css="payment-status")
    assert html == (
        '<span class="hds-status-label hds-status-label--success status-paid payment-status">'
        "Maksettu</span>"
    )
