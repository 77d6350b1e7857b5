"""The case lifecycle as one table (DESIGN.md §3). Services ask it before changing a status."""

from django.utils.translation import gettext as _

from asiointi.cases.constants import CaseStatus as S
from asiointi.common.errors import TransitionNotAllowed

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    # action: (allowed from, resulting status)
    "submit": (frozenset({S.DRAFT}), S.RECEIVED),
    "send_version": (frozenset({S.RECEIVED}), S.RECEIVED),
    "send_supplement": (frozenset({S.AWAITING_SUPPLEMENT}), S.IN_PROCESSING),
    "start_processing": (frozenset({S.RECEIVED}), S.IN_PROCESSING),
    "request_supplement": (frozenset({S.IN_PROCESSING}), S.AWAITING_SUPPLEMENT),
    "decide": (frozenset({S.IN_PROCESSING}), S.DECIDED),
    "close": (frozenset({S.DECIDED, S.WITHDRAWN}), S.CLOSED),
    "withdraw": (frozenset({S.RECEIVED, S.AWAITING_SUPPLEMENT}), S.WITHDRAWN),
    "delete": (frozenset({S.DRAFT}), S.DRAFT),
}


def next_status(action: str, current: str) -> str:
    allowed_from, target = TRANSITIONS[action]
    if current not in allowed_from:
        raise TransitionNotAllowed(
            _("This cannot be done while the application is “%(status)s”.")
            % {"status": S(current).label}
        )
    return target
