"""The fee decision's email is in the client's language, and its link opens their fee page in
that language (/sv/, /en/; Finnish unprefixed)."""

import datetime

import pytest
from django.conf import settings
from django.core import mail

from asiointi.fees import decisions
from asiointi.fees.tests.decision_builders import proposed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "subject", "prefix"),
    [
        ("sv", "Ett beslut om klientavgift finns i din e-tjänstmapp", "/sv/"),
        ("en", "A client fee decision is in your e-services folder", "/en/"),
        ("fi", "Asiointikansiossasi on asiakasmaksupäätös", "/"),
    ],
)
def test_the_decision_email_is_in_the_clients_language(
    fee_review, fee_official, django_capture_on_commit_callbacks, language, subject, prefix
):
    person = fee_review.client.person
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])
    review = proposed(fee_review, fee_official)

    with django_capture_on_commit_callbacks(execute=True):
        decisions.review_decide(
            review,
            actor=fee_official,
            amount=review.proposal.amount,
            valid_from=datetime.date(2026, 12, 1),
        )

    (message,) = mail.outbox
    assert message.subject == subject
    link = f"{settings.SITE_URL}{prefix}asiointikansio/asiakasmaksut/{review.pk}/"
    assert link in message.body
