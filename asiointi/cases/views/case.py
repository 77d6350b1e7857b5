"""One application in the folder: status, contact, versions, attachments, messages, timeline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from asiointi.cases import services, workflow
from asiointi.cases.access import access_attachment, access_case_for_applicant
from asiointi.cases.constants import EDITABLE_STATUSES, OPEN_STATUSES, AttachmentKind, CaseStatus
from asiointi.cases.downloads import attachment_response
from asiointi.cases.selectors import case_detail_for_applicant, version_comparison
from asiointi.cases.views.uploads import add_posted_file
from asiointi.common.errors import DomainError, NotFound, ValidationFailed
from asiointi.common.web import int_or_none, not_found_as_404


def _detail_context(request, case_id, **extra):
    case = case_detail_for_applicant(user=request.user, case_id=int(case_id))
    versions = list(case.versions.all())
    return {
        "case": case,
        "versions": versions,
        "latest": versions[-1] if versions else None,
        "attachments": [a for a in case.attachments.all() if a.message_id is None],
        "case_messages": list(case.messages.all()),
        "events": case.applicant_events,
        "editable": case.status in EDITABLE_STATUSES,
        "locked_reason": "" if case.status in EDITABLE_STATUSES else services.locked_message(case),
        "accepts_additions": case.status in OPEN_STATUSES,
        "accepts_messages": case.status in OPEN_STATUSES and case.status != CaseStatus.DRAFT,
        "attachment_kinds": AttachmentKind.choices_for_applicant(),
        "withdrawable": _withdrawable(case),
        **extra,
    }


@login_required
@not_found_as_404
def detail(request, case_id):
    context = _detail_context(request, case_id)
    response = render(request, "cases/detail.html", context)
    if context["case"].unread_for_applicant:
        # Shown once on this page: the messages count as read from now on.
        services.messages_mark_read(actor=request.user, case=context["case"])
    return response


def _withdrawable(case) -> bool:
    return case.status in workflow.TRANSITIONS["withdraw"][0]


@login_required
@not_found_as_404
def withdraw(request, case_id):
    """A confirmation page (GET) and the withdrawal itself (POST), without JavaScript."""
    case = access_case_for_applicant(request.user, case_id)
    if request.method == "POST":
        try:
            services.case_withdraw(
                actor=request.user,
                case=case,
                expected_lock_version=int_or_none(request.POST.get("lock_version")),
            )
        except DomainError as error:
            if isinstance(error, NotFound):
                raise
            messages.error(request, error.message)
        else:
            messages.success(request, _("The application has been withdrawn."))
        return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    if not _withdrawable(case):
        messages.error(request, _("This application can no longer be withdrawn."))
        return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]))
    return render(request, "cases/withdraw.html", {"case": case})


@login_required
@not_found_as_404
def version(request, case_id, number):
    case = access_case_for_applicant(request.user, case_id)
    context = version_comparison(
        case=case, number=number, compare_to=int_or_none(request.GET.get("vs"))
    )
    return render(request, "cases/version.html", context)


@login_required
@not_found_as_404
def attachment_download(request, case_id, attachment_id):
    case = access_case_for_applicant(request.user, case_id)
    attachment = access_attachment(case, attachment_id)
    return attachment_response(attachment)


@login_required
@require_POST
@not_found_as_404
def attachment_upload(request, case_id):
    case = access_case_for_applicant(request.user, case_id)
    add_posted_file(request, case)
    return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]) + "#attachments")


@login_required
@require_POST
@not_found_as_404
def message_send(request, case_id):
    case = access_case_for_applicant(request.user, case_id)
    try:
        services.message_send(
            actor=request.user,
            case=case,
            body=request.POST.get("body", ""),
            uploads=request.FILES.getlist("files"),
        )
        messages.success(request, _("Your message has been sent."))
    except (ValidationFailed, DomainError) as error:
        context = _detail_context(
            request, case_id, message_error=error.message, message_body=request.POST.get("body", "")
        )
        return render(request, "cases/detail.html", context, status=422)
    return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]) + "#messages")
