from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    # The grant call wants a payment request (maksatuspyyntö) from the applicant first.
    AWAITING_REQUEST = "awaiting_request", _("Awaiting payment request")
    # A payment request was sent and waits for the handler.
    REQUESTED = "requested", _("Payment request sent")
    # Ready for finance: finance staff approve it into a payment batch.
    READY = "ready", _("Ready for payment")
    APPROVED = "approved", _("Approved for payment")
    PAID = "paid", _("Paid")
