"""Who may see a fee client's review.

Incomes are among the most sensitive data we hold, so there is no cross-department read: staff
see a review only as members of the client's department (the department that provides the
service), and a client sees only their own reviews. Everyone else gets ``NotFound`` — the same
answer as for a review that does not exist.
"""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from asiointi.common.errors import NotFound
from asiointi.fees.models import IncomeReview
from asiointi.organisation.models import Membership


def _not_found() -> NotFound:
    return NotFound(_("No such income review."))


def reviews_for_staff(actor) -> QuerySet[IncomeReview]:
    """Reviews of the departments the actor is a member of."""
    departments = Membership.objects.filter(user=actor).values("department_id")
    return IncomeReview.objects.filter(client__department_id__in=departments)


def access_review_for_staff(actor, review_id: int) -> IncomeReview:
    try:
        return reviews_for_staff(actor).select_related("client", "client__person").get(pk=review_id)
    except (IncomeReview.DoesNotExist, ValueError, TypeError):
        raise _not_found() from None


def reviews_for_client(user) -> QuerySet[IncomeReview]:
    return IncomeReview.objects.filter(client__person=user)


def access_review_for_client(user, review_id: int) -> IncomeReview:
    try:
        return reviews_for_client(user).select_related("client").get(pk=review_id)
    except (IncomeReview.DoesNotExist, ValueError, TypeError):
        raise _not_found() from None
