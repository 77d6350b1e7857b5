"""Reviews with a proposal ready for the official, built through the services an official uses
(the client's choice by phone, a declared income, the proposal)."""

import datetime
from decimal import Decimal

from asiointi.fees import consents, proposals, records
from asiointi.fees.constants import Channel, IncomeChoice, IncomeKind, IncomeSource, Subject
from asiointi.fees.models import IncomeReview

YEAR_BEFORE = (datetime.date(2025, 12, 1), datetime.date(2026, 11, 30))


def declared_pension(review: IncomeReview, official, *, gross="1650.00", net="1300.00"):
    return records.income_record_add(
        review,
        actor=official,
        source=IncomeSource.DECLARED,
        subject=Subject.CLIENT,
        kind=IncomeKind.PENSION,
        gross_monthly=Decimal(gross),
        net_monthly=Decimal(net),
        period_start=YEAR_BEFORE[0],
        period_end=YEAR_BEFORE[1],
        payer="Keva",
    )


def proposed(review: IncomeReview, official, **income) -> IncomeReview:
    """The client declared a pension on paper; the proposal is computed (status PROPOSED)."""
    consents.review_record_choice(
        review, choice=IncomeChoice.DECLARED, channel=Channel.PAPER, actor=official
    )
    declared_pension(review, official, **income)
    proposals.review_propose(review)
    review.refresh_from_db()
    return review
