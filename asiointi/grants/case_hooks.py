"""What grants add to the case core, registered in ``GrantsConfig.ready()``
(``asiointi/cases/hooks.py``, docs/architecture.md): the applicant's other applications in every
department, with this year's overlap flags, at the end of the handler's case page."""

from asiointi.cases import hooks
from asiointi.grants.overlaps import case_page_context


def register() -> None:
    hooks.handler_case_panels.register(other_applications_panel)


def other_applications_panel(request, *, case, data: dict) -> hooks.Section:
    return hooks.Section(
        template="grants/_other_applications.html",
        context=case_page_context(case=case, data=data),
        place="end",
    )
