"""The applicant sends a payment request (maksatuspyyntö) for an instalment from the
application page of their e-services folder."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asiointi.cases.access import access_case_for_applicant
from asiointi.cases.views.case import _detail_context
from asiointi.common.errors import DomainError, NotFound, ValidationFailed
from asiointi.common.web import int_or_none, not_found_as_404
from asiointi.payments import services
from asiointi.payments.access import access_payment
from asiointi.payments.constants import PAYMENT_REQUEST_ATTACHMENT_KINDS


def _posted_files(request) -> list:
    # One file input per attachment kind, each taking several files.
    return [
        (kind, upload)
        for kind in PAYMENT_REQUEST_ATTACHMENT_KINDS
        for upload in request.FILES.getlist(f"files_{kind}")
    ]


@login_required
@require_POST
@not_found_as_404
def request_send(request, case_id):
    case = access_case_for_applicant(request.user, case_id)
    payment = access_payment(case, request.POST.get("instalment"))
    values = {key: request.POST.get(key, "") for key in ("report", "bank_account")}
    try:
        services.payment_request_send(
            actor=request.user,
            payment=payment,
            report=values["report"],
            bank_account=values["bank_account"],
            files=_posted_files(request),
            expected_lock_version=int_or_none(request.POST.get("lock_version")),
        )
    except NotFound:
        raise
    except ValidationFailed as error:
        context = _detail_context(
            request,
            case.pk,
            payment_errors={"message": error.message, **error.errors},
            payment_values=values,
        )
        return render(request, "cases/detail.html", context, status=422)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Your payment request for instalment %(number)s has been sent.")
            % {"number": payment.number},
        )
    return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]) + "#payments")
