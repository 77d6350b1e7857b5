"""Finance's pages (maksatus = payment): payments ready for payment, batches, the pain.001 file.

Only finance staff get in (``finance_required``); everyone else, handlers included, gets 404.
Errors from the services are answered by ``common.web.run_action``: ValidationFailed re-renders
the page with an error summary, a conflict or a refused transition becomes a message and a
redirect.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from stdnum import iban as stdnum_iban

from asiointi.common.forms import anchored_error_summary
from asiointi.common.web import int_or_none, not_found_as_404, run_action
from asiointi.organisation.models import Department
from asiointi.payments import selectors
from asiointi.payments.access import access_batch, finance_required
from asiointi.payments.sepa import batch_filename, batch_pain001
from asiointi.payments.services import batches

PAGE_SIZE = 50


def _filters(request) -> selectors.ReadyFilters:
    return selectors.ReadyFilters(
        department_id=int_or_none(request.GET.get("department")),
        query=(request.GET.get("q") or "").strip()[:100],
    )


def _ready_context(request, **extra) -> dict:
    filters = _filters(request)
    page = max(int_or_none(request.GET.get("page")) or 1, 1)
    payments = selectors.ready_payment_list(filters=filters)
    rows = list(payments[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    for payment in rows[:PAGE_SIZE]:
        payment.iban_valid = stdnum_iban.is_valid(payment.payee_iban)
    return {
        "filters": filters,
        "departments": list(Department.objects.order_by("code")),
        "payments": rows[:PAGE_SIZE],
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "query_string": request.GET.urlencode(),
        **extra,
    }


@finance_required
def ready_list(request):
    return render(request, "payments/ready_list.html", _ready_context(request))


@finance_required
@require_POST
@not_found_as_404
def batch_create(request):
    chosen = [pk for pk in map(int_or_none, request.POST.getlist("payment")) if pk is not None]

    def invalid(error):
        context = _ready_context(
            request,
            error_message=error.message,
            errors=error.errors,
            error_summary=anchored_error_summary(error.errors, {"payments": "payments-table"}),
            chosen=set(chosen),
        )
        return render(request, "payments/ready_list.html", context, status=422)

    return run_action(
        request,
        lambda: batches.batch_create(actor=request.user, payment_ids=chosen),
        success=lambda batch: (
            ngettext(
                "%(count)d payment was approved into a payment batch.",
                "%(count)d payments were approved into a payment batch.",
                batch.payment_count,
            )
            % {"count": batch.payment_count}
        ),
        redirect_to=lambda batch: reverse("payments:batch", args=[batch.pk]),
        error_redirect_to=reverse("payments:ready"),
        invalid=invalid,
    )


@finance_required
def batch_list(request):
    page = max(int_or_none(request.GET.get("page")) or 1, 1)
    rows = list(selectors.batch_list()[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    return render(
        request,
        "payments/batch_list.html",
        {"batches": rows[:PAGE_SIZE], "page": page, "has_next": len(rows) > PAGE_SIZE},
    )


def _batch_context(request, batch, **extra) -> dict:
    return {
        "batch": batch,
        "payments": selectors.batch_payments(batch=batch),
        "today": timezone.localdate(),
        **extra,
    }


@finance_required
@not_found_as_404
def batch_detail(request, batch_id):
    batch = access_batch(request.user, batch_id)
    return render(request, "payments/batch_detail.html", _batch_context(request, batch))


@finance_required
@not_found_as_404
def batch_file(request, batch_id):
    batch = access_batch(request.user, batch_id)
    response = HttpResponse(batch_pain001(batch), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{batch_filename(batch)}"'
    return response


@finance_required
@require_POST
@not_found_as_404
def batch_mark_paid(request, batch_id):
    batch = access_batch(request.user, batch_id)
    paid_on = request.POST.get("paid_on", "")

    def invalid(error):
        context = _batch_context(
            request,
            batch,
            error_message=error.message,
            errors=error.errors,
            error_summary=anchored_error_summary(error.errors, {"paid_on": "paid-on"}),
            paid_on=paid_on,
        )
        return render(request, "payments/batch_detail.html", context, status=422)

    return run_action(
        request,
        lambda: batches.batch_mark_paid(
            actor=request.user,
            batch=batch,
            paid_on=paid_on,
            expected_lock_version=int_or_none(request.POST.get("lock_version")),
        ),
        success=_("The payment batch has been marked paid."),
        redirect_to=reverse("payments:batch", args=[batch.pk]),
        invalid=invalid,
    )
