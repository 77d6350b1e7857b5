"""Whom the person acts for in the folder: themselves, or an organisation they represent.

The choice is kept in the session; it is re-checked against the representation records on every
request, so a revoked right takes effect at once.
"""

from asiointi.accounts.models import ApplicantOrganisation
from asiointi.cases.access import represented_organisations

SESSION_KEY = "asiointi_acting_for"


def acting_for(request) -> ApplicantOrganisation | None:
    organisation_id = request.session.get(SESSION_KEY)
    if not organisation_id:
        return None
    organisation = represented_organisations(request.user).filter(pk=organisation_id).first()
    if organisation is None:
        request.session.pop(SESSION_KEY, None)
    return organisation


def set_acting_for(request, organisation: ApplicantOrganisation | None) -> None:
    if organisation is None:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = organisation.pk
