"""Reads for the client's own fee pages in the e-services folder (issue 5).

Everything starts from ``access.reviews_for_client``: a person sees only the reviews of their own
fee clients. The texts say in plain words where the review is and what, if anything, is expected
of the client; the staff words of ``ReviewStatus`` ("Proposal ready for the official") are not
meant for them.
"""

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _

from asiointi.common.errors import NotFound
from asiointi.fees import consents
from asiointi.fees.access import reviews_for_client
from asiointi.fees.constants import IncomeChoice, IncomeSource, ReviewStatus
from asiointi.fees.models import FeeDecision, IncomeReview

# How many reviews the folder lists: a client has about one a year per service.
FOLDER_ROWS = 50


def folder_fee_reviews(user) -> list[IncomeReview]:
    """The person's reviews for the folder, open ones first, then the newest period; each with
    its client, department and decision (if any) in the same single query."""
    reviews = list(
        reviews_for_client(user)
        .select_related("client", "client__department", "decision")
        .annotate(
            decided_last=Case(
                When(status=ReviewStatus.DECIDED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("decided_last", "-period_start", "-pk")[:FOLDER_ROWS]
    )
    for review in reviews:
        review.fee_decision = decision_or_none(review)
        review.client_status = client_status(review)
        review.expected = expected_of_client(review)
    return reviews


def decision_or_none(review: IncomeReview) -> FeeDecision | None:
    try:
        return review.decision
    except FeeDecision.DoesNotExist:
        return None


def review_decision(review: IncomeReview) -> FeeDecision | None:
    return FeeDecision.objects.select_related("decided_by").filter(review=review).first()


def review_consents(review: IncomeReview) -> list:
    """Every consent of the review, newest first (a withdrawn one stays visible as withdrawn)."""
    return list(review.consents.order_by("-given_at", "-pk"))


def declared_incomes(review: IncomeReview) -> list:
    """What the client (or staff from a paper form) declared, with the attachments' names."""
    return list(
        review.incomes.filter(source=IncomeSource.DECLARED)
        .select_related("attachment")
        .order_by("period_start", "pk")
    )


def decision_for_client(user, decision_id) -> FeeDecision:
    """The client's own decision (for the letter download); ``NotFound`` for anyone else's."""
    try:
        return FeeDecision.objects.select_related("review").get(
            pk=decision_id, review__in=reviews_for_client(user)
        )
    except (FeeDecision.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such decision.")) from None


def review_is_choosable(review: IncomeReview) -> bool:
    """The client may (re)choose while the review waits for the choice or collects incomes, or
    was proposed by the batch without a choice."""
    return consents.is_choosable(review)


def client_status(review: IncomeReview) -> str:
    """Where the review is, in the client's words."""
    if review.status == ReviewStatus.WAITING_FOR_CLIENT:
        return _("Waiting for your choice")
    if review.status == ReviewStatus.COLLECTING:
        if review.choice == IncomeChoice.CONSENT:
            return _("Your income data is being fetched from the authorities")
        if review.choice == IncomeChoice.DECLARED:
            return _("Waiting for your income declaration")
        return _("Your fee is being prepared")
    if review.status == ReviewStatus.PROPOSED:
        return _("Being processed: an official will make the decision")
    return _("Decided")


def expected_of_client(review: IncomeReview) -> str:
    """What the client should do now; empty when nothing."""
    if review.status == ReviewStatus.WAITING_FOR_CLIENT:
        return _("Your choice is needed")
    if review.status == ReviewStatus.COLLECTING and review.choice == IncomeChoice.DECLARED:
        return _("Declare your incomes and send them")
    return ""
