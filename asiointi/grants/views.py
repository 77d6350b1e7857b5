"""Decision lists in the handlers' area (/kasittely/paatoslistat/): parse → one service or
selector → render. Service errors map here, in one place: ``ValidationFailed`` re-renders the page
with the errors beside the fields (422), other rule errors become a message, "not found" is 404.
"""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from asiointi.cases.models import Case
from asiointi.common.errors import NotFound, ValidationFailed
from asiointi.common.spreadsheets import download
from asiointi.common.web import int_or_none, not_found_as_404, run_action
from asiointi.grants import exports, selectors, services
from asiointi.grants.access import access_decision_list
from asiointi.grants.models import DecisionList
from asiointi.handling.access import choose_department, staff_member_required


def _translation_fields(values: dict, errors: dict) -> list[dict]:
    """The new list's optional Swedish and English title and deciding body."""
    return [
        {
            "name": name,
            "label": DecisionList._meta.get_field(name).verbose_name,
            "value": values.get(name, ""),
            "errors": errors.get(name, []),
        }
        for name in services.TRANSLATIONS
    ]


def _lists_page(request, department, *, status=200, **extra):
    return render(
        request,
        "grants/decision_lists.html",
        {
            "departments": request.handler_departments,
            "department": department,
            "decision_lists": list(selectors.decision_list_list(department=department)),
            "translation_fields": _translation_fields(
                extra.get("form_values", {}), extra.get("form_errors", {}).get("create", {})
            ),
            **extra,
        },
        status=status,
    )


@staff_member_required
def decision_lists(request):
    department = choose_department(request.handler_departments, request.GET.get("department"))
    return _lists_page(request, department)


@staff_member_required
@require_POST
def decision_list_create(request):
    department = choose_department(request.handler_departments, request.POST.get("department"))
    values = {
        key: request.POST.get(key, "") for key in ("title", "body_name", *services.TRANSLATIONS)
    }
    try:
        decision_list = services.decision_list_create(
            actor=request.user, department=department, **values
        )
    except ValidationFailed as error:
        return _lists_page(
            request,
            department,
            status=422,
            error_message=error.message,
            form_errors={"create": error.errors},
            form_values=values,
        )
    messages.success(request, _("The decision list has been created."))
    return HttpResponseRedirect(_list_url(decision_list))


def _list_url(decision_list, fragment: str = "") -> str:
    return reverse("grants:detail", args=[decision_list.pk]) + fragment


def _detail_page(request, decision_list, *, status=200, **extra):
    entries = list(selectors.decision_list_entries(decision_list=decision_list))
    for entry in entries:
        entry.purpose = selectors.purpose_of(entry.case, entry.sent_data)
    available = (
        list(selectors.available_proposals(department=decision_list.department))
        if decision_list.is_draft
        else []
    )
    return render(
        request,
        "grants/decision_list.html",
        {
            "decision_list": decision_list,
            "entries": entries,
            "available": available,
            "requested_total": sum(e.case.requested_amount or 0 for e in entries),
            "proposed_total": sum(e.case.granted_amount or 0 for e in entries),
            **extra,
        },
        status=status,
    )


@staff_member_required
@not_found_as_404
def decision_list_detail(request, list_id):
    return _detail_page(request, access_decision_list(request.user, list_id))


def _rerender(request, decision_list, form: str, values: dict):
    """Per-field errors for a ValidationFailed with field errors; ``None`` for any other error,
    which ``run_action`` reports as a message."""

    def invalid(error):
        if not error.errors:
            return None
        return _detail_page(
            request,
            decision_list,
            status=422,
            error_message=error.message,
            form_errors={form: error.errors},
            form_values={form: values},
        )

    return invalid


@staff_member_required
@require_POST
@not_found_as_404
def decision_list_add(request, list_id):
    decision_list = access_decision_list(request.user, list_id)
    ids = {int_or_none(raw) for raw in request.POST.getlist("cases")} - {None}
    # Grant cases only: an error naming another kind of case would reveal a confidential one.
    cases = list(
        Case.objects.grants().filter(pk__in=ids, department_id=decision_list.department_id)
    )
    if len(cases) != len(ids):
        raise NotFound(_("Application not found."))
    return run_action(
        request,
        lambda: services.decision_list_add_cases(
            actor=request.user, decision_list=decision_list, cases=cases
        ),
        success=lambda added: (
            ngettext(
                "%(count)d proposal added to the list.",
                "%(count)d proposals added to the list.",
                added,
            )
            % {"count": added}
        ),
        redirect_to=_list_url(decision_list),
        invalid=_rerender(request, decision_list, "add", {}),
    )


@staff_member_required
@require_POST
@not_found_as_404
def decision_list_remove(request, list_id, case_id):
    decision_list = access_decision_list(request.user, list_id)
    case = Case.objects.filter(pk=case_id, decision_list_entry__decision_list=decision_list).first()
    if case is None:
        raise NotFound(_("Application not found."))
    return run_action(
        request,
        lambda: services.decision_list_remove_case(
            actor=request.user, decision_list=decision_list, case=case
        ),
        success=_("%(record)s has been removed from the list.") % {"record": case.record_number},
        redirect_to=_list_url(decision_list),
    )


@staff_member_required
@require_POST
@not_found_as_404
def decision_list_approve(request, list_id):
    decision_list = access_decision_list(request.user, list_id)
    values = {
        "meeting_date": request.POST.get("meeting_date", ""),
        "section": request.POST.get("section", ""),
    }
    return run_action(
        request,
        lambda: services.decision_list_approve(
            actor=request.user, decision_list=decision_list, **values
        ),
        success=_(
            "The decision list has been approved. The decisions are final and the letters are sent."
        ),
        redirect_to=_list_url(decision_list),
        invalid=_rerender(request, decision_list, "approve", values),
    )


def _file_name(decision_list, extension: str) -> str:
    # Outside the f-string: makemessages (xgettext) does not look inside one.
    word = pgettext("file name", "decision-list")
    return f"{word}-{decision_list.pk}.{extension}"


@staff_member_required
@not_found_as_404
def decision_list_pdf(request, list_id):
    decision_list = access_decision_list(request.user, list_id)
    return download(
        exports.decision_list_pdf(decision_list),
        filename=_file_name(decision_list, "pdf"),
        content_type="application/pdf",
    )


@staff_member_required
@not_found_as_404
def decision_list_csv(request, list_id):
    decision_list = access_decision_list(request.user, list_id)
    return download(
        exports.decision_list_csv(decision_list),
        filename=_file_name(decision_list, "csv"),
        content_type="text/csv; charset=utf-8",
    )
