"""The handlers' area (käsittely = processing): work queues and the handler's case page."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from asiointi.cases import attachment_kinds
from asiointi.cases.access import access_attachment, access_case_for_handler
from asiointi.cases.constants import OPEN_STATUSES, AttachmentKind
from asiointi.cases.downloads import attachment_response
from asiointi.cases.selectors import version_comparison
from asiointi.cases.services.assignment import case_assign_many
from asiointi.cases.services.messaging import message_send as send_message
from asiointi.cases.services.processing import case_start_processing
from asiointi.cases.views.uploads import add_posted_file
from asiointi.common.errors import DomainError
from asiointi.common.pagination import page_context, sort_headers
from asiointi.common.web import int_or_none, not_found_as_404, run_action
from asiointi.handling import selectors
from asiointi.handling.access import choose_department, staff_member_required
from asiointi.handling.case_page import case_page_url, render_case_page
from asiointi.handling.forms import QueueFilterForm
from asiointi.handling.services import queue_preference_set

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


# The tabs whose cases can be (re)assigned: the workflow allows "assign" in open statuses only.
BULK_ASSIGN_TABS = ("new", "mine", "processing", "supplement")
# The region an htmx request of the filter form, a sort header or a page link replaces.
RESULTS_ID = "queue-results"


@staff_member_required
def queue(request):
    departments = request.handler_departments
    department = choose_department(departments, request.GET.get("department"))
    tab = request.GET.get("tab")
    tab = tab if tab in selectors.TABS else "new"
    services_, calls = selectors.queue_filter_choices(department=department)
    # What only grants have (grant calls, amounts, decision proposals) is offered only where the
    # department handles grants: a social-assistance queue has none of it.
    grants = selectors.handles_grants(services_)
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
        grants=grants,
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
    # Unfiltered, the tab's count is the total (no query); filtered, one count of the same list.
    total = cases.count() if filters else counts[tab]
    listing = page_context(rows, page=page, total=total, page_size=PAGE_SIZE)
    bulk = tab in BULK_ASSIGN_TABS
    context = {
        "departments": departments,
        "department": department,
        "tab": tab,
        "tabs": _tabs(counts),
        "form": form,
        "grants": grants,
        "team": team,
        **listing,
        "cases": listing["rows"],
        "sort": sort,
        "sort_headers": sort_headers(
            sort, ("record", "received", "amount") if grants else ("record", "received")
        ),
        # Only the department's team members handle in a department with teams (confidential
        # cases); the service checks each case anyway.
        "handlers": (
            selectors.department_handlers(
                department_id=department.pk, confidential=department.has_teams
            )
            if bulk
            else []
        ),
        "bulk": bulk,
        "results_id": RESULTS_ID,
    }
    if request.htmx and request.htmx.target == RESULTS_ID:
        if form.errors:
            # The errors are shown beside the fields and in the summary above: the whole page.
            return HttpResponseClientRedirect(request.get_full_path())
        # Filtering, sorting or paging with htmx: only the results region is replaced.
        return render(request, "handling/_queue_results.html", context)
    # The panel is as the staff member left it, and open whenever a filter needs correcting.
    context["filters_remembered"] = selectors.filters_open(user=request.user)
    context["filters_open"] = bool(form.errors) or context["filters_remembered"]
    context["panel_in_use"] = form.panel_in_use()
    return render(request, "handling/queue.html", context)


def _back_to_queue(request) -> str:
    """The queue's address the form was posted from (``next``, with its filters), if it is the
    queue's; otherwise the queue."""
    target = request.POST.get("next", "")
    queue_url = reverse("handling:queue")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ) and target.startswith((queue_url + "?", queue_url + "#")):
        return target
    return queue_url


@staff_member_required
@require_POST
def queue_filter_panel(request):
    """Remember whether the staff member keeps the queue's filter panel open, then go back.

    Without JavaScript the panel's "keep open"/"keep closed" button posts here and the queue is
    loaded again (``next``: the queue's address as it was); with htmx the panel's summary posts
    here as it toggles the panel, and gets the summary back with the next value to post.
    """
    is_open = request.POST.get("open") == "1"
    queue_preference_set(user=request.user, filters_open=is_open)
    if request.htmx:
        return render(
            request,
            "handling/_filter_summary.html",
            {"filters_open": is_open, "panel_in_use": int_or_none(request.POST.get("in_use"))},
        )
    return HttpResponseRedirect(_back_to_queue(request))


@staff_member_required
@require_POST
def bulk_assign(request):
    """Assign the chosen rows of a queue to one handler, all or none (``case_assign_many``)."""
    back = _back_to_queue(request)
    handler = get_user_model().objects.filter(pk=int_or_none(request.POST.get("handler"))).first()
    if handler is None:
        messages.error(request, _("Choose the handler."))
        return HttpResponseRedirect(back)
    case_ids = [
        case_id
        for case_id in (int_or_none(raw) for raw in request.POST.getlist("cases"))
        if case_id is not None
    ]
    return run_action(
        request,
        lambda: case_assign_many(actor=request.user, case_ids=case_ids, handler=handler),
        success=lambda assigned: (
            ngettext(
                "%(count)d application has been assigned to %(name)s.",
                "%(count)d applications have been assigned to %(name)s.",
                len(assigned),
            )
            % {"count": len(assigned), "name": handler.display_name}
        ),
        redirect_to=back,
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
            message_errors=[error.message],
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
            "attachment_kinds": attachment_kinds.choices_for_staff(case.service),
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
