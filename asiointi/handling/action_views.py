"""The handler's actions on a case (docs/handling.md): one POST, one service call.

Each view parses the form, calls the service with the ``lock_version`` the page showed, and
redirects back (post/redirect/get). ``common.web.run_action`` answers the service's errors as
every action view does: a rule or a conflict becomes a message at the top of the page, a
``ValidationFailed`` re-renders the case page with the errors beside the fields. "Not found"
(no access, e.g. the case was transferred away in between) is a 404.

Claiming and adding a note also answer htmx (``request.htmx``): the same service call, then the
part of the case page that changed in place of the redirect (``case_page.htmx_part``).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asiointi.cases.access import access_case_for_handler
from asiointi.cases.services.assignment import (
    case_assign,
    case_claim,
    case_take_next,
    case_transfer,
)
from asiointi.cases.services.decisions import case_decide, case_propose_decision
from asiointi.cases.services.notes import note_add as add_note
from asiointi.cases.services.processing import case_close, case_request_supplement
from asiointi.catalogue.models import Service
from asiointi.common.web import int_or_none, not_found_as_404, run_action
from asiointi.eforms.formats import parse_money
from asiointi.grants import services as grant_services
from asiointi.handling.access import choose_department, staff_member_required
from asiointi.handling.case_page import (
    COLUMNS,
    NOTES,
    PAGE,
    case_page_url,
    htmx_part,
    render_case_page,
)
from asiointi.organisation.models import Department, Team


def _lock_version(request) -> int | None:
    return int_or_none(request.POST.get("lock_version"))


def _rerender(request, case, form: str, values: dict, part: str | None = None):
    """Per-field errors (and the summary) for a ValidationFailed with field errors; ``None`` for
    any other error, which ``run_action`` reports as a message. An htmx request for a form that
    has its own ``part`` of the page gets that part with the errors (status 200: htmx swaps
    only successful answers)."""

    def invalid(error):
        if not error.errors:
            return None
        htmx = part is not None and request.htmx
        return render_case_page(
            request,
            case,
            status=200 if htmx else 422,
            template=part if htmx else PAGE,
            form_errors={form: error.errors},
            form_values={form: values},
            error_form=form,
            error_message=error.message,
        )

    return invalid


@staff_member_required
@require_POST
def take_next(request):
    department = choose_department(request.handler_departments, request.POST.get("department"))
    service = None
    service_id = int_or_none(request.POST.get("service"))
    if service_id is not None:
        service = Service.objects.filter(pk=service_id, department=department).first()
    # The team queue the handler was looking at (none: every team).
    team = None
    team_id = int_or_none(request.POST.get("team"))
    if team_id is not None:
        team = Team.objects.filter(pk=team_id, department=department).first()
    case = case_take_next(actor=request.user, department=department, service=service, team=team)
    if case is None:
        messages.info(request, _("The queue is empty."))
        team_query = f"&team={team.pk}" if team is not None else ""
        return HttpResponseRedirect(
            reverse("handling:queue") + f"?department={department.pk}&tab=new{team_query}"
        )
    messages.success(
        request, _("You are now the handler of %(record)s.") % {"record": case.record_number}
    )
    return HttpResponseRedirect(case_page_url(case))


@staff_member_required
@require_POST
@not_found_as_404
def claim(request, case_id):
    case = access_case_for_handler(request.user, case_id)
    response = run_action(
        request,
        lambda: case_claim(
            actor=request.user, case=case, expected_lock_version=_lock_version(request)
        ),
        success=_("You are now the handler of this application."),
        redirect_to=case_page_url(case),
    )
    # htmx: both columns again (the handler, the actions and every form's lock version change).
    return htmx_part(request, case, response, COLUMNS)


@staff_member_required
@require_POST
@not_found_as_404
def assign(request, case_id):
    case = access_case_for_handler(request.user, case_id)
    handler = get_user_model().objects.filter(pk=int_or_none(request.POST.get("handler"))).first()
    if handler is None:
        messages.error(request, _("Choose the handler."))
        return HttpResponseRedirect(case_page_url(case))
    return run_action(
        request,
        lambda: case_assign(
            actor=request.user,
            case=case,
            handler=handler,
            expected_lock_version=_lock_version(request),
        ),
        success=_("The application has been assigned to %(name)s.")
        % {"name": handler.display_name},
        redirect_to=case_page_url(case),
    )


@staff_member_required
@require_POST
@not_found_as_404
def request_supplement(request, case_id):
    case = access_case_for_handler(request.user, case_id)
    values = {
        "message": request.POST.get("message", ""),
        "due_date": request.POST.get("due_date", ""),
    }
    return run_action(
        request,
        lambda: case_request_supplement(
            actor=request.user,
            case=case,
            message=values["message"],
            due_date=values["due_date"],
            expected_lock_version=_lock_version(request),
        ),
        success=_("The applicant has been asked for a supplement."),
        redirect_to=case_page_url(case),
        invalid=_rerender(request, case, "supplement", values),
    )


@staff_member_required
@require_POST
@not_found_as_404
def transfer(request, case_id):
    case = access_case_for_handler(request.user, case_id)
    values = {
        "department": request.POST.get("department", ""),
        "reason": request.POST.get("reason", ""),
    }
    target = Department.objects.filter(pk=int_or_none(values["department"])).first()
    return run_action(
        request,
        lambda: case_transfer(
            actor=request.user,
            case=case,
            department=target,
            reason=values["reason"],
            expected_lock_version=_lock_version(request),
        ),
        success=lambda _case: (
            _("%(record)s has been transferred to %(department)s.")
            % {"record": case.record_number, "department": target.name}
        ),
        # The handler usually has no access to the case any more: back to the queue.
        redirect_to=reverse("handling:queue"),
        error_redirect_to=case_page_url(case),
        invalid=_rerender(request, case, "transfer", values),
    )


def _decision_posted(request, case_id, service, success_message):
    """The decision form, for an office holder's decision and a board proposal alike."""
    case = access_case_for_handler(request.user, case_id)
    values = {
        "outcome": request.POST.get("outcome", ""),
        "granted_amount": request.POST.get("granted_amount", "").strip(),
        "reasoning": request.POST.get("reasoning", ""),
    }
    # Finnish "1 234,50" as well as "1234.50"; what does not parse goes to the service as typed,
    # which reports it beside the field.
    amount = parse_money(values["granted_amount"]) if values["granted_amount"] else None
    return run_action(
        request,
        lambda: service(
            actor=request.user,
            case=case,
            outcome=values["outcome"],
            granted_amount=amount if amount is not None else values["granted_amount"],
            reasoning=values["reasoning"],
            expected_lock_version=_lock_version(request),
        ),
        success=success_message,
        redirect_to=case_page_url(case),
        # The same form (and field ids) for both.
        invalid=_rerender(request, case, "decide", values),
    )


@staff_member_required
@require_POST
@not_found_as_404
def decide(request, case_id):
    return _decision_posted(request, case_id, case_decide, _("The decision has been made."))


@staff_member_required
@require_POST
@not_found_as_404
def close(request, case_id):
    case = access_case_for_handler(request.user, case_id)
    return run_action(
        request,
        lambda: case_close(
            actor=request.user, case=case, expected_lock_version=_lock_version(request)
        ),
        success=_("The application has been closed."),
        redirect_to=case_page_url(case),
    )


@staff_member_required
@require_POST
@not_found_as_404
def note_add(request, case_id):
    case = access_case_for_handler(request.user, case_id)
    values = {"body": request.POST.get("body", "")}
    response = run_action(
        request,
        lambda: add_note(actor=request.user, case=case, body=values["body"]),
        success=_("The internal note has been added."),
        redirect_to=case_page_url(case, "#notes"),
        error_redirect_to=case_page_url(case),
        invalid=_rerender(request, case, "note", values, part=NOTES),
    )
    # htmx: the notes (and the timeline, out of band) again.
    return htmx_part(request, case, response, NOTES)


@staff_member_required
@require_POST
@not_found_as_404
def propose_decision(request, case_id):
    """A board decides this call: the handler's proposal waits for a decision list."""
    return _decision_posted(
        request,
        case_id,
        case_propose_decision,
        _("The decision has been proposed. Add it to a decision list for the meeting."),
    )


@staff_member_required
@require_POST
@not_found_as_404
def cancel_proposal(request, case_id):
    case = access_case_for_handler(request.user, case_id)
    values = {"reason": request.POST.get("reason", "")}
    return run_action(
        request,
        lambda: grant_services.proposal_cancel(
            actor=request.user,
            case=case,
            reason=values["reason"],
            expected_lock_version=_lock_version(request),
        ),
        success=_("The proposal has been cancelled; the application is in processing."),
        redirect_to=case_page_url(case),
        invalid=_rerender(request, case, "cancel_proposal", values),
    )
