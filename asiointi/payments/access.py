"""Who may see and act on payments. Objects a user may not see are "not found", never
"forbidden" (asiointi/cases/access.py).

- The applicant side reaches payments through their case (``access_case_for_applicant``).
- Handlers of the case's department reach payment requests through the case
  (``access_case_for_handler``).
- Finance staff (the FINANCE role in any department: finance works city-wide) reach the list
  of payments and the batches. Everybody else, handlers included, gets 404 there.
"""

import functools

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext as _

from asiointi.cases.models import Case
from asiointi.common.errors import NotFound
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Membership
from asiointi.payments.models import Payment, PaymentBatch, PaymentRequest


def is_finance(user) -> bool:
    """Asked once per request: the answer is kept on the user object of the request."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_is_finance"):
        user._is_finance = Membership.objects.filter(user=user, role=StaffRole.FINANCE).exists()
    return user._is_finance


def require_finance(user) -> None:
    """Services check it again: the view's check may be older than the role."""
    if not is_finance(user):
        raise NotFound(_("Page not found."))


def finance_required(view):
    """Log in first; then only finance staff get through (others: 404)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_finance(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def access_batch(user, batch_id) -> PaymentBatch:
    require_finance(user)
    try:
        return PaymentBatch.objects.select_related("created_by", "marked_paid_by").get(
            pk=int(batch_id)
        )
    except (PaymentBatch.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("Payment batch not found.")) from None


def access_payment(case: Case, number) -> Payment:
    """An instalment of a case the caller already has access to."""
    try:
        return case.payments.get(number=int(number))
    except (Payment.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("Instalment not found.")) from None


def access_payment_request(case: Case, request_id) -> PaymentRequest:
    """A payment request of a case the caller already has access to (as its handler)."""
    try:
        return PaymentRequest.objects.select_related("payment").get(
            pk=int(request_id), payment__case=case
        )
    except (PaymentRequest.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("Payment request not found.")) from None
