"""Receiving feedback from every channel: the public form, staff registration and Open311.

Every channel builds a ``FeedbackInput`` and calls ``feedback_submit``; validation, routing, the
tracking code and the first timeline event are the same whatever the channel
(docs/feedback-public.md).
Validation happens before anything is written, and the insert, its photos, its event and its
queued receipt are one transaction, so a refused or failed submission leaves nothing behind (not
even a photo file).
"""

import dataclasses
import datetime
import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.cases.uploads import CheckedFile, StoredFiles, UnsupportedFileType, check_upload
from asiointi.catalogue.models import Service
from asiointi.common.errors import ValidationFailed
from asiointi.common.i18n import SUPPORTED
from asiointi.feedback.constants import (
    DESCRIPTION_MAX_LENGTH,
    DESCRIPTION_MIN_LENGTH,
    STAFF_CHANNELS,
    FeedbackChannel,
    FeedbackEventKind,
    FeedbackType,
    Publication,
)
from asiointi.feedback.events import record_event
from asiointi.feedback.models import Feedback, FeedbackPhoto
from asiointi.feedback.notifications import queue_receipt

MAX_PHOTOS = 5
PHOTO_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
# Unambiguous letters and digits (no 0/O, 1/I/L): the code is read aloud on the phone.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


@dataclasses.dataclass
class FeedbackInput:
    """What any channel hands over. Strings are as typed; ``lat``/``long`` as strings too, so
    that one place decides what a valid coordinate is."""

    type: str = FeedbackType.FEEDBACK
    service_code: str = ""  # "" = "I don't know which department"
    title: str = ""
    description: str = ""
    address: str = ""
    address_id: str = ""
    lat: str = ""
    long: str = ""
    media_url: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    reply_wanted: bool = False
    publish_consent: bool = False
    language: str = "fi"
    channel: str = FeedbackChannel.ONLINE
    received_at: datetime.datetime | None = None  # staff: when it came by phone/desk/email
    photos: list[UploadedFile] = dataclasses.field(default_factory=list)
    location_required: bool = False  # Open311 requires a location; the web form does not


@dataclasses.dataclass(frozen=True)
class CleanInput:
    values: dict
    service: Service | None
    photos: list[tuple[UploadedFile, CheckedFile]]


def new_tracking_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_tracking_code(value: str) -> str:
    """Accept the code as people type it: lower case, spaces or no dashes."""
    raw = "".join(ch for ch in value.upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else value.strip().upper()


def _coordinate(raw: str, low: int, high: int, field: str, errors: dict) -> Decimal | None:
    raw = (raw or "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        errors.setdefault(field, []).append(_("Give the coordinate as a decimal number."))
        return None
    if not low <= value <= high:
        errors.setdefault(field, []).append(
            _("The coordinate must be between %(low)s and %(high)s.") % {"low": low, "high": high}
        )
        return None
    return value.quantize(Decimal("0.000001"))


def clean_feedback_input(
    data: FeedbackInput, *, actor=None, service: Service | None = None
) -> CleanInput:
    """Check everything a channel passed in; raise ValidationFailed with per-field messages.
    ``actor`` (who sends or registers it; None: anonymous) goes to a virus finding's audit.
    ``service``: the feedback service with ``data.service_code`` (its department selected), when
    the channel has read it already (Open311 answers an unknown code with 404 first)."""
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if data.type not in FeedbackType.values:
        fail("type", _("Choose the type of your feedback."))
    code = (data.service_code or "").strip()
    if not code:
        service = None
    elif service is None or service.code != code:
        service = Service.objects.select_related("department").filter(code=code).first()
    if code and (service is None or not service.accepts_feedback):
        message = _("There is no service with the code “%(code)s”.") % {"code": code}
        fail("service_code", message)
        service = None
    description = (data.description or "").strip()
    if len(description) < DESCRIPTION_MIN_LENGTH:
        fail(
            "description",
            _("Write at least %(count)d characters in the description.")
            % {"count": DESCRIPTION_MIN_LENGTH},
        )
    elif len(description) > DESCRIPTION_MAX_LENGTH:
        fail(
            "description",
            _("The description can be at most %(max)d characters long; it is %(length)d.")
            % {"max": DESCRIPTION_MAX_LENGTH, "length": len(description)},
        )
    title = (data.title or "").strip()
    if len(title) > 200:
        fail("title", _("The title can be at most 200 characters long."))
    address = (data.address or "").strip()
    if len(address) > 300:
        fail("address", _("The address can be at most 300 characters long."))
    address_id = (data.address_id or "").strip()
    if len(address_id) > 100:
        fail("address_id", _("The address id can be at most 100 characters long."))
    lat = _coordinate(data.lat, -90, 90, "lat", errors)
    long = _coordinate(data.long, -180, 180, "long", errors)
    if (lat is None) != (long is None) and "lat" not in errors and "long" not in errors:
        fail("long" if lat is not None else "lat", _("Give both latitude and longitude."))
        lat = long = None
    if data.location_required and not (address or address_id or (lat is not None and long)):
        fail(
            "location",
            _("Give the location: latitude and longitude, an address or an address id."),
        )
    media_url = (data.media_url or "").strip()
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            fail("media_url", _("The media URL is not a valid http or https address."))
        if len(media_url) > 500:
            fail("media_url", _("The media URL can be at most 500 characters long."))
    email = (data.contact_email or "").strip()
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            fail("contact_email", _("Check the email address."))
    name = (data.contact_name or "").strip()
    if len(name) > 200:
        fail("contact_name", _("The name can be at most 200 characters long."))
    phone = (data.contact_phone or "").strip()
    if len(phone) > 40:
        fail("contact_phone", _("The phone number can be at most 40 characters long."))
    if data.reply_wanted and not (email or phone):
        fail(
            "contact_email",
            _("To get a reply, give an email address or a phone number."),
        )
    if data.channel not in FeedbackChannel.values:
        fail("channel", _("Choose the channel the feedback came from."))
    received_at = data.received_at
    if received_at is not None and received_at > timezone.now() + datetime.timedelta(minutes=5):
        fail("received_at", _("The arrival time cannot be in the future."))
    if len(data.photos) > MAX_PHOTOS:
        fail("photos", _("Attach at most %(count)d photos.") % {"count": MAX_PHOTOS})
    photos = []
    for photo in data.photos[:MAX_PHOTOS]:
        # A file of no accepted type at all, or a document: the same message, naming photos
        # only (the general upload message offers PDFs and office documents).
        only_photos = _("%(name)s: only photos are accepted (JPEG, PNG, GIF or WebP).") % {
            "name": photo.name
        }
        try:
            checked = check_upload(photo, actor=actor, purpose="feedback_photo")
        except UnsupportedFileType:
            fail("photos", only_photos)
            continue
        except ValidationFailed as error:
            fail("photos", f"{photo.name}: {error.message}")
            continue
        if checked.content_type not in PHOTO_TYPES:
            fail("photos", only_photos)
        photos.append((photo, checked))
    if errors:
        raise ValidationFailed(_("Check the highlighted fields."), errors)
    return CleanInput(
        values={
            "type": data.type,
            "title": title,
            "description": description,
            "address": address,
            "address_id": address_id,
            "lat": lat,
            "long": long,
            "media_url": media_url,
            "contact_name": name,
            "contact_email": email,
            "contact_phone": phone,
            "reply_wanted": data.reply_wanted,
            "publish_consent": data.publish_consent,
            "publication": Publication.PENDING if data.publish_consent else Publication.NOT_ALLOWED,
            "language": data.language if data.language in SUPPORTED else "fi",
            "channel": data.channel,
        },
        service=service,
        photos=photos,
    )


def feedback_submit(
    data: FeedbackInput,
    *,
    submitted_by=None,
    registered_by=None,
    api_client=None,
    service: Service | None = None,
) -> Feedback:
    """Validate, route by service (no service: central triage) and store in one transaction:
    the feedback, its photos, its event and the queued receipt commit together.

    ``service``: see ``clean_feedback_input``. Inside a caller's transaction (Open311 counts its
    rate limit in the same one) the insert takes no savepoint: two statements on every
    submission to retry a tracking-code collision, which happens once in 31^12, are not worth
    it; there a collision fails the request, and the client sends it again.
    """
    if data.channel in STAFF_CHANNELS and registered_by is None:
        raise ValidationFailed(
            _("Only staff can register feedback received by phone, at a desk or by email."),
            {"channel": []},
        )
    clean = clean_feedback_input(data, actor=registered_by or submitted_by, service=service)
    now = timezone.now()
    received_at = data.received_at or now
    nested = transaction.get_connection().in_atomic_block
    for _attempt in range(3):
        try:
            with StoredFiles() as stored, transaction.atomic(savepoint=False):
                feedback = Feedback.objects.create(
                    **clean.values,
                    tracking_code=new_tracking_code(),
                    service=clean.service,
                    department=clean.service.department if clean.service else None,
                    submitted_by=submitted_by
                    if submitted_by is not None and submitted_by.is_authenticated
                    else None,
                    registered_by=registered_by,
                    api_client=api_client,
                    received_at=received_at,
                )
                for upload, checked in clean.photos:
                    _store_photo(feedback, upload, checked, stored)
                record_event(
                    feedback=feedback,
                    kind=FeedbackEventKind.REGISTERED_BY_STAFF
                    if registered_by is not None
                    else FeedbackEventKind.RECEIVED,
                    actor=registered_by,
                    at=received_at,
                    details={
                        "channel": data.channel,
                        "department": feedback.department.code if feedback.department else None,
                    },
                )
                queue_receipt(feedback)
            break
        except IntegrityError:
            if nested:
                raise
            # A tracking-code collision (one in 31^12): draw another.
            continue
    else:  # pragma: no cover — three collisions in a row would mean a broken random source
        raise RuntimeError("could not draw a unique tracking code")
    return feedback


def _store_photo(
    feedback: Feedback, upload: UploadedFile, checked: CheckedFile, stored: StoredFiles
) -> FeedbackPhoto:
    upload.seek(0)
    photo = FeedbackPhoto(
        feedback=feedback,
        original_name=checked.display_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    photo.file.save(checked.storage_name(checked.sha256), upload, save=False)
    stored.add(photo.file)
    photo.save()
    return photo
