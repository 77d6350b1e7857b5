"""The feedback lifecycle as one table (docs/feedback-public.md). Services ask it before acting.

Like ``asiointi/cases/workflow.py``: an action is allowed from the statuses listed, and leads to
the status given (``None``: the status stays; the action is only a timeline event). Who may act is
``access.py``'s business; the table only says *when*. docs/feedback-handling.md explains it.
"""

from django.utils.translation import gettext as _

from asiointi.common.errors import TransitionNotAllowed
from asiointi.feedback.constants import CLOSED_STATUSES, OPEN_STATUSES
from asiointi.feedback.constants import FeedbackStatus as S

ALL_STATUSES = frozenset(S.values)

TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    # action: (allowed from, resulting status; None = unchanged)
    # Central triage routes (or re-routes) feedback that still waits for the city.
    "route": (OPEN_STATUSES, None),
    # A handler of the responsible department.
    "claim": (frozenset({S.RECEIVED}), S.IN_PROCESS),
    "answer": (OPEN_STATUSES, S.ANSWERED),
    "request_statement": (OPEN_STATUSES, None),
    "transfer": (OPEN_STATUSES, None),
    "forward": (OPEN_STATUSES, S.FORWARDED),
    "close_without_answer": (OPEN_STATUSES, S.CLOSED),
    # A statement that arrives late still goes on the record; a note is always possible.
    "give_statement": (ALL_STATUSES, None),
    "add_note": (ALL_STATUSES, None),
    # Moderation: only what has been answered or closed here goes on the public board; a
    # forwarded matter (confidential, appeal, formal complaint) never does.
    "publish": (frozenset({S.ANSWERED, S.CLOSED}), None),
    "decline_publication": (frozenset({S.ANSWERED, S.CLOSED}), None),
}

assert CLOSED_STATUSES | OPEN_STATUSES == ALL_STATUSES


def is_allowed(action: str, current: str) -> bool:
    return current in TRANSITIONS[action][0]


def next_status(action: str, current: str) -> str:
    """The status after ``action``; raises TransitionNotAllowed naming the current status."""
    allowed_from, target = TRANSITIONS[action]
    if current not in allowed_from:
        raise TransitionNotAllowed(
            _("This cannot be done while the feedback is “%(status)s”.")
            % {"status": S(current).label}
        )
    return current if target is None else target
