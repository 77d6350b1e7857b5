"""Emails about feedback. The receipt carries the tracking code and the status link."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from asiointi.feedback.models import Feedback


def status_url(feedback: Feedback) -> str:
    with translation.override(feedback.language):
        path = reverse("feedback:status", args=[feedback.tracking_code])
    return settings.SITE_URL + path


def queue_receipt(feedback: Feedback) -> None:
    """After commit: email the receipt if the resident gave an address."""
    if not feedback.contact_email:
        return
    from asiointi.feedback.tasks import send_receipt

    transaction.on_commit(lambda: send_receipt.enqueue(feedback.pk))


def send_receipt_email(feedback_id: int) -> None:
    feedback = Feedback.objects.select_related("service").filter(pk=feedback_id).first()
    if feedback is None or not feedback.contact_email:
        return
    with translation.override(feedback.language):
        context = {"feedback": feedback, "link": status_url(feedback)}
        subject = render_to_string("feedback/email/receipt_subject.txt", context).strip()
        body = render_to_string("feedback/email/receipt_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [feedback.contact_email])
