"""Emails about feedback. The receipt carries the tracking code and the status link."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from asiointi.accounts.models import User
from asiointi.common.queue import enqueue_on_commit
from asiointi.feedback.models import Feedback


def status_url(feedback: Feedback) -> str:
    with translation.override(feedback.language):
        path = reverse("feedback:status", args=[feedback.tracking_code])
    return settings.SITE_URL + path


def queue_receipt(feedback: Feedback) -> None:
    """After commit: email the receipt if the resident gave an address. Call it inside the
    transaction that stores the feedback (common/queue.py)."""
    if not feedback.contact_email:
        return
    from asiointi.feedback.tasks import send_receipt

    enqueue_on_commit(send_receipt, feedback.pk)


def send_receipt_email(feedback_id: int) -> None:
    feedback = Feedback.objects.select_related("service").filter(pk=feedback_id).first()
    if feedback is None or not feedback.contact_email:
        return
    with translation.override(feedback.language):
        context = {"feedback": feedback, "link": status_url(feedback)}
        subject = render_to_string("feedback/email/receipt_subject.txt", context).strip()
        body = render_to_string("feedback/email/receipt_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [feedback.contact_email])


# Reminders to handlers (feedback.reminders): the number, the age and the handler page's link;
# never the resident's text or contact details.


def handler_url(feedback_id: int, language: str | None = None) -> str:
    """The handler page's address in ``language`` (its /sv/ or /en/ prefix; Finnish: none)."""
    from django.urls import NoReverseMatch

    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            path = reverse("feedback_handling:detail", args=[feedback_id])
        except NoReverseMatch:  # the handler pages' URL name; the same path
            path = f"/kasittely/palaute/{feedback_id}/"
    return settings.SITE_URL + path


def queue_reminders(reminder_ids: list[int]) -> None:
    """After commit: one task emails a sweep batch's reminders to the recipients stored on them."""
    from asiointi.feedback.tasks import send_reminders

    enqueue_on_commit(send_reminders, reminder_ids)


def send_reminder_email(reminder_id: int) -> None:
    from asiointi.feedback.models import FeedbackReminder

    reminder = FeedbackReminder.objects.select_related("feedback").filter(pk=reminder_id).first()
    if reminder is None or not reminder.recipients:
        return
    feedback = reminder.feedback
    languages = _languages_of(reminder.recipients)
    rendered: dict[str, tuple[str, str]] = {}
    # One message per handler, in their preferred language: the addresses of colleagues are not
    # shared around.
    for address in reminder.recipients:
        language = languages.get(address, settings.LANGUAGE_CODE)
        if language not in rendered:
            rendered[language] = _render_reminder(reminder, feedback, language)
        subject, body = rendered[language]
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])


def _languages_of(addresses: list[str]) -> dict[str, str]:
    """The preferred language of the staff member behind each address (Finnish if unknown)."""
    supported = dict(settings.LANGUAGES)
    rows = User.objects.filter(email__in=addresses, is_active=True).order_by("pk")
    languages: dict[str, str] = {}
    for email, language in rows.values_list("email", "preferred_language"):
        if language in supported:
            languages.setdefault(email, language)
    return languages


def _render_reminder(reminder, feedback, language: str) -> tuple[str, str]:
    with translation.override(language):
        context = {
            "number": feedback.request_id,
            "level": reminder.level,
            "age_days": (reminder.created_at - feedback.received_at).days,
            "received_at": feedback.received_at,
            "link": handler_url(feedback.pk, language),
        }
        subject = render_to_string("feedback/email/reminder_subject.txt", context).strip()
        body = render_to_string("feedback/email/reminder_body.txt", context)
    return subject, body


def queue_answer(feedback: Feedback) -> None:
    """After commit: email the answer if the resident gave an address."""
    if not feedback.contact_email:
        return
    from asiointi.feedback.tasks import send_answer

    enqueue_on_commit(send_answer, feedback.pk)


def queue_forwarded(feedback: Feedback) -> None:
    """After commit: tell the resident where a forwarded matter went."""
    if not feedback.contact_email:
        return
    from asiointi.feedback.tasks import send_forwarded

    enqueue_on_commit(send_forwarded, feedback.pk)


def _send_handling_email(feedback_id: int, template: str) -> None:
    feedback = Feedback.objects.select_related("service").filter(pk=feedback_id).first()
    if feedback is None or not feedback.contact_email:
        return
    with translation.override(feedback.language):
        context = {"feedback": feedback, "link": status_url(feedback)}
        subject = render_to_string(f"feedback/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"feedback/email/{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [feedback.contact_email])


def send_answer_email(feedback_id: int) -> None:
    _send_handling_email(feedback_id, "answer")


def send_forwarded_email(feedback_id: int) -> None:
    _send_handling_email(feedback_id, "forwarded")
