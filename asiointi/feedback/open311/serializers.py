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

from asiointi.common.i18n import pick
from asiointi.feedback.constants import (
    OPEN_STATUSES,
    FeedbackEventKind,
    FeedbackStatus,
    FeedbackType,
    Publication,
)
from asiointi.feedback.models import Feedback, format_request_id
from asiointi.feedback.open311.catalogue import Catalogue, ServiceEntry

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


def timestamp(value: datetime.datetime | None, zone: datetime.tzinfo) -> str | None:
    """ISO 8601 in ``zone`` (Helsinki time) with its offset, e.g. ``2026-11-23T10:15:00+02:00``.

    The caller resolves the zone once per answer (``timezone.get_current_timezone()``), not
    once per timestamp as ``timezone.localtime`` would."""
    if value is None:
        return None
    return value.astimezone(zone).isoformat(timespec="seconds")


def absolute(path: str) -> str:
    return settings.SITE_URL + path


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


def service(service: ServiceEntry, language: str) -> dict:
    return {
        "service_code": service.code,
        "service_name": service.name[language],
        "description": pick(service.description, language),
        # Every service has the optional ``type`` attribute (services/{code}).
        "metadata": True,
        "type": "realtime",
        "keywords": service.keywords,
        "group": service.department.name[language] if service.department else "",
    }


def service_definition(service: ServiceEntry, language: str) -> dict:
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


def _photo_url_parts() -> tuple[str, str] | None:
    """The public photo view's URL before and after the photo's id, reversed once per answer.
    It belongs to the feedback board; its URLs are in the default language (no prefix) whatever
    language this request runs in."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            url = absolute(reverse("feedback:public_photo", args=[_PLACEHOLDER]))
        except NoReverseMatch:
            return None
    before, after = url.rsplit(str(_PLACEHOLDER), 1)
    return before, after


_PLACEHOLDER = 987654321


def _title(description: str) -> str:
    first_line = description.strip().split("\n", 1)[0].strip()
    if len(first_line) > TITLE_LENGTH:
        first_line = first_line[: TITLE_LENGTH - 1].rstrip() + "…"
    return first_line


def requests(rows: list[dict], *, catalogue: Catalogue, extensions: bool, language: str) -> list:
    """Requests from the selectors' plain rows (``selectors.SHOWN`` with ``photo_ids`` and,
    with ``extensions``, ``events``). Not yet published feedback keeps only its status: nothing
    the resident wrote or attached is shown before a moderator has removed personal data.

    Everything that is the same for each row (the time zone, the photo URL, the service and
    department names in this language, the event labels) is worked out once per call."""
    zone = timezone.get_current_timezone()
    photo_url = _photo_url_parts() if any(row["photo_ids"] for row in rows) else None
    event_notes = {}
    if extensions:
        with translation.override(language):
            event_notes = {kind: str(label) for kind, label in FeedbackEventKind.choices}
    services = catalogue.services
    departments = catalogue.departments
    pending_notice = None
    data = []
    for row in rows:
        published = row["publication"] == Publication.PUBLISHED
        photo_urls = []
        if published:
            if photo_url is not None:
                photo_urls = [f"{photo_url[0]}{pk}{photo_url[1]}" for pk in row["photo_ids"]]
            if not photo_urls and row["media_url"]:
                photo_urls = [row["media_url"]]
        elif row["publication"] == Publication.PENDING and pending_notice is None:
            pending_notice = _("Published after moderation.")
        service = services.get(row["service_id"])
        department = departments.get(row["department_id"])
        received_at, status = row["received_at"], row["status"]
        expected = None
        if status in OPEN_STATUSES and row["reply_wanted"]:
            days = service.feedback_promise_days if service else DEFAULT_PROMISE_DAYS
            expected = received_at + datetime.timedelta(days=days)
        lat, long = row["lat"], row["long"]
        item = {
            "service_request_id": format_request_id(received_at.year, row["id"]),
            "status": "open" if status in OPEN_STATUSES else "closed",
            "status_notes": row["public_answer"] if published else "",
            "service_name": service.name[language] if service else "",
            "service_code": service.code if service else "",
            "description": row["public_description"] if published else "",
            "agency_responsible": department.name[language] if department else "",
            "service_notice": pending_notice if row["publication"] == Publication.PENDING else "",
            "requested_datetime": received_at.astimezone(zone).isoformat(timespec="seconds"),
            "updated_datetime": timestamp(row["updated_at"], zone),
            "expected_datetime": timestamp(expected, zone),
            "address": row["address"] if published else "",
            "address_id": row["address_id"] if published else "",
            "zipcode": "",
            "lat": float(lat) if published and lat is not None else None,
            "long": float(long) if published and long is not None else None,
            "media_url": photo_urls[0] if photo_urls else "",
        }
        if extensions:
            item["extended_attributes"] = {
                "title": _title(row["public_description"]) if published else "",
                "detailed_status": DETAILED_STATUS.get(status, status.upper()),
                "media_urls": photo_urls,
                "request_history": [
                    {
                        "time": created_at.astimezone(zone).isoformat(timespec="seconds"),
                        "status": EVENT_STATUS.get(kind, kind.upper()),
                        "note": event_notes[kind],
                    }
                    for kind, created_at in row["events"]
                ],
            }
        data.append(item)
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
