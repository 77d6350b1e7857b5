"""Decision letters (päätöskirje) as accessible PDF documents, rendered with WeasyPrint.

The letter is rendered in the *applicant's* language, whoever triggers it, from
``cases/letters/decision_letter.html``: the decision, its reasoning, who decided, what happens
next, and the instructions for requesting a review (oikaisuvaatimusohje), whose rules depend on
the kind of decision (a grant under the Local Government Act, social assistance under the
Administrative Procedure Act): ``review_instructions.py`` chooses them. It is stored as the
case's ``DECISION_LETTER`` attachment. The task that calls ``decision_letter_store`` may run more
than once; only the first run stores a letter.

The same letter serves grants and benefits (a benefit has no call and no amount applied for).
It is printable for paper mail: when the latest sent version has the address fields
``street_address``, ``postal_code`` and ``post_office`` (the names the forms use, e.g.
toimeentulotuki.json), an address block sits where a window envelope shows it. Apps add their own
sections without this module importing them: a function on the ``letter_sections`` hook
(``asiointi/cases/hooks.py``, registered in the app's ``AppConfig.ready()``) gets the case and
returns ``{"template": ..., "context": ...}`` or None; the template is rendered inside the letter
with ``section`` as the given context.
"""

import datetime
import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from asiointi.cases import hooks
from asiointi.cases.attachment_storage import store_attachment
from asiointi.cases.constants import (
    GRANTING_OUTCOMES,
    AttachmentKind,
    CaseStatus,
    DecisionOutcome,
    EventKind,
)
from asiointi.cases.events import record_event
from asiointi.cases.models import Attachment, Case, TimelineEvent
from asiointi.cases.review_instructions import case_review_kind, review_instructions
from asiointi.cases.uploads import CheckedFile, StoredFiles
from asiointi.common.i18n import SUPPORTED, pick

PDF_CONTENT_TYPE = "application/pdf"

# The form fields of a postal address; a form with all three gets the address block.
ADDRESS_FIELDS = ("street_address", "postal_code", "post_office")


def person_language(person) -> str:
    """The language a person's letters are written in: their preferred one, else Finnish.
    Shared with the fee decision letters (asiointi/fees/letters.py)."""
    language = getattr(person, "preferred_language", "") or "fi"
    return language if language in SUPPORTED else "fi"


def letter_language(case: Case) -> str:
    return person_language(case.applicant)


def _decided_event(case: Case) -> TimelineEvent | None:
    return case.events.filter(kind=EventKind.DECIDED).order_by("-at", "-pk").first()


def postal_address(case: Case) -> dict | None:
    """The recipient's postal address from the latest sent version, or None when the form has
    no complete address (grant forms: the letter then goes to the folder only)."""
    version = case.versions.order_by("-number").first()
    data = version.data if version else {}
    values = [str(data.get(name) or "").strip() for name in ADDRESS_FIELDS]
    if not all(values):
        return None
    street, postal_code, post_office = values
    name = str(data.get("contact_name") or "").strip() or case.applicant.display_name
    return {
        "name": name,
        "organisation": case.organisation.name if case.organisation else "",
        "street_address": street,
        "postal_code": postal_code,
        "post_office": post_office,
    }


def _sections(case: Case) -> list[dict]:
    # Extra sections added by apps: each function is called with the case, with the letter's
    # language active, and returns the section or None.
    return [section for make in hooks.letter_sections if (section := make(case))]


def letter_context(case: Case) -> dict:
    """What the template needs; call with the letter's language active."""
    event = _decided_event(case)
    details = event.details if event else {}
    meeting_date = details.get("meeting_date")
    # The board's name as the list gave it in three languages ({"fi": …}; a plain string in
    # decisions made before that), read in the letter's language.
    body_name = pick(details.get("body"))
    by_board = bool(body_name)
    decided_at = case.decided_at or timezone.now()
    handler = case.handler or case.decided_by
    return {
        "case": case,
        "language": translation.get_language(),
        "city_name": settings.CITY_NAME,
        "recipient": case.organisation.name if case.organisation else case.applicant.display_name,
        "recipient_business_id": case.organisation.business_id if case.organisation else "",
        "contact_person": case.applicant.display_name if case.organisation else "",
        "decision_date": timezone.localdate(decided_at),
        "outcome": case.decision_outcome,
        "outcomes": DecisionOutcome,
        "grants_money": case.decision_outcome in GRANTING_OUTCOMES,
        "by_board": by_board,
        "body_name": body_name,
        "meeting_date": datetime.date.fromisoformat(meeting_date) if meeting_date else None,
        "section": details.get("section", ""),
        "decision_maker_name": case.decided_by.display_name if case.decided_by else "",
        "handler": handler,
        "call": case.grant_call,
        "service": case.service,
        "is_grant": case.grant_call_id is not None,
        "review": _review(case, by_board=by_board, board_name=body_name),
        "address": postal_address(case),
        "sections": _sections(case),
    }


def _review(case: Case, *, by_board: bool, board_name: str) -> dict:
    reference = _(
        "the decision the request concerns (record number %(record)s and date of the decision);"
    ) % {"record": case.record_number}
    service = case.service
    return review_instructions(
        case_review_kind(service.code, by_board=by_board),
        department_name=case.department.name,
        decision_reference=reference,
        board_name=board_name,
        contact={
            "unit": service.contact_unit,
            "email": service.contact_email,
            "phone": service.contact_phone,
        },
        in_folder=True,
    )


def decision_letter_pdf(case: Case, *, language: str | None = None) -> bytes:
    """The letter as a tagged PDF/UA-1 document (structure tree, document language, title)."""
    from weasyprint import HTML

    language = language or letter_language(case)
    with translation.override(language):
        html = render_to_string("cases/letters/decision_letter.html", letter_context(case))
        return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")


def letter_file_name(case: Case) -> str:
    # A file name, not a sentence: translators give e.g. "paatos" and "beslut".
    # Outside the f-string: makemessages (xgettext) does not look inside one.
    word = pgettext("file name", "decision")
    return f"{word}-{case.record_number}.pdf"


def decision_letter_store(case_id: int) -> Attachment | None:
    """Render and store the letter of the case's final decision, once.

    Returns the stored attachment, the one already there, or None when the case has no final
    decision (e.g. the task ran for a case that was since changed by hand). Renders outside the
    transaction; the case row lock then serialises two concurrent runs, and the second finds the
    first one's letter and stores nothing.
    """
    case = Case.objects.select_related(
        "applicant", "organisation", "service", "department", "grant_call", "handler", "decided_by"
    ).get(pk=case_id)
    if not _has_final_decision(case):
        return None
    existing = case.attachments.filter(kind=AttachmentKind.DECISION_LETTER).first()
    if existing is not None:
        return existing
    language = letter_language(case)
    content = decision_letter_pdf(case, language=language)
    with translation.override(language):
        name = letter_file_name(case)
    with StoredFiles() as stored, transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case_id)
        existing = locked.attachments.filter(kind=AttachmentKind.DECISION_LETTER).first()
        if existing is not None:
            return existing
        attachment = _store(locked, content, name, stored, uploader=case.decided_by)
        record_event(
            case=locked,
            kind=EventKind.DECISION_LETTER,
            actor=None,
            details={"attachment": attachment.pk, "name": attachment.display_name},
        )
    return attachment


def _has_final_decision(case: Case) -> bool:
    return (
        case.status in (CaseStatus.DECIDED, CaseStatus.CLOSED)
        and bool(case.decision_outcome)
        and case.decided_at is not None
        and case.decided_by_id is not None
    )


def _store(case: Case, content: bytes, name: str, stored: StoredFiles, *, uploader) -> Attachment:
    checked = CheckedFile(
        display_name=name,
        content_type=PDF_CONTENT_TYPE,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        # Made by the platform itself from the case's own data: nothing to scan.
        scan_verdict="generated",
        extension=".pdf",
    )
    return store_attachment(
        actor=uploader,
        case=case,
        upload=ContentFile(content, name=name),
        checked=checked,
        kind=AttachmentKind.DECISION_LETTER,
        message=None,
        from_staff=True,
        stored=stored,
    )


def describe_outcome(case: Case) -> str:
    """One line for pages and lists: "Partially approved: €1,500.00 of €4,000.00"."""
    from asiointi.common.formatting import format_money

    if case.decision_outcome == DecisionOutcome.REJECTED:
        return _("Rejected")
    if case.decision_outcome == DecisionOutcome.PARTIALLY_APPROVED:
        return _("Partially approved: %(granted)s of the %(requested)s applied for") % {
            "granted": format_money(case.granted_amount),
            "requested": format_money(case.requested_amount),
        }
    if case.decision_outcome == DecisionOutcome.APPROVED:
        return _("Approved: %(granted)s") % {"granted": format_money(case.granted_amount)}
    return ""
