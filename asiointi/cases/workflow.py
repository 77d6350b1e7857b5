"""The case lifecycle as one table (docs/case-lifecycle.md). Services ask it before changing a
status.

Some actions do not change the status (claim, assign, transfer: they are timeline events, not
states); their target is ``None``, meaning "stays as it is". docs/case-lifecycle.md explains the
table and who may do what.
"""

from django.utils.translation import gettext as _

from asiointi.cases.constants import HANDLER_STATUSES
from asiointi.cases.constants import CaseStatus as S
from asiointi.common.errors import TransitionNotAllowed

TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    # action: (allowed from, resulting status; None = unchanged)
    # The applicant
    "submit": (frozenset({S.DRAFT}), S.RECEIVED),
    "send_version": (frozenset({S.RECEIVED}), S.RECEIVED),
    "send_supplement": (frozenset({S.AWAITING_SUPPLEMENT}), S.IN_PROCESSING),
    "withdraw": (frozenset({S.RECEIVED, S.AWAITING_SUPPLEMENT}), S.WITHDRAWN),
    "delete": (frozenset({S.DRAFT}), S.DRAFT),
    # A handler of the case's department
    "claim": (HANDLER_STATUSES, None),
    "assign": (HANDLER_STATUSES, None),
    "transfer": (HANDLER_STATUSES, None),
    "start_processing": (frozenset({S.RECEIVED}), S.IN_PROCESSING),
    "request_supplement": (frozenset({S.IN_PROCESSING}), S.AWAITING_SUPPLEMENT),
    # An office holder decides at once; a board decides on a list of the handlers' proposals.
    "decide": (frozenset({S.IN_PROCESSING}), S.DECIDED),
    "propose_decision": (frozenset({S.IN_PROCESSING}), S.DECISION_PROPOSED),
    "cancel_proposal": (frozenset({S.DECISION_PROPOSED}), S.IN_PROCESSING),
    "finalise_decision": (frozenset({S.DECISION_PROPOSED}), S.DECIDED),
    "close": (frozenset({S.DECIDED, S.WITHDRAWN}), S.CLOSED),
}


def next_status(action: str, current: str) -> str:
    """The status after ``action``; raises TransitionNotAllowed naming the current status."""
    allowed_from, target = TRANSITIONS[action]
    if current not in allowed_from:
        raise TransitionNotAllowed(
            _("This cannot be done while the application is “%(status)s”.")
            % {"status": S(current).label}
        )
    return current if target is None else target
