"""The applicant sends a payment request (maksatuspyyntö) for an instalment from the
application page of their e-services folder."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asiointi.cases.access import access_case_for_applicant
from asiointi.cases.views.case_page import case_page_context
from asiointi.common.forms import anchored_error_summary
from asiointi.common.web import int_or_none, not_found_as_404, run_action
from asiointi.payments.access import access_payment
from asiointi.payments.constants import PAYMENT_REQUEST_ATTACHMENT_KINDS
from asiointi.payments.services import requests

# The inputs of the payment request form, for the error summary.
REQUEST_ANCHORS = {
    "report": "payment-report",
    "bank_account": "payment-bank_account",
    "files": "payment-files_usage_report",
}


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

    def invalid(error):
        context = case_page_context(
            request,
            case.pk,
            payment_errors={"message": error.message, **error.errors},
            payment_summary=anchored_error_summary(error.errors, REQUEST_ANCHORS),
            payment_values=values,
        )
        return render(request, "cases/detail.html", context, status=422)

    return run_action(
        request,
        lambda: requests.payment_request_send(
            actor=request.user,
            payment=payment,
            report=values["report"],
            bank_account=values["bank_account"],
            files=_posted_files(request),
            expected_lock_version=int_or_none(request.POST.get("lock_version")),
        ),
        success=_("Your payment request for instalment %(number)s has been sent.")
        % {"number": payment.number},
        redirect_to=reverse("cases:detail", args=[case.pk]) + "#payments",
        invalid=invalid,
    )
