"""Payments in the admin, read-only: every change goes through the payments services, which keep
batches, statuses and the applicant's timeline consistent. An instalment and a payment request
are a case's data: shown under the case rules (asiointi/common/admin_access.py)."""

from django.contrib import admin

from asiointi.common.admin_access import CaseDataAdmin, ReadOnlyAdmin
from asiointi.payments.models import Payment, PaymentBatch, PaymentRequest


@admin.register(PaymentBatch)
class PaymentBatchAdmin(ReadOnlyAdmin):
    list_display = ("message_id", "status", "execution_date", "payment_count", "total", "paid_on")
    list_filter = ("status",)
    search_fields = ("message_id",)


@admin.register(Payment)
class PaymentAdmin(CaseDataAdmin):
    list_display = ("case", "number", "amount", "status", "payee_name", "batch", "paid_on")
    list_filter = ("status",)
    list_select_related = ("case", "batch")
    search_fields = ("case__record_number", "payee_name")


@admin.register(PaymentRequest)
class PaymentRequestAdmin(CaseDataAdmin):
    case_path = "payment__case"
    list_display = ("payment", "status", "sent_at", "handled_at")
    list_filter = ("status",)
    list_select_related = ("payment__case",)
