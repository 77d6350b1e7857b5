"""A handler of the case's department accepts or returns a payment request (one POST, one
service call), from the payment section of the handler's case page."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asiointi.cases.access import access_case_for_handler
from asiointi.common.forms import anchored_error_summary
from asiointi.common.web import int_or_none, not_found_as_404, run_action
from asiointi.handling.access import staff_member_required
from asiointi.handling.case_page import render_case_page
from asiointi.payments.access import access_payment, access_payment_request
from asiointi.payments.services import instalments, requests


def _back(case) -> str:
    return reverse("handling:case", args=[case.pk]) + "#payments"


@staff_member_required
@require_POST
@not_found_as_404
def request_accept(request, case_id, request_id):
    case = access_case_for_handler(request.user, case_id)
    payment_request = access_payment_request(case, request_id)
    return run_action(
        request,
        lambda: requests.payment_request_accept(
            actor=request.user,
            payment_request=payment_request,
            expected_lock_version=int_or_none(request.POST.get("lock_version")),
        ),
        success=lambda _accepted: (
            _("The payment request has been accepted. Instalment %(number)s is ready for payment.")
            % {"number": payment_request.payment.number}
        ),
        redirect_to=_back(case),
    )


@staff_member_required
@require_POST
@not_found_as_404
def request_return(request, case_id, request_id):
    case = access_case_for_handler(request.user, case_id)
    payment_request = access_payment_request(case, request_id)
    reason = request.POST.get("reason", "")
    return run_action(
        request,
        lambda: requests.payment_request_return(
            actor=request.user,
            payment_request=payment_request,
            reason=reason,
            expected_lock_version=int_or_none(request.POST.get("lock_version")),
        ),
        success=_("The payment request has been returned to the applicant."),
        redirect_to=_back(case),
        invalid=lambda error: render_case_page(
            request,
            case,
            status=422,
            payment_errors={
                "request": payment_request.pk,
                "message": error.message,
                **error.errors,
            },
            payment_summary=anchored_error_summary(
                error.errors, {"reason": f"return-reason-{payment_request.pk}"}
            ),
            payment_values={"reason": reason},
        ),
    )


@staff_member_required
@require_POST
@not_found_as_404
def change_account(request, case_id, number):
    case = access_case_for_handler(request.user, case_id)
    payment = access_payment(case, number)
    values = {
        "bank_account": request.POST.get("bank_account", ""),
        "reason": request.POST.get("reason", ""),
    }
    return run_action(
        request,
        lambda: instalments.payment_change_account(
            actor=request.user,
            payment=payment,
            bank_account=values["bank_account"],
            reason=values["reason"],
            expected_lock_version=int_or_none(request.POST.get("lock_version")),
        ),
        success=_("The account of instalment %(number)s has been changed.")
        % {"number": payment.number},
        redirect_to=_back(case),
        invalid=lambda error: render_case_page(
            request,
            case,
            status=422,
            account_errors={"instalment": payment.number, "message": error.message, **error.errors},
            account_summary=anchored_error_summary(
                error.errors,
                {
                    "bank_account": f"account-iban-{payment.number}",
                    "reason": f"account-reason-{payment.number}",
                },
            ),
            account_values=values,
        ),
    )
