"""The handlers' area (käsittely = processing): work queues and the handler's case page."""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from asiointi.cases.access import access_attachment, access_case_for_handler
from asiointi.cases.constants import OPEN_STATUSES, AttachmentKind
from asiointi.cases.downloads import attachment_response
from asiointi.cases.selectors import version_comparison
from asiointi.cases.services.messaging import message_send as send_message
from asiointi.cases.services.processing import case_start_processing
from asiointi.cases.views.uploads import add_posted_file
from asiointi.common.errors import DomainError
from asiointi.common.web import int_or_none, not_found_as_404, run_action
from asiointi.handling import selectors
from asiointi.handling.access import choose_department, staff_member_required
from asiointi.handling.case_page import case_page_url, render_case_page
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


@staff_member_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def case_detail(request, case_id):
    if request.method == "POST":
        # The message form posts to the page itself (``#message-form``), so that a refused message
        # comes back on the case page's own address, scrolled to the form.
        return message_send(request, case_id)
    case = access_case_for_handler(request.user, case_id)
    return render_case_page(request, case)


@staff_member_required
@require_POST
@not_found_as_404
def start_processing(request, case_id):
    case = access_case_for_handler(request.user, case_id)
    return run_action(
        request,
        lambda: case_start_processing(
            actor=request.user,
            case=case,
            expected_lock_version=int_or_none(request.POST.get("lock_version")),
        ),
        success=_("Processing has started. You are the handler."),
        redirect_to=case_page_url(case),
    )


@staff_member_required
@require_POST
@not_found_as_404
def message_send(request, case_id):
    case = access_case_for_handler(request.user, case_id)
    body = request.POST.get("body", "")
    return run_action(
        request,
        lambda: send_message(
            actor=request.user,
            case=case,
            body=body,
            uploads=request.FILES.getlist("files"),
            from_staff=True,
        ),
        success=_("The message has been sent to the applicant."),
        redirect_to=case_page_url(case, "#messages"),
        # Whatever refuses the message, the page comes back with the text kept.
        invalid=lambda error: render_case_page(
            request,
            case,
            status=422,
            message_error=error.message,
            message_error_summary=[("message-body", "", error.message)],
            message_body=body,
        ),
        invalid_on=DomainError,
    )


@staff_member_required
@require_POST
@not_found_as_404
def attachment_upload(request, case_id):
    case = access_case_for_handler(request.user, case_id)
    add_posted_file(request, case, from_staff=True)
    if request.POST.get("return_to") == "documents":
        # Scanned paper added on the document list goes back there.
        return HttpResponseRedirect(reverse("handling:documents", args=[case.pk]))
    return HttpResponseRedirect(case_page_url(case, "#attachments"))


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
