from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    RECEIVED = "received", _("Received")
    IN_PROCESSING = "in_processing", _("In processing")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Supplement requested")
    # A board (lautakunta) decides: the handler's proposal waits on a decision list for the
    # meeting. The applicant still sees "In processing" (Case.status_for_applicant).
    DECISION_PROPOSED = "decision_proposed", _("Decision proposed")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The tone of each status's label (the design system's status label; common/status_label.html):
# being handled is information, a request to the applicant an alert, a decision a success.
STATUS_TONES = {
    CaseStatus.RECEIVED: "info",
    CaseStatus.IN_PROCESSING: "info",
    CaseStatus.DECISION_PROPOSED: "info",
    CaseStatus.AWAITING_SUPPLEMENT: "alert",
    CaseStatus.DECIDED: "success",
}


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")
    PHONE = "phone", _("Phone")
    VISIT = "visit", _("Visit")


class EventKind(models.TextChoices):
    CREATED = "created", _("Draft created")
    SUBMITTED = "submitted", _("Application received")
    NEW_VERSION = "new_version", _("Updated version received")
    PROCESSING_STARTED = "processing_started", _("Processing started")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    TRANSFERRED = "transferred", _("Transferred to another department")
    ASSIGNED = "assigned", _("Handler assigned")
    DECIDED = "decided", _("Decision made")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ATTACHMENT_ADDED = "attachment_added", _("Attachment added")
    MESSAGE_FROM_APPLICANT = "message_from_applicant", _("Message sent")
    MESSAGE_FROM_HANDLER = "message_from_handler", _("New message from the handler")
    # Internal: the applicant never sees notes, not even that one was written.
    NOTE_ADDED = "note_added", _("Internal note added")
    # Internal: the case moved to a team of its department (routed by area, or by hand).
    TEAM_CHANGED = "team_changed", _("Team changed")
    # Registered by staff from a paper, phone or visit application (the channel is in details).
    REGISTERED_BY_STAFF = "registered_by_staff", _("Application registered by the city")
    # Decisions taken by a board: internal until the list is approved.
    DECISION_PROPOSED = "decision_proposed", _("Decision proposed")
    PROPOSAL_CANCELLED = "proposal_cancelled", _("Decision proposal cancelled")
    ADDED_TO_DECISION_LIST = "added_to_decision_list", _("Added to a decision list")
    DECISION_LETTER = "decision_letter", _("Decision letter available")
    # Payments (maksatus).
    PAYMENT_REQUEST_SENT = "payment_request_sent", _("Payment request sent")
    PAYMENT_REQUEST_ACCEPTED = "payment_request_accepted", _("Payment request accepted")
    PAYMENT_REQUEST_RETURNED = "payment_request_returned", _("Payment request returned")
    PAYMENT_APPROVED = "payment_approved", _("Payment approved")
    PAYEE_ACCOUNT_CHANGED = "payee_account_changed", _("Payment account changed")
    PAID = "paid", _("Grant paid")


# Events the applicant sees in their folder.
APPLICANT_EVENTS = frozenset(
    {
        EventKind.SUBMITTED,
        EventKind.NEW_VERSION,
        EventKind.PROCESSING_STARTED,
        EventKind.SUPPLEMENT_REQUESTED,
        EventKind.TRANSFERRED,
        EventKind.DECIDED,
        EventKind.CLOSED,
        EventKind.WITHDRAWN,
        EventKind.ATTACHMENT_ADDED,
        EventKind.MESSAGE_FROM_APPLICANT,
        EventKind.MESSAGE_FROM_HANDLER,
        EventKind.REGISTERED_BY_STAFF,
        EventKind.DECISION_LETTER,
        EventKind.PAYMENT_REQUEST_SENT,
        EventKind.PAYMENT_REQUEST_ACCEPTED,
        EventKind.PAYMENT_REQUEST_RETURNED,
        EventKind.PAYEE_ACCOUNT_CHANGED,
        EventKind.PAID,
    }
)
# Of those, the ones that send a "something changed" email: not the applicant's own additions.
NOTIFY_APPLICANT_EVENTS = APPLICANT_EVENTS - {
    EventKind.ATTACHMENT_ADDED,
    EventKind.MESSAGE_FROM_APPLICANT,
    EventKind.PAYMENT_REQUEST_SENT,
    # The letter follows the decision at once; the DECIDED email already told the applicant.
    EventKind.DECISION_LETTER,
}


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    PARTIALLY_APPROVED = "partially_approved", _("Partially approved")
    REJECTED = "rejected", _("Rejected")


# Outcomes that grant money: they need an amount, the rejection must not have one.
GRANTING_OUTCOMES = frozenset({DecisionOutcome.APPROVED, DecisionOutcome.PARTIALLY_APPROVED})


class AttachmentKind(models.TextChoices):
    BUDGET = "budget", _("Budget")
    FINANCIAL_STATEMENT = "financial_statement", _("Financial statement")
    MINUTES = "minutes", _("Minutes of the annual meeting")
    SCANNED_PAPER = "scanned_paper", _("Scanned paper document")
    USAGE_REPORT = "usage_report", _("Report on the use of the grant")
    RECEIPTS = "receipts", _("Receipts")
    # Social assistance: what the applicant's incomes, expenses and account balances were.
    INCOME_PROOF = "income_proof", _("Proof of income")
    BANK_STATEMENT = "bank_statement", _("Bank statement")
    PAYSLIP = "payslip", _("Payslip")
    RENT_AGREEMENT = "rent_agreement", _("Rent agreement")
    BENEFIT_DECISION = "benefit_decision", _("Decision on another benefit (e.g. Kela)")
    # Made by the platform, never uploaded: the decision letter PDF.
    DECISION_LETTER = "decision_letter", _("Decision letter")
    OTHER = "other", _("Other")

    # Which of these a service offers is the service's own: cases/attachment_kinds.py asks the
    # apps through the ``attachment_kinds`` hook (a grant never offers bank statements, social
    # assistance never a budget).


# Statuses in which the applicant may edit the form data and send a version.
EDITABLE_STATUSES = frozenset(
    {CaseStatus.DRAFT, CaseStatus.RECEIVED, CaseStatus.AWAITING_SUPPLEMENT}
)
# Statuses in which attachments and messages are still accepted.
OPEN_STATUSES = frozenset(
    {
        CaseStatus.DRAFT,
        CaseStatus.RECEIVED,
        CaseStatus.IN_PROCESSING,
        CaseStatus.AWAITING_SUPPLEMENT,
        CaseStatus.DECISION_PROPOSED,
        CaseStatus.DECIDED,
    }
)
# Statuses in which a case is with the handlers: it can be claimed, assigned and transferred.
HANDLER_STATUSES = frozenset(
    {CaseStatus.RECEIVED, CaseStatus.IN_PROCESSING, CaseStatus.AWAITING_SUPPLEMENT}
)
