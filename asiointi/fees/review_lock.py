"""The one way a fee service re-reads an income review before changing it or what hangs on it
(its incomes, consents, proposal, decision): under a row lock on the review alone, its client
read in the same query. Two changes to one review (a handler and a registry fetch, two tabs)
take turns instead of overwriting each other."""

from asiointi.fees.models import IncomeReview


def lock_review(review_id: int, *, related: tuple[str, ...] = ("client",)) -> IncomeReview:
    return (
        IncomeReview.objects.select_for_update(of=("self",))
        .select_related(*related)
        .get(pk=review_id)
    )
