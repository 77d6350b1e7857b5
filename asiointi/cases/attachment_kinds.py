"""The types of attachment a case offers, by its service (docs/handling.md, "Attachment types").

Each service shows its own: a grant's applicant chooses among a budget, a financial statement and
the minutes, a social-assistance applicant among bank statements, payslips and a rent agreement.
The core knows the types (``AttachmentKind``) but not which service is which: the apps say it on
the ``attachment_kinds`` hook (``asiointi/cases/hooks.py``), grants for grant services, social
assistance for its own. A service no app names offers "Other" only. Staff may also add scanned
paper; nobody chooses the decision letter (the platform makes it).
"""

from asiointi.cases import hooks
from asiointi.cases.constants import AttachmentKind

# A service no app names.
GENERAL_KINDS = (AttachmentKind.OTHER,)


def kinds_for(service) -> tuple[str, ...]:
    """The types the service's applicants choose from, in the order offered; "Other" last."""
    for kinds_of in hooks.attachment_kinds:
        kinds = kinds_of(service)
        if kinds is not None:
            break
    else:
        kinds = GENERAL_KINDS
    hidden = {AttachmentKind.SCANNED_PAPER, AttachmentKind.DECISION_LETTER, AttachmentKind.OTHER}
    return (*(kind for kind in kinds if kind not in hidden), AttachmentKind.OTHER)


def _choices(kinds) -> list[tuple[str, str]]:
    return [(kind, AttachmentKind(kind).label) for kind in kinds]


def choices_for_applicant(service) -> list[tuple[str, str]]:
    return _choices(kinds_for(service))


def choices_for_staff(service) -> list[tuple[str, str]]:
    """The applicant's types and scanned paper (the city scans what comes in on paper)."""
    return _choices((AttachmentKind.SCANNED_PAPER, *kinds_for(service)))
