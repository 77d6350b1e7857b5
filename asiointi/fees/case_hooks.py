"""What client fees add to the case core, registered in ``FeesConfig.ready()``
(``asiointi/cases/hooks.py``, docs/architecture.md): the person's income reviews and fee
decisions in the e-services folder."""

from asiointi.cases import hooks
from asiointi.fees.folder.selectors import folder_fee_reviews


def register() -> None:
    # Above the feedback section.
    hooks.folder_sections.register(fee_reviews_section, order=10)


def fee_reviews_section(request, *, organisation) -> hooks.Section:
    """Income reviews and fee decisions are personal, so they are shown only when acting as
    oneself (no query otherwise); one query however many."""
    return hooks.Section(
        template="fees/folder/_folder_section.html",
        context={"fee_reviews": [] if organisation else folder_fee_reviews(request.user)},
    )
