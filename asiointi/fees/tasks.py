"""Background work for fee decisions: thin tasks that load by primary key, idempotent."""

from django.tasks import task


@task()
def store_fee_letter(decision_id: int) -> None:
    """Render the decision letter PDF and store it on the decision (once)."""
    from asiointi.fees.letters import fee_letter_store

    fee_letter_store(decision_id)


@task()
def notify_fee_decision(decision_id: int) -> None:
    """Email the client that the decision is in their e-services folder."""
    from asiointi.fees.decisions import send_decision_email

    send_decision_email(decision_id)


@task()
def fetch_and_propose(review_id: int) -> None:
    """Fetch the incomes a client consented to and compute the proposal, so that a consent
    given online reaches the official without waiting for the annual batch. Runs outside any
    transaction (the registries are called over HTTP). Without a valid consent (withdrawn
    meanwhile) nothing is fetched; registry failures are recorded and flag the proposal."""
    from asiointi.fees import fetching, proposals
    from asiointi.fees.constants import ReviewStatus
    from asiointi.fees.models import IncomeReview

    review = IncomeReview.objects.select_related("client").get(pk=review_id)
    if review.status != ReviewStatus.COLLECTING:
        return
    try:
        proposals.review_fetch_and_propose(review)
    except fetching.ConsentMissing:
        return
