"""What grants add to the case core, registered in ``GrantsConfig.ready()``
(``asiointi/cases/hooks.py``, docs/architecture.md): the applicant's other applications in every
department, with this year's overlap flags, at the end of the handler's case page of a grant;
and the types of attachment a grant offers."""

from asiointi.cases import hooks
from asiointi.cases.constants import AttachmentKind
from asiointi.catalogue.constants import ServiceKind
from asiointi.grants.overlaps import case_page_context

# What a grant's applicant attaches: the association's finances and, after the grant, the report
# on its use with the receipts.
GRANT_ATTACHMENT_KINDS = (
    AttachmentKind.BUDGET,
    AttachmentKind.FINANCIAL_STATEMENT,
    AttachmentKind.MINUTES,
    AttachmentKind.USAGE_REPORT,
    AttachmentKind.RECEIPTS,
)


def register() -> None:
    hooks.handler_case_panels.register(other_applications_panel)
    hooks.attachment_kinds.register(attachment_kinds)


def attachment_kinds(service) -> tuple[str, ...] | None:
    return GRANT_ATTACHMENT_KINDS if service.kind == ServiceKind.GRANT else None


def other_applications_panel(request, *, case, data: dict) -> hooks.Section | None:
    """For a grant only: the overlaps of funding are a grant's question (a social-assistance
    case's page shows nothing of it)."""
    if case.service.kind != ServiceKind.GRANT:
        return None
    return hooks.Section(
        template="grants/_other_applications.html",
        context=case_page_context(case=case, data=data),
        place="end",
    )
