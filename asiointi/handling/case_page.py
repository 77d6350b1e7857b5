"""The handler's case page: its context, its rendering and its address, shared by every view
that shows it again (after an action, with a form's errors) — the handlers' views, the
calculation aid of social assistance and the payments' handler actions.

The apps add their panels through the core's ``handler_case_panels`` hook
(``asiointi/cases/hooks.py``): social assistance its calculation aid above the actions, payments
the grant's instalments below them, grants the applicant's other applications and overlaps at
the end (docs/architecture.md, "Hooks").
"""

import datetime

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from asiointi.cases import hooks, workflow
from asiointi.cases.constants import OPEN_STATUSES, AttachmentKind, CaseStatus, DecisionOutcome
from asiointi.cases.selectors import note_list
from asiointi.cases.services.messaging import messages_mark_read
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
        "attachment_kinds": AttachmentKind.choices_for_staff(),
        "default_kind": AttachmentKind.SCANNED_PAPER,
        **extra,
    }


# The actions offered on the case page; each is shown only when the workflow table allows it.
CASE_ACTIONS = ("claim", "assign", "transfer", "request_supplement", "decide", "close")


def _action_context(request, case) -> dict:
    allowed = {action: case.status in workflow.TRANSITIONS[action][0] for action in CASE_ACTIONS}
    return {
        "allowed": allowed,
        "department_handlers": (
            selectors.department_handlers(
                department_id=case.department_id, confidential=case.service.confidential
            )
            if allowed["assign"]
            else []
        ),
        "transfer_departments": (
            selectors.transfer_departments(case=case) if allowed["transfer"] else []
        ),
        "notes": list(note_list(case=case)),
        "decision_outcomes": DecisionOutcome.choices,
        "tomorrow": timezone.localdate() + datetime.timedelta(days=1),
    }


def render_case_page(request, case, status=200, **extra):
    """The case page with ``extra`` in its context (e.g. a form with errors, ``status=422``)."""
    context = case_page_context(request, case, **extra)
    response = render(request, "handling/case.html", context, status=status)
    if context["unread_from_applicant"]:
        # Shown to a handler on this page: the applicant's messages count as read from now on.
        messages_mark_read(actor=request.user, case=context["case"], by_staff=True)
    return response


def case_page_url(case, fragment: str = "") -> str:
    return reverse("handling:case", args=[case.pk]) + fragment
