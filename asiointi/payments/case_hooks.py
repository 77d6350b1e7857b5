"""What payments add to the case core, registered in ``PaymentsConfig.ready()``
(``asiointi/cases/hooks.py``, docs/architecture.md): a granted decision's instalments, created in
the deciding transaction, and the payments sections of the applicant's and the handler's case
pages (their template tags read what they show when the page renders)."""

from asiointi.cases import hooks
from asiointi.payments.services.instalments import payments_create_for_decision


def register() -> None:
    # In the transaction: the instalments commit or roll back with the decision.
    hooks.decision_made_in_transaction.register(payments_create_for_decision)
    hooks.applicant_case_sections.register(applicant_section)
    hooks.handler_case_panels.register(handler_panel)


def applicant_section(request, *, case) -> hooks.Section:
    return hooks.Section(template="payments/_applicant_payments.html")


def handler_panel(request, *, case, data: dict) -> hooks.Section:
    return hooks.Section(template="payments/_handler_payments.html", place="after_actions")
