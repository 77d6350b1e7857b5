"""Reading Open311 query and form parameters, with the specification's errors for bad ones.

Every check raises ``Open311Error`` with one ``(code, description)`` per problem; the view turns
it into the error list. An empty parameter counts as an absent one (GeoReport v2). Descriptions
name the parameter and say what a correct value looks like, so that a client developer can fix
the call from the message alone.
"""

import dataclasses
import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.common.i18n import SUPPORTED
from asiointi.feedback.constants import FeedbackType
from asiointi.feedback.intake import FeedbackInput
from asiointi.feedback.models import parse_request_id

MAX_WINDOW = datetime.timedelta(days=90)
# Dates outside these years are refused: far ones overflow the window arithmetic and the
# conversion to UTC (year 1 at +14:00 is before datetime.min), and no feedback is that old or new.
MIN_YEAR = 1900
MAX_YEAR = 2999
MAX_REQUEST_IDS = 100
MAX_SERVICE_CODES = 100
STATUSES = ("open", "closed")


class Open311Error(Exception):
    def __init__(self, status: int, errors: list[tuple[int, str]]):
        super().__init__(errors)
        self.status = status
        self.errors = errors

    @classmethod
    def single(cls, status: int, description: str) -> "Open311Error":
        return cls(status, [(status, description)])


def bad_request(description: str) -> Open311Error:
    return Open311Error.single(400, description)


def value(params, name: str) -> str:
    """The parameter stripped; "" when absent or empty."""
    return (params.get(name) or "").strip()


def comma_list(params, name: str) -> list[str]:
    return [item.strip() for item in value(params, name).split(",") if item.strip()]


def locale_language(params) -> str | None:
    """``locale`` as one of our languages: "sv", "sv_FI" and "sv-FI" all mean Swedish."""
    raw = value(params, "locale")
    if not raw:
        return None
    language = re.split(r"[-_]", raw, maxsplit=1)[0].lower()
    if language not in SUPPORTED:
        raise bad_request(
            _("locale must be one of fi, sv or en (for example sv or sv_FI), not “%(value)s”.")
            % {"value": raw}
        )
    return language


def flag(params, name: str) -> bool:
    raw = value(params, name).lower()
    if raw in ("", "false", "0"):
        return False
    if raw in ("true", "1"):
        return True
    raise bad_request(_("%(name)s must be true or false.") % {"name": name})


# A "+" in an unencoded query string arrives as a space: "…T10:00:00 02:00".
_SPACE_FOR_PLUS = re.compile(r" (\d{2}:?\d{2})$")


def parse_datetime(params, name: str) -> datetime.datetime | None:
    raw = value(params, name)
    if not raw:
        return None
    candidate = _SPACE_FOR_PLUS.sub(r"+\1", raw)
    try:
        parsed = datetime.datetime.fromisoformat(candidate)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None or "T" not in candidate:
        raise bad_request(
            _(
                "%(name)s must be an ISO 8601 date and time with a timezone, for example "
                "2026-11-01T00:00:00+02:00 or 2026-11-01T00:00:00Z; got “%(value)s”."
            )
            % {"name": name, "value": raw}
        )
    if not MIN_YEAR <= parsed.year <= MAX_YEAR:
        raise bad_request(
            _("%(name)s must be between the years %(first)d and %(last)d; got “%(value)s”.")
            % {"name": name, "first": MIN_YEAR, "last": MAX_YEAR, "value": raw}
        )
    return parsed


@dataclasses.dataclass(frozen=True)
class ListFilters:
    request_ids: list[tuple[int, int]]  # (year, pk); when given, the other filters do not apply
    service_codes: list[str]
    start: datetime.datetime
    end: datetime.datetime
    statuses: frozenset[str]  # subset of STATUSES; empty = both
    extensions: bool


def list_filters(params, now: datetime.datetime | None = None) -> ListFilters:
    """The filters of ``GET requests``; the window defaults to the last 90 days."""
    extensions = flag(params, "extensions")
    raw_ids = comma_list(params, "service_request_id")
    if len(raw_ids) > MAX_REQUEST_IDS:
        raise bad_request(
            _("service_request_id can list at most %(max)d ids; %(count)d were given.")
            % {"max": MAX_REQUEST_IDS, "count": len(raw_ids)}
        )
    request_ids = []
    for raw in raw_ids:
        parsed = parse_request_id(raw)
        if parsed is None:
            raise bad_request(
                _("service_request_id “%(value)s” is not a request id; ids look like 2026-000123.")
                % {"value": raw}
            )
        request_ids.append(parsed)
    service_codes = comma_list(params, "service_code")
    if len(service_codes) > MAX_SERVICE_CODES:
        raise bad_request(
            _("service_code can list at most %(max)d codes; %(count)d were given.")
            % {"max": MAX_SERVICE_CODES, "count": len(service_codes)}
        )
    statuses = comma_list(params, "status")
    for status in statuses:
        if status.lower() not in STATUSES:
            raise bad_request(
                _("status must be open, closed or both separated by a comma, not “%(value)s”.")
                % {"value": status}
            )
    start = parse_datetime(params, "start_date")
    end = parse_datetime(params, "end_date")
    if start is None and end is None:
        end = now or timezone.now()
        start = end - MAX_WINDOW
    elif start is None:
        start = end - MAX_WINDOW
    elif end is None:
        end = start + MAX_WINDOW
    if end < start:
        raise bad_request(_("end_date must not be before start_date."))
    if end - start > MAX_WINDOW:
        raise bad_request(
            _("The range from start_date to end_date can be at most %(days)d days; it is %(got)s.")
            % {"days": MAX_WINDOW.days, "got": str(end - start)}
        )
    return ListFilters(
        request_ids=request_ids,
        service_codes=service_codes,
        start=start,
        end=end,
        statuses=frozenset(status.lower() for status in statuses),
        extensions=extensions,
    )


# Names clients commonly send instead of the specification's "long".
_LONGITUDE_ALIASES = ("lon", "lng")


def post_input(params, *, language: str) -> FeedbackInput:
    """The POST form as a ``FeedbackInput``; checks what only Open311 has (parameter names,
    ``attribute[type]``). Everything else is validated by intake, like every other channel."""
    errors: list[tuple[int, str]] = []
    for alias in _LONGITUDE_ALIASES:
        if value(params, alias) and not value(params, "long"):
            errors.append(
                (
                    400,
                    _("Unknown parameter %(name)s: give the longitude as long.") % {"name": alias},
                )
            )
    feedback_type = value(params, "attribute[type]") or FeedbackType.FEEDBACK
    if feedback_type not in FeedbackType.values:
        errors.append(
            (
                400,
                _("attribute[type] must be one of %(values)s, not “%(value)s”.")
                % {"values": ", ".join(FeedbackType.values), "value": feedback_type},
            )
        )
    # A half-given coordinate pair is reported by intake ("give both latitude and longitude").
    has_location = any(
        value(params, name) for name in ("lat", "long", "address_string", "address_id")
    )
    if not has_location and not errors:
        errors.append(
            (
                400,
                _("A location is required: give lat and long, address_string or address_id."),
            )
        )
    if errors:
        raise Open311Error(400, errors)
    name = " ".join(filter(None, [value(params, "first_name"), value(params, "last_name")]))
    email = value(params, "email")
    return FeedbackInput(
        type=feedback_type,
        service_code=value(params, "service_code"),
        description=value(params, "description"),
        address=value(params, "address_string"),
        address_id=value(params, "address_id"),
        lat=value(params, "lat"),
        long=value(params, "long"),
        media_url=value(params, "media_url"),
        contact_name=name,
        contact_email=email,
        contact_phone=value(params, "phone"),
        # An email address is how the city can answer; without one the answer is only public.
        reply_wanted=bool(email),
        # Open311 is a public channel: what arrives through it is meant to be public, and waits
        # for a moderator (personal data removed) before it is listed.
        publish_consent=True,
        language=language,
        channel="open311",
        location_required=True,
    )
