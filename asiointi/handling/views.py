"""The handlers' area (käsittely = processing): work queues and the handler's case page."""

import datetime

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asiointi.assistance import selectors as assistance_selectors
from asiointi.assistance import services as assistance_services
from asiointi.cases import services, workflow
from asiointi.cases.access import access_attachment, access_case_for_handler
from asiointi.cases.constants import OPEN_STATUSES, AttachmentKind, CaseStatus, DecisionOutcome
from asiointi.cases.downloads import attachment_response
from asiointi.cases.selectors import note_list, version_comparison
from asiointi.cases.views.uploads import add_posted_file
from asiointi.common.errors import DomainError, ValidationFailed
from asiointi.common.web import int_or_none, not_found_as_404
from asiointi.grants.overlaps import case_page_context
from asiointi.handling import selectors
from asiointi.handling.access import choose_department, staff_member_required
from asiointi.handling.forms import QueueFilterForm

PAGE_SIZE = 50


def _tabs(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    labels = {
        "new": _("New"),
        "mine": _("Mine"),
        "processing": _("In processing"),
        "supplement": _("Awaiting supplement"),
        "decided": _("Decided"),
    }
    return [(key, labels[key], counts[key]) for key in selectors.TABS]


@staff_member_required
def queue(request):
    departments = request.handler_departments
    department = choose_department(departments, request.GET.get("department"))
    tab = request.GET.get("tab")
    tab = tab if tab in selectors.TABS else "new"
    services_, calls = selectors.queue_filter_choices(department=department)
    # Departments that work in teams (social work) have team queues; the annotations come from
    # handler_departments, so a department without teams costs no query for them.
    teams = (
        selectors.department_teams(department=department, user=request.user)
        if department.has_teams
        else []
    )
    form = QueueFilterForm(
        request.GET,
        services=services_,
        grant_calls=calls,
        teams=teams,
        own_team=next((team for team in teams if team.is_member), None),
    )
    filters = form.valid_filters()
    sort = form.valid_sort()
    team = form.valid_team()
    visibility = {"team": team, "confidential_reader": department.user_in_team}
    cases = selectors.queue_list(
        user=request.user,
        department=department,
        tab=tab,
        filters=filters,
        sort=sort,
        urgent_first=department.has_teams,
        **visibility,
    )
    page = max(int_or_none(request.GET.get("page")) or 1, 1)
    rows = list(cases[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    counts = selectors.queue_counts(user=request.user, department=department, **visibility)
    return render(
        request,
        "handling/queue.html",
        {
            "departments": departments,
            "department": department,
            "tab": tab,
            "tabs": _tabs(counts),
            "form": form,
            "team": team,
            "cases": rows[:PAGE_SIZE],
            "page": page,
            "has_next": len(rows) > PAGE_SIZE,
        },
    )


def _calculation_date(request) -> tuple[datetime.date, bool]:
    """The date the calculation aid calculates for (GET ``calculation_date``), default today;
    and whether a given date was not understood."""
    raw = request.GET.get("calculation_date", "").strip()
    if raw:
        try:
            return datetime.date.fromisoformat(raw), False
        except ValueError:
            return timezone.localdate(), True
    return timezone.localdate(), False


def _case_context(request, case, **extra) -> dict:
    case = selectors.case_detail_for_handler(case=case)
    versions = list(case.versions.all())
    case_messages = list(case.messages.all())
    on, bad_date = _calculation_date(request)
    aid = assistance_selectors.calculation_panel(
        case=case, data=versions[-1].data if versions else {}, on=on
    )
    return {
        "case": case,
        "aid": aid,
        "can_save_calculation": (
            aid is not None
            and aid.calculation is not None
            and case.status in assistance_services.CALCULABLE_STATUSES
        ),
        "aid_bad_date": bad_date,
        "versions": versions,
        "latest": versions[-1] if versions else None,
        "attachments": list(case.attachments.all()),
        "case_messages": case_messages,
        "unread_from_applicant": any(not m.from_staff and m.read_at is None for m in case_messages),
        "events": list(case.events.all()),
        # The applicant's other applications, with this year's overlap flags (grants.overlaps).
        **case_page_context(case=case, data=versions[-1].data if versions else {}),
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


def _render_case(request, case, status=200, **extra):
    context = _case_context(request, case, **extra)
    response = render(request, "handling/case.html", context, status=status)
    if context["unread_from_applicant"]:
        # Shown to a handler on this page: the applicant's messages count as read from now on.
        services.messages_mark_read(actor=request.user, case=context["case"], by_staff=True)
    return response


@staff_member_required
@not_found_as_404
def case_detail(request, case_id):
    case = access_case_for_handler(request.user, case_id)
    return _render_case(request, case)


def _case_url(case, fragment: str = "") -> str:
    return reverse("handling:case", args=[case.pk]) + fragment


@staff_member_required
@require_POST
@not_found_as_404
def start_processing(request, case_id):
    case = access_case_for_handler(request.user, case_id)
    try:
        services.case_start_processing(
            actor=request.user,
            case=case,
            expected_lock_version=int_or_none(request.POST.get("lock_version")),
        )
        messages.success(request, _("Processing has started. You are the handler."))
    except DomainError as error:
        messages.error(request, error.message)
    return HttpResponseRedirect(_case_url(case))


@staff_member_required
@require_POST
@not_found_as_404
def message_send(request, case_id):
    case = access_case_for_handler(request.user, case_id)
    body = request.POST.get("body", "")
    try:
        services.message_send(
            actor=request.user,
            case=case,
            body=body,
            uploads=request.FILES.getlist("files"),
            from_staff=True,
        )
    except (ValidationFailed, DomainError) as error:
        return _render_case(
            request, case, status=422, message_error=error.message, message_body=body
        )
    messages.success(request, _("The message has been sent to the applicant."))
    return HttpResponseRedirect(_case_url(case, "#messages"))


@staff_member_required
@require_POST
@not_found_as_404
def attachment_upload(request, case_id):
    case = access_case_for_handler(request.user, case_id)
    add_posted_file(request, case, from_staff=True)
    if request.POST.get("return_to") == "documents":
        # Scanned paper added on the document list goes back there.
        return HttpResponseRedirect(reverse("handling:documents", args=[case.pk]))
    return HttpResponseRedirect(_case_url(case, "#attachments"))


@staff_member_required
@not_found_as_404
def attachment_download(request, case_id, attachment_id):
    # A confidential case's audit row names the document read.
    case = access_case_for_handler(
        request.user, case_id, what=f"attachment:{int_or_none(attachment_id)}"
    )
    return attachment_response(access_attachment(case, attachment_id))


@staff_member_required
@not_found_as_404
def documents(request, case_id):
    """Every document of a case in one list, with the upload of scanned paper."""
    case = access_case_for_handler(request.user, case_id, what="documents")
    return render(
        request,
        "handling/documents.html",
        {
            "case": case,
            "documents": selectors.case_documents(case=case),
            "accepts_additions": case.status in OPEN_STATUSES,
            "attachment_kinds": AttachmentKind.choices_for_staff(),
            "default_kind": AttachmentKind.SCANNED_PAPER,
        },
    )


@staff_member_required
@not_found_as_404
def version(request, case_id, number):
    # A confidential case's audit row names the version read.
    case = access_case_for_handler(request.user, case_id, what=f"version:{int_or_none(number)}")
    context = version_comparison(
        case=case, number=number, compare_to=int_or_none(request.GET.get("vs"))
    )
    return render(request, "handling/version.html", context)
