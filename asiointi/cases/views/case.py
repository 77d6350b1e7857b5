"""One application in the folder: status, contact, versions, attachments, messages, timeline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from asiointi.cases.access import access_attachment, access_case_for_applicant
from asiointi.cases.downloads import attachment_response
from asiointi.cases.selectors import version_comparison
from asiointi.cases.services.messaging import message_send as send_message
from asiointi.cases.services.messaging import messages_mark_read
from asiointi.cases.services.sending import case_withdraw
from asiointi.cases.views.case_page import case_page_context, withdrawable
from asiointi.cases.views.uploads import add_posted_file
from asiointi.common.errors import DomainError
from asiointi.common.web import int_or_none, not_found_as_404, run_action


@login_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def detail(request, case_id):
    if request.method == "POST":
        # The message form posts to the page itself (``#message-form``), so that a refused message
        # comes back on the case page's own address, scrolled to the form.
        return message_send(request, case_id)
    context = case_page_context(request, case_id)
    response = render(request, "cases/detail.html", context)
    if context["case"].unread_for_applicant:
        # Shown once on this page: the messages count as read from now on.
        messages_mark_read(actor=request.user, case=context["case"])
    return response


@login_required
@not_found_as_404
def withdraw(request, case_id):
    """A confirmation page (GET) and the withdrawal itself (POST), without JavaScript."""
    case = access_case_for_applicant(request.user, case_id)
    if request.method == "POST":
        return run_action(
            request,
            lambda: case_withdraw(
                actor=request.user,
                case=case,
                expected_lock_version=int_or_none(request.POST.get("lock_version")),
            ),
            success=_("The application has been withdrawn."),
            redirect_to=reverse("cases:detail", args=[case.pk]),
        )
    if not withdrawable(case):
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
    body = request.POST.get("body", "")

    def refused(error):
        # Whatever refuses the message, the page comes back with the text kept.
        context = case_page_context(
            request,
            case_id,
            message_error=error.message,
            message_error_summary=[("message-body", "", error.message)],
            message_body=body,
        )
        return render(request, "cases/detail.html", context, status=422)

    return run_action(
        request,
        lambda: send_message(
            actor=request.user,
            case=case,
            body=body,
            uploads=request.FILES.getlist("files"),
        ),
        success=_("Your message has been sent."),
        redirect_to=reverse("cases:detail", args=[case.pk]) + "#messages",
        invalid=refused,
        invalid_on=DomainError,
    )
