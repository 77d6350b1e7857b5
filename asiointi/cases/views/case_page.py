"""The context of one application's page in the folder (``cases/detail.html``), shared by the
views that show it again with a form's errors: the folder's own (a message) and the payment
request's (``payments.folder.views``). The apps add their sections through the core's
``applicant_case_sections`` hook (``asiointi/cases/hooks.py``): payments shows the grant's
instalments and the payment request."""

from asiointi.cases import attachment_kinds, hooks, workflow
from asiointi.cases.constants import EDITABLE_STATUSES, OPEN_STATUSES, CaseStatus
from asiointi.cases.selectors import case_detail_for_applicant
from asiointi.cases.services.drafts import locked_message


def case_page_context(request, case_id, **extra) -> dict:
    case = case_detail_for_applicant(user=request.user, case_id=int(case_id))
    versions = list(case.versions.all())
    section_context, sections = hooks.page_sections(
        hooks.applicant_case_sections, request, case=case
    )
    return {
        "case": case,
        "versions": versions,
        "latest": versions[-1] if versions else None,
        "attachments": [a for a in case.attachments.all() if a.message_id is None],
        "case_messages": list(case.messages.all()),
        "events": case.applicant_events,
        "editable": case.status in EDITABLE_STATUSES,
        "locked_reason": "" if case.status in EDITABLE_STATUSES else locked_message(case),
        "accepts_additions": case.status in OPEN_STATUSES,
        "accepts_messages": case.status in OPEN_STATUSES and case.status != CaseStatus.DRAFT,
        "attachment_kinds": attachment_kinds.choices_for_applicant(case.service),
        "withdrawable": withdrawable(case),
        **section_context,
        "sections": sections[""],
        **extra,
    }


def withdrawable(case) -> bool:
    return case.status in workflow.TRANSITIONS["withdraw"][0]
