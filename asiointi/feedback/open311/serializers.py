"""Our models as GeoReport v2 data (plain dicts; ``formats`` renders them as JSON or XML).

Only public fields ever reach a request's representation: the moderated ``public_description``
and ``public_answer``, the location and public photos of published feedback, the status. The
original description, contact details and internal event details are never read here.
"""

import datetime

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from asiointi.catalogue.models import Service
from asiointi.common.i18n import pick
from asiointi.feedback.constants import (
    OPEN_STATUSES,
    FeedbackEventKind,
    FeedbackStatus,
    FeedbackType,
    Publication,
)
from asiointi.feedback.models import Feedback

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this API last changed (discovery's changeset).
CHANGESET = "2026-11-23T00:00:00+02:00"
DEFAULT_PROMISE_DAYS = 7
TITLE_LENGTH = 80

DETAILED_STATUS = {
    FeedbackStatus.RECEIVED: "RECEIVED",
    FeedbackStatus.IN_PROCESS: "IN_PROCESS",
    FeedbackStatus.ANSWERED: "PROCESSED",
    FeedbackStatus.FORWARDED: "FORWARDED",
    FeedbackStatus.CLOSED: "CLOSED",
}
# The status history's status after each public event.
EVENT_STATUS = {
    FeedbackEventKind.RECEIVED: "RECEIVED",
    FeedbackEventKind.REGISTERED_BY_STAFF: "RECEIVED",
    FeedbackEventKind.CLAIMED: "IN_PROCESS",
    FeedbackEventKind.TRANSFERRED: "TRANSFERRED",
    FeedbackEventKind.ANSWERED: "PROCESSED",
    FeedbackEventKind.FORWARDED: "FORWARDED",
    FeedbackEventKind.CLOSED: "CLOSED",
}


def timestamp(value: datetime.datetime | None) -> str | None:
    """ISO 8601 in Helsinki time with its offset, e.g. ``2026-11-23T10:15:00+02:00``."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def _name(obj, language: str) -> str:
    if obj is None:
        return ""
    return pick({"fi": obj.name_fi, "sv": obj.name_sv, "en": obj.name_en}, language)


def discovery(endpoint_url: str) -> dict:
    return {
        "changeset": CHANGESET,
        "contact": _("Open311 support: %(email)s") % {"email": settings.DEFAULT_FROM_EMAIL},
        "key_service": _("API keys for posting requests are issued by the city; ask %(email)s.")
        % {"email": settings.DEFAULT_FROM_EMAIL},
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": endpoint_url,
                "changeset": CHANGESET,
                "type": "production" if settings.PRODUCTION else "test",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }


def service(service: Service, language: str) -> dict:
    return {
        "service_code": service.code,
        "service_name": _name(service, language),
        "description": pick(service.description, language),
        # Every service has the optional ``type`` attribute (services/{code}).
        "metadata": True,
        "type": "realtime",
        "keywords": ",".join(service.keywords or []),
        "group": _name(service.department, language),
    }


def service_definition(service: Service, language: str) -> dict:
    with translation.override(language):
        values = [{"key": key, "name": str(label)} for key, label in FeedbackType.choices]
        description = _("The type of the feedback; by default feedback on a service.")
    return {
        "service_code": service.code,
        "attributes": [
            {
                "variable": True,
                "code": "type",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "",
                "order": 1,
                "description": description,
                "values": values,
            }
        ],
    }


def _photo_url(pk: int) -> str | None:
    # The public photo view belongs to the feedback board; its URLs are in the default
    # language (no prefix) whatever language this request runs in.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            return absolute(reverse("feedback:public_photo", args=[pk]))
        except NoReverseMatch:
            return None


def _title(feedback: Feedback) -> str:
    first_line = feedback.public_description.strip().split("\n", 1)[0].strip()
    if len(first_line) > TITLE_LENGTH:
        first_line = first_line[: TITLE_LENGTH - 1].rstrip() + "…"
    return first_line


def _expected(feedback: Feedback) -> datetime.datetime | None:
    if feedback.status not in OPEN_STATUSES or not feedback.reply_wanted:
        return None
    days = feedback.service.feedback_promise_days if feedback.service else DEFAULT_PROMISE_DAYS
    return feedback.received_at + datetime.timedelta(days=days)


def service_notice(feedback: Feedback) -> str:
    if feedback.publication == Publication.PENDING:
        return _("Published after moderation.")
    return ""


def request(feedback: Feedback, *, extensions: bool, language: str) -> dict:
    """One request. Not yet published feedback keeps only its status: nothing the resident
    wrote or attached is shown before a moderator has removed personal data."""
    published = feedback.publication == Publication.PUBLISHED
    photo_urls = []
    if published:
        photo_urls = [_photo_url(photo.pk) for photo in feedback.public_photos]
        photo_urls = [url for url in photo_urls if url]
        if not photo_urls and feedback.media_url:
            photo_urls = [feedback.media_url]
    data = {
        "service_request_id": feedback.request_id,
        "status": "open" if feedback.status in OPEN_STATUSES else "closed",
        "status_notes": feedback.public_answer if published else "",
        "service_name": _name(feedback.service, language),
        "service_code": feedback.service.code if feedback.service else "",
        "description": feedback.public_description if published else "",
        "agency_responsible": _name(feedback.department, language),
        "service_notice": service_notice(feedback),
        "requested_datetime": timestamp(feedback.received_at),
        "updated_datetime": timestamp(feedback.updated_at),
        "expected_datetime": timestamp(_expected(feedback)),
        "address": feedback.address if published else "",
        "address_id": feedback.address_id if published else "",
        "zipcode": "",
        "lat": float(feedback.lat) if published and feedback.lat is not None else None,
        "long": float(feedback.long) if published and feedback.long is not None else None,
        "media_url": photo_urls[0] if photo_urls else "",
    }
    if extensions:
        with translation.override(language):
            history = [
                {
                    "time": timestamp(event.created_at),
                    "status": EVENT_STATUS.get(event.kind, event.kind.upper()),
                    "note": str(FeedbackEventKind(event.kind).label),
                }
                for event in feedback.public_events
            ]
        data["extended_attributes"] = {
            "title": _title(feedback) if published else "",
            "detailed_status": DETAILED_STATUS.get(feedback.status, feedback.status.upper()),
            "media_urls": photo_urls,
            "request_history": history,
        }
    return data


def posted(feedback: Feedback) -> dict:
    return {
        "service_request_id": feedback.request_id,
        "service_notice": _(
            "Thank you. The feedback is published after moderation; track it with the token."
        ),
        "account_id": None,
        "token": feedback.tracking_code,
    }


def token(feedback: Feedback) -> dict:
    return {"service_request_id": feedback.request_id, "token": feedback.tracking_code}
