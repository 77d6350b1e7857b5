"""The instructions for requesting a review (oikaisuvaatimusohje) in a decision letter, chosen by
the kind of decision in one table.

Two laws give the rules, and which one applies depends on what was decided:

- **A grant** (avustus), decided by an office holder or by a board, is a municipal decision under
  the Local Government Act (410/2015, §§ 134–138): a request for review within 14 days, by the
  party *and by any member of the municipality*, who is deemed notified on the 7th day after the
  minutes were made publicly available online. An office holder's decision is reviewed by the
  board the office holder is subordinate to; a board's by the board itself.
- **A social-welfare decision about one person** — a client fee (Act on Client Charges 734/1992
  § 15, as amended by 1201/2020), an income-based service-voucher value (Service Voucher Act
  569/2009) or social assistance (Act on Social Assistance 1412/1997 § 24, Social Welfare Act
  1301/2014 § 48) — is reviewed under the Administrative Procedure Act (434/2003, chapter 7 a):
  only the party may request it (§ 49 b), within 30 days of the notification (§ 49 c), from the
  municipal body responsible for social welfare. No minutes, no members of the municipality.

Both: unless shown otherwise, a letter sent by ordinary post is deemed received on the 7th day
after it was sent (Administrative Procedure Act § 59) and an electronic notification on the 3rd
day (Act on Electronic Services and Communication in the Public Sector 13/2003 § 19).

The letters (``cases/letters.py``, ``fees/letters.py``) ask ``review_instructions`` for the
context of ``cases/letters/_review_instructions.html``. A case's kind comes from its service: an
app registers a function on the ``review_kinds`` hook (``asiointi/cases/hooks.py``) that names
the kind of its services (the social-assistance app does); any other case is a grant under the
Local Government Act.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asiointi.cases import hooks


class ReviewKind(StrEnum):
    GRANT_BY_OFFICE_HOLDER = "grant_by_office_holder"
    GRANT_BY_BOARD = "grant_by_board"
    CLIENT_FEE = "client_fee"
    SERVICE_VOUCHER = "service_voucher"
    SOCIAL_ASSISTANCE = "social_assistance"


@dataclass(frozen=True)
class ReviewRule:
    # Days from the notification (the day of notification not counted).
    days: int
    # Local Government Act: any member of the municipality may also request a review, and
    # is deemed notified when the minutes have been online for seven days.
    members_of_municipality: bool
    # Administrative Procedure Act § 49 b: the party alone.
    party_only: bool
    legal_basis: Promise


_LOCAL_GOVERNMENT = ReviewRule(
    days=14,
    members_of_municipality=True,
    party_only=False,
    legal_basis=gettext_lazy(
        "Legal basis: Local Government Act (410/2015), sections 134–138; Administrative "
        "Procedure Act (434/2003), section 59; Act on Electronic Services and Communication in "
        "the Public Sector (13/2003), section 19."
    ),
)

RULES: dict[ReviewKind, ReviewRule] = {
    ReviewKind.GRANT_BY_OFFICE_HOLDER: _LOCAL_GOVERNMENT,
    ReviewKind.GRANT_BY_BOARD: _LOCAL_GOVERNMENT,
    ReviewKind.CLIENT_FEE: ReviewRule(
        days=30,
        members_of_municipality=False,
        party_only=True,
        legal_basis=gettext_lazy(
            "Legal basis: Act on Client Charges in Healthcare and Social Welfare (734/1992), "
            "section 15; Administrative Procedure Act (434/2003), sections 49 a–49 g and 59; Act "
            "on Electronic Services and Communication in the Public Sector (13/2003), section 19."
        ),
    ),
    ReviewKind.SERVICE_VOUCHER: ReviewRule(
        days=30,
        members_of_municipality=False,
        party_only=True,
        legal_basis=gettext_lazy(
            "Legal basis: Act on Service Vouchers in Social Welfare and Health Care (569/2009); "
            "Administrative Procedure Act (434/2003), sections 49 a–49 g and 59; Act on "
            "Electronic Services and Communication in the Public Sector (13/2003), section 19."
        ),
    ),
    ReviewKind.SOCIAL_ASSISTANCE: ReviewRule(
        days=30,
        members_of_municipality=False,
        party_only=True,
        legal_basis=gettext_lazy(
            "Legal basis: Act on Social Assistance (1412/1997), section 24; Social Welfare Act "
            "(1301/2014), section 48; Administrative Procedure Act (434/2003), sections 49 a–49 g "
            "and 59; Act on Electronic Services and Communication in the Public Sector "
            "(13/2003), section 19."
        ),
    ),
}


def case_review_kind(service_code: str, *, by_board: bool) -> ReviewKind:
    """The kind of a case's decision: the one an app's ``review_kinds`` hook names for the
    service, else a grant."""
    for kind_of in hooks.review_kinds:
        registered = kind_of(service_code)
        if registered is not None:
            return registered
    return ReviewKind.GRANT_BY_BOARD if by_board else ReviewKind.GRANT_BY_OFFICE_HOLDER


def social_welfare_body() -> str:
    """The municipal body that reviews social-welfare decisions about one person, by name."""
    if settings.SOCIAL_WELFARE_REVIEW_BODY:
        return settings.SOCIAL_WELFARE_REVIEW_BODY
    return _("%(city)s, Social and Health Services Committee") % {"city": settings.CITY_NAME}


def review_instructions(
    kind: ReviewKind,
    *,
    department_name: str,
    decision_reference: str,
    board_name: str = "",
    contact: dict | None = None,
    in_folder: bool = False,
) -> dict:
    """The context of ``cases/letters/_review_instructions.html``; call with the letter's
    language active.

    ``decision_reference`` names the decision in the list of what the request must state;
    ``board_name`` is the deciding board of a board's decision; ``contact`` (unit, email, phone)
    is printed under the registry's name; ``in_folder`` tells that the request may also be sent
    as a message in the e-services folder.
    """
    rule = RULES[kind]
    if kind == ReviewKind.GRANT_BY_BOARD:
        authority = _(
            "The request for review is made to the authority that made the decision: %(body)s."
        ) % {"body": board_name}
    elif kind == ReviewKind.GRANT_BY_OFFICE_HOLDER:
        authority = _(
            "The decision was made by an office holder. The request for review is made to the "
            "board to which the office holder is subordinate: the board responsible for "
            "%(department)s."
        ) % {"department": department_name}
    else:
        authority = _(
            "The request for review is made to the municipal body responsible for social "
            "welfare: %(body)s."
        ) % {"body": social_welfare_body()}
    if rule.party_only:
        who = _(
            "Only the party may request a review: the person to whom the decision applies. A "
            "guardian, another legal representative or a person they authorise may make the "
            "request on the party's behalf."
        )
    else:
        who = _(
            "A review may be requested by the party to whom the decision applies or whose "
            "right, obligation or interest it directly affects, and by a member of the "
            "municipality."
        )
    return {
        "kind": kind.value,
        "days": rule.days,
        "members_of_municipality": rule.members_of_municipality,
        "who": who,
        "authority": authority,
        "decision_reference": decision_reference,
        "department_name": department_name,
        "city_name": settings.CITY_NAME,
        "contact": contact,
        "in_folder": in_folder,
        "legal_basis": str(rule.legal_basis),
    }
