"""The e-services folder (asiointikansio): list, start, edit, send, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from asiointi.accounts.acting import acting_for
from asiointi.accounts.assurance import is_sufficient, reidentify_url, session_level
from asiointi.cases import attachment_kinds, hooks
from asiointi.cases.access import access_case_for_applicant, represented_organisations
from asiointi.cases.constants import EDITABLE_STATUSES, CaseStatus
from asiointi.cases.selectors import FOLDER_GROUPS, case_list_for_applicant
from asiointi.cases.services.drafts import (
    case_create_draft,
    case_delete_draft,
    case_save_draft,
    locked_message,
    strong_identification_missing,
)
from asiointi.cases.services.sending import case_send
from asiointi.cases.views.uploads import add_posted_file
from asiointi.catalogue.selectors import (
    access_benefit_service,
    access_open_call,
    benefit_services,
    open_grant_calls,
)
from asiointi.common.errors import Conflict, DomainError, ValidationFailed
from asiointi.common.web import int_or_none, not_found_as_404, run_action
from asiointi.eforms import parsing, rendering
from asiointi.eforms.spec import FormSpec
from asiointi.eforms.validation import validate

PAGE_SIZE = 50


@login_required
def folder(request):
    organisation = acting_for(request)
    group = request.GET.get("group")
    group = group if group in FOLDER_GROUPS else None
    cases = case_list_for_applicant(user=request.user, organisation=organisation, group=group)
    page = max(int_or_none(request.GET.get("page")) or 1, 1)
    rows = list(cases[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    section_context, sections = hooks.page_sections(
        hooks.folder_sections, request, organisation=organisation
    )
    return render(
        request,
        "cases/folder.html",
        {
            "cases": rows[:PAGE_SIZE],
            "page": page,
            "has_next": len(rows) > PAGE_SIZE,
            "group": group,
            "groups": [
                ("", _("All")),
                ("drafts", _("Drafts")),
                ("sent", _("Sent")),
                ("processing", _("In processing")),
                ("decided", _("Decided")),
            ],
            "acting_for": organisation,
            "organisations": represented_organisations(request.user),
            "calls": open_grant_calls(timezone.localdate()),
            # Benefits without calls (issue 6); one query. A confidential benefit is a person's
            # own matter, so it is not offered when acting for an organisation.
            "benefit_services": [
                service
                for service in benefit_services()
                if not (organisation and service.confidential)
            ],
            # What the apps add (client fees, the person's own feedback): hooks.py.
            **section_context,
            "folder_sections": sections[""],
        },
    )


@login_required
@require_POST
@not_found_as_404
def start(request, call_id):
    call = access_open_call(call_id, timezone.localdate())
    return run_action(
        request,
        lambda: case_create_draft(
            actor=request.user, grant_call=call, organisation=acting_for(request)
        ),
        redirect_to=_edit_url,
        error_redirect_to=reverse("cases:folder"),
    )


def _edit_url(case) -> str:
    return reverse("cases:edit", args=[case.pk])


@login_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def start_service(request, service_code):
    """A benefit applied for without a call: a page that says what the application needs (GET),
    and the start button (POST) that makes the draft."""
    service = access_benefit_service(service_code)
    organisation = acting_for(request)
    identification_missing = strong_identification_missing(request.user, service, organisation)
    level = session_level(request)
    if request.method == "GET":
        return render(
            request,
            "cases/start_service.html",
            {
                "service": service,
                "acting_for": organisation,
                "for_organisation_refused": service.confidential and organisation is not None,
                "strong_identification_missing": identification_missing,
                # The login's level of assurance is too low for a confidential benefit.
                "assurance_too_low": service.confidential and not is_sufficient(level),
                "reidentify_url": reidentify_url(request),
            },
        )
    return run_action(
        request,
        lambda: case_create_draft(
            actor=request.user, service=service, organisation=organisation, level_of_assurance=level
        ),
        redirect_to=_edit_url,
        error_redirect_to=reverse("cases:start_service", args=[service.code]),
    )


@login_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def edit(request, case_id):
    case = access_case_for_applicant(request.user, case_id)
    spec = FormSpec.from_definition(case.form)
    if case.status not in EDITABLE_STATUSES:
        messages.info(request, locked_message(case))
        return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    if request.method == "POST":
        outcome = _edit_post(request, case, spec)
        if isinstance(outcome, HttpResponseRedirect):
            return outcome
        case, data, errors, extra_rows, status = outcome
    else:
        data, extra_rows, status = case.draft_data, {}, 200
        errors = validate(spec, data) if request.GET.get("check") else {}
    return render(
        request,
        "cases/edit.html",
        {
            "case": case,
            "spec": spec,
            "fieldsets": rendering.bind(spec, data, errors, extra_rows),
            "error_summary": rendering.error_summary(spec, errors),
            "attachments": case.attachments.filter(message__isnull=True),
            "attachment_kinds": attachment_kinds.choices_for_applicant(case.service),
        },
        status=status,
    )


def _edit_post(request, case, spec):
    """Save (always), then send when asked; a chosen file is stored either way.

    The buttons: ``action=send`` sends, ``action=save`` (and ``enter``, the hidden default button
    that pressing Enter in a field uses) and ``action=attach`` save the draft, and
    "add a row" / "remove row" save and show the form again. Nothing typed is ever lost: a failed
    send still saves the working copy.
    """
    data = parsing.data_from_post(spec, request.POST)
    extra_rows = parsing.extra_rows_from_post(spec, request.POST, data)
    row_change = bool(extra_rows) or parsing.REMOVE_ROW in request.POST
    action = "rows" if row_change else request.POST.get("action", "save")
    if action == "enter":  # the hidden default button: Enter in a field saves the draft
        action = "save"
    expected = int_or_none(request.POST.get("lock_version"))
    status, errors = 200, {}
    try:
        if action == "send":
            was_draft = case.status == CaseStatus.DRAFT
            case = case_send(
                actor=request.user,
                case=case,
                data=data,
                expected_lock_version=expected,
                level_of_assurance=session_level(request),
            )
            add_posted_file(request, case, required=False)
            messages.success(
                request,
                _("Your application has been received.")
                if was_draft
                else _("The updated version has been received."),
            )
            return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
        case = case_save_draft(
            actor=request.user, case=case, data=data, expected_lock_version=expected
        )
        # Only sending checks the required fields; saving, attaching or a row change shows only
        # what is wrong in what was typed.
        errors = validate(spec, data, missing=False)
        if action == "save":
            messages.success(request, _("The draft has been saved."))
    except ValidationFailed as failure:
        case = case_save_draft(actor=request.user, case=case, data=data)
        errors, status = failure.errors, 422
        messages.error(request, failure.message)
    except Conflict as conflict:
        messages.error(request, conflict.message)
        return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    except DomainError as error:
        messages.error(request, error.message)
        errors, status = validate(spec, data), 400
    if add_posted_file(request, case, required=action == "attach") and action == "attach":
        return HttpResponseRedirect(reverse("cases:edit", args=[case.pk]) + "#attachments")
    return case, data, errors, extra_rows, status


@login_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def delete(request, case_id):
    case = access_case_for_applicant(request.user, case_id)
    if case.status != CaseStatus.DRAFT:
        messages.error(request, _("Only drafts can be deleted."))
        return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    if request.method == "POST":
        case_delete_draft(actor=request.user, case=case)
        messages.success(request, _("The draft has been deleted."))
        return HttpResponseRedirect(reverse("cases:folder"))
    return render(request, "cases/delete.html", {"case": case})
