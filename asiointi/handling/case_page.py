"""The handler's case page: its context, its rendering and its address, shared by every view
that shows it again (after an action, with a form's errors) — the handlers' views, the
calculation aid of social assistance and the payments' handler actions.

The apps add their panels through the core's ``handler_case_panels`` hook
(``asiointi/cases/hooks.py``): social assistance its calculation aid above the actions, payments
the grant's instalments below them, grants the applicant's other applications and overlaps at
the end of a grant's page (docs/architecture.md, "Hooks").

The page has two columns (docs/handling.md, "The case page"): the side column offers the next
actions the workflow table allows, the most likely first (``next_actions``).
"""

import datetime

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from asiointi.cases import attachment_kinds, hooks, workflow
from asiointi.cases.constants import OPEN_STATUSES, AttachmentKind, CaseStatus, DecisionOutcome
from asiointi.cases.selectors import note_list
from asiointi.cases.services.messaging import messages_mark_read
from asiointi.catalogue.constants import DecisionMaker
from asiointi.handling import selectors


def case_page_context(request, case, **extra) -> dict:
    case = selectors.case_detail_for_handler(case=case)
    versions = list(case.versions.all())
    case_messages = list(case.messages.all())
    panel_context, panels = hooks.page_sections(
        hooks.handler_case_panels,
        request,
        case=case,
        data=versions[-1].data if versions else {},
        places=hooks.HANDLER_PANEL_PLACES,
    )
    return {
        "case": case,
        "versions": versions,
        "latest": versions[-1] if versions else None,
        "attachments": list(case.attachments.all()),
        "case_messages": case_messages,
        "unread_from_applicant": any(not m.from_staff and m.read_at is None for m in case_messages),
        "events": list(case.events.all()),
        **panel_context,
        "panels": panels,
        "own_department_ids": {d.pk for d in request.handler_departments},
        "accepts_additions": case.status in OPEN_STATUSES,
        "can_start_processing": case.status == CaseStatus.RECEIVED,
        **_action_context(request, case),
        "attachment_kinds": attachment_kinds.choices_for_staff(case.service),
        "default_kind": AttachmentKind.SCANNED_PAPER,
        **extra,
    }


# The actions offered on the case page; each is shown only when the workflow table allows it.
CASE_ACTIONS = (
    "claim",
    "start_processing",
    "assign",
    "transfer",
    "request_supplement",
    "decide",
    "propose_decision",
    "cancel_proposal",
    "close",
)

# The side column's next actions in each status, the most likely first: a new application is
# claimed (or taken into processing), one in processing decided or sent back for a supplement,
# a decided one closed. Only what the workflow table allows is shown (next_actions).
LIKELY_ACTIONS = {
    CaseStatus.RECEIVED: ("claim", "start_processing", "assign", "transfer"),
    CaseStatus.IN_PROCESSING: (
        "decide",
        "propose_decision",
        "request_supplement",
        "claim",
        "assign",
        "transfer",
    ),
    CaseStatus.AWAITING_SUPPLEMENT: ("claim", "assign", "transfer"),
    CaseStatus.DECISION_PROPOSED: ("cancel_proposal",),
    CaseStatus.DECIDED: ("close",),
    CaseStatus.WITHDRAWN: ("close",),
}


def allowed_actions(case) -> dict[str, bool]:
    """Which of the page's actions the workflow table allows in the case's status. A board
    decides a board's grant call: its handler proposes, an office holder's handler decides."""
    allowed = {action: case.status in workflow.TRANSITIONS[action][0] for action in CASE_ACTIONS}
    by_board = case.grant_call is not None and case.grant_call.decision_maker == DecisionMaker.BOARD
    if by_board:
        allowed["decide"] = False
    else:
        allowed["propose_decision"] = False
    return allowed


def next_actions(case, user) -> list[str]:
    """The actions offered in the side column, most likely first: those allowed in the case's
    status (``allowed_actions``), without claiming a case the user already handles."""
    allowed = allowed_actions(case)
    return [
        action
        for action in LIKELY_ACTIONS.get(case.status, ())
        if allowed[action] and not (action == "claim" and case.handler_id == user.pk)
    ]


def _action_context(request, case) -> dict:
    allowed = allowed_actions(case)
    transfer_departments = (
        list(selectors.transfer_departments(case=case)) if allowed["transfer"] else []
    )
    return {
        "allowed": allowed,
        "next_actions": next_actions(case, request.user),
        "department_handlers": (
            selectors.department_handlers(
                department_id=case.department_id, confidential=case.service.confidential
            )
            if allowed["assign"]
            else []
        ),
        "transfer_departments": transfer_departments,
        # The select's (value, label): the posted value comes back as a string.
        "transfer_department_choices": [(str(d.pk), d.name) for d in transfer_departments],
        "notes": list(note_list(case=case)),
        "decision_outcomes": DecisionOutcome.choices,
        "tomorrow": timezone.localdate() + datetime.timedelta(days=1),
    }


# The whole page, and the parts of it an htmx request gets back (docs/handling.md, "htmx"):
# the two columns after claiming (the handler, the actions and every form's lock version change),
# the internal notes (with the timeline, swapped out of band) after adding a note.
PAGE = "handling/case.html"
COLUMNS = "handling/_case_columns.html"
NOTES = "handling/_notes_part.html"


def render_case_page(request, case, status=200, *, template=PAGE, **extra):
    """The case page with ``extra`` in its context (e.g. a form with errors, ``status=422``), or
    one of its parts (``template``) for an htmx request."""
    context = case_page_context(request, case, **extra)
    response = render(request, template, context, status=status)
    if context["unread_from_applicant"] and template == PAGE:
        # Shown to a handler on this page: the applicant's messages count as read from now on.
        # (Not for a part after an action: one commit per request, the action's.)
        messages_mark_read(actor=request.user, case=context["case"], by_staff=True)
    return response


def htmx_part(request, case, response, template, **extra):
    """The answer to an action on the case page: for an htmx request the part of the page that
    changed (``template``) in place of the redirect, with the action's message in it; the plain
    form keeps the redirect (post/redirect/get). A part with a form's errors comes with status 200,
    since htmx swaps only successful answers; the plain form gets 422."""
    if not request.htmx or response.status_code not in (301, 302, 303):
        return response
    return render_case_page(request, case, template=template, **extra)


def case_page_url(case, fragment: str = "") -> str:
    return reverse("handling:case", args=[case.pk]) + fragment
