"""Reading across departments (docs/handling.md): search, a read-only case page, the read
audit.

Every staff member with a department membership may search and read grant applications of every
department, never act on them. ``access_case_for_reader`` writes the audit row for each read of
another department's case, so this page cannot forget it.
"""

from django.http import Http404
from django.shortcuts import render

from asiointi.cases.access import access_case_for_reader
from asiointi.cases.selectors import case_read_audit_list, version_list
from asiointi.common.web import int_or_none, not_found_as_404
from asiointi.eforms.display import display_rows
from asiointi.eforms.spec import FormSpec
from asiointi.handling import selectors
from asiointi.handling.access import staff_member_required

SEARCH_PAGE_SIZE = 50
AUDIT_PAGE_SIZE = 100


def _page(request) -> int:
    return max(int_or_none(request.GET.get("page")) or 1, 1)


@staff_member_required
def search(request):
    text = request.GET.get("q", "").strip()[:100]
    page = _page(request)
    rows = []
    if text:
        queryset = selectors.cross_department_search(text=text)
        rows = list(queryset[(page - 1) * SEARCH_PAGE_SIZE : page * SEARCH_PAGE_SIZE + 1])
    return render(
        request,
        "handling/search.html",
        {
            "q": text,
            "cases": rows[:SEARCH_PAGE_SIZE],
            "page": page,
            "has_next": len(rows) > SEARCH_PAGE_SIZE,
            "own_department_ids": {d.pk for d in request.handler_departments},
        },
    )


@staff_member_required
@not_found_as_404
def read_case(request, case_id):
    case = access_case_for_reader(request.user, case_id)
    versions = list(version_list(case=case))
    latest = versions[-1] if versions else None
    rows = display_rows(FormSpec.from_definition(case.form), latest.data) if latest else []
    return render(
        request,
        "handling/read.html",
        {
            "case": case,
            "latest": latest,
            "rows": rows,
            "own_department": case.department_id in {d.pk for d in request.handler_departments},
        },
    )


@staff_member_required
def read_audit(request):
    if not selectors.reader_is_auditor(user=request.user):
        raise Http404
    page = _page(request)
    entries = list(
        case_read_audit_list(auditor=request.user)[
            (page - 1) * AUDIT_PAGE_SIZE : page * AUDIT_PAGE_SIZE + 1
        ]
    )
    return render(
        request,
        "handling/read_audit.html",
        {
            "entries": entries[:AUDIT_PAGE_SIZE],
            "page": page,
            "has_next": len(entries) > AUDIT_PAGE_SIZE,
        },
    )
