"""Emails to applicants. They tell *that* something changed and where to look — never the content
of a message or an application, because ordinary email is not a secure channel."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from asiointi.cases.constants import EventKind
from asiointi.cases.models import TimelineEvent


def _recipients(case) -> list[str]:
    addresses = [case.applicant.email]
    if case.organisation and case.organisation.email:
        addresses.append(case.organisation.email)
    return [a for a in dict.fromkeys(addresses) if a]


def send_event_notification(event_id: int) -> None:
    event = (
        TimelineEvent.objects.select_related(
            "case",
            "case__applicant",
            "case__organisation",
            "case__service",
            "case__service__department",
            "case__handler",
            "case__department",
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return
    case = event.case
    recipients = _recipients(case)
    if not recipients:
        return
    with translation.override(case.applicant.preferred_language or "fi"):
        link = settings.SITE_URL + reverse("cases:detail", args=[case.pk])
        context = {
            "case": case,
            "event": event,
            "link": link,
            "receipt": event.kind == EventKind.SUBMITTED,
        }
        subject = render_to_string("cases/email/event_subject.txt", context).strip()
        body = render_to_string("cases/email/event_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
