"""Every write to a decision list (docs/decisions.md).

Each function is one atomic action that locks the list row, re-checks membership of the list's
department and the list's state inside the transaction, and logs a ``DecisionListEvent``; case
changes go through the case services, which write the case timeline.
"""

import datetime
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.cases.constants import CaseStatus, EventKind
from asiointi.cases.events import record_event
from asiointi.cases.models import Case
from asiointi.cases.services.decisions import case_cancel_proposal, case_finalise_decision
from asiointi.common.errors import DomainError, NotFound, TransitionNotAllowed, ValidationFailed
from asiointi.common.i18n import texts_of
from asiointi.grants.constants import DecisionListEventKind, DecisionListStatus
from asiointi.grants.models import DecisionList, DecisionListEntry, DecisionListEvent
from asiointi.organisation.membership import require_member
from asiointi.organisation.models import Department

MAX_NAME_LENGTH = 200
# "§ 45", "45", "45 §" or "§ 45 a": the number of the item in the minutes.
SECTION_PATTERN = re.compile(r"^(?:§\s*)?(\d{1,4})(?:\s*([a-z]))?(?:\s*§)?$", re.IGNORECASE)


def _require_member(actor, department_id: int) -> None:
    require_member(actor, department_id, not_found=_("Decision list not found."))


def _locked(decision_list: DecisionList, actor) -> DecisionList:
    locked = DecisionList.objects.select_for_update().get(pk=decision_list.pk)
    _require_member(actor, locked.department_id)
    return locked


def _require_draft(decision_list: DecisionList) -> None:
    if not decision_list.is_draft:
        raise TransitionNotAllowed(
            _("The decision list has already been approved; it can no longer be changed.")
        )


def _log(decision_list, kind, actor, *, case: Case | None = None, **details) -> None:
    DecisionListEvent.objects.create(
        decision_list=decision_list,
        kind=kind,
        actor=actor,
        at=timezone.now(),
        case_id_logged=case.pk if case else None,
        details=details,
    )


# The translations of the title and the deciding body a handler may give besides the Finnish.
TRANSLATIONS = ("title_sv", "title_en", "body_name_sv", "body_name_en")


@transaction.atomic
def decision_list_create(
    *, actor, department: Department, body_name: str, title: str, **translations: str
) -> DecisionList:
    """``title`` and ``body_name`` are the Finnish ones (required); ``title_sv``, ``title_en``,
    ``body_name_sv`` and ``body_name_en`` optional (Finnish is shown where one is missing)."""
    _require_member(actor, department.pk)
    body_name, title = (body_name or "").strip(), (title or "").strip()
    unknown = set(translations) - set(TRANSLATIONS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    translated = {key: (value or "").strip() for key, value in translations.items()}
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Give the list a title, e.g. the meeting it is for.")]
    elif len(title) > MAX_NAME_LENGTH:
        errors["title"] = [_("The title is too long (at most 200 characters).")]
    if not body_name:
        errors["body_name"] = [_("Enter the deciding body, e.g. the culture and leisure board.")]
    elif len(body_name) > MAX_NAME_LENGTH:
        errors["body_name"] = [_("The name is too long (at most 200 characters).")]
    for key, value in translated.items():
        if len(value) > MAX_NAME_LENGTH:
            errors[key] = [_("The name is too long (at most 200 characters).")]
    if errors:
        raise ValidationFailed(_("The decision list has errors."), errors)
    decision_list = DecisionList.objects.create(
        department=department,
        body_name_fi=body_name,
        title_fi=title,
        **translated,
        created_by=actor,
        created_at=timezone.now(),
    )
    _log(decision_list, DecisionListEventKind.CREATED, actor)
    return decision_list


@transaction.atomic
def decision_list_add_cases(*, actor, decision_list: DecisionList, cases: list[Case]) -> int:
    """Add proposals of the list's department that are on no list yet; all or none.

    Returns how many were added. The case row lock serialises two handlers adding the same case
    to two lists, and the unique ``case`` of the entry is the last word.
    """
    decision_list = _locked(decision_list, actor)
    _require_draft(decision_list)
    if not cases:
        message = _("Choose at least one proposal to add.")
        raise ValidationFailed(message, {"cases": [message]})
    for case in sorted(cases, key=lambda c: c.pk):
        _add_one(actor=actor, decision_list=decision_list, case=case)
    return len(cases)


def decision_list_add_case(*, actor, decision_list: DecisionList, case: Case) -> None:
    decision_list_add_cases(actor=actor, decision_list=decision_list, cases=[case])


def _is_grant(case: Case) -> bool:
    return Case.objects.grants().filter(pk=case.pk).exists()


def _add_one(*, actor, decision_list: DecisionList, case: Case) -> None:
    case = Case.objects.select_for_update().get(pk=case.pk)
    # Only grants go to a board; any other case (a confidential one above all) is not found.
    if case.department_id != decision_list.department_id or not _is_grant(case):
        raise NotFound(_("Application not found."))
    if case.status != CaseStatus.DECISION_PROPOSED:
        raise TransitionNotAllowed(
            _("%(record)s has no decision proposal (it is “%(status)s”).")
            % {"record": case.record_number, "status": case.get_status_display()}
        )
    current = DecisionListEntry.objects.filter(case=case).select_related("decision_list").first()
    if current is not None:
        raise DomainError(
            _("%(record)s is already on the decision list “%(title)s”.")
            % {"record": case.record_number, "title": current.decision_list.title}
        )
    DecisionListEntry.objects.create(
        decision_list=decision_list, case=case, added_by=actor, added_at=timezone.now()
    )
    record_event(
        case=case,
        kind=EventKind.ADDED_TO_DECISION_LIST,
        actor=actor,
        details={"decision_list": decision_list.pk, "title": texts_of(decision_list, "title")},
    )
    _log(decision_list, DecisionListEventKind.CASE_ADDED, actor, case=case)


@transaction.atomic
def decision_list_remove_case(*, actor, decision_list: DecisionList, case: Case) -> None:
    """Take a proposal off a draft list; it stays a proposal and can go on another list."""
    decision_list = _locked(decision_list, actor)
    _require_draft(decision_list)
    deleted, _rows = DecisionListEntry.objects.filter(
        decision_list=decision_list, case_id=case.pk
    ).delete()
    if not deleted:
        raise NotFound(_("The application is not on this decision list."))
    _log(decision_list, DecisionListEventKind.CASE_REMOVED, actor, case=case)


def _clean_meeting_date(raw) -> datetime.date | None:
    if isinstance(raw, str):
        raw = raw.strip()
        if not raw:
            return None
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError:
            raise ValidationFailed(
                "", {"meeting_date": [_("Enter the meeting date as a date, e.g. 2026-03-15.")]}
            ) from None
    if isinstance(raw, datetime.datetime) or not isinstance(raw, datetime.date | None):
        raise ValidationFailed(
            "", {"meeting_date": [_("Enter the meeting date as a date, e.g. 2026-03-15.")]}
        )
    return raw


def _clean_approval(meeting_date, section) -> tuple[datetime.date, str]:
    errors: dict[str, list[str]] = {}
    try:
        meeting_date = _clean_meeting_date(meeting_date)
    except ValidationFailed as error:
        errors.update(error.errors)
        meeting_date = None
    if meeting_date is None and "meeting_date" not in errors:
        errors["meeting_date"] = [_("Enter the date of the meeting.")]
    elif meeting_date is not None and meeting_date > timezone.localdate():
        errors["meeting_date"] = [
            _("The meeting date cannot be in the future: approve the list after the meeting.")
        ]
    section = (section or "").strip()
    match = SECTION_PATTERN.match(section)
    if not section:
        errors["section"] = [_("Enter the section (§) of the minutes, e.g. § 45.")]
    elif match is None:
        errors["section"] = [_("Enter the section as a number, e.g. § 45.")]
    if errors:
        raise ValidationFailed(_("The approval has errors."), errors)
    number, letter = match.groups()
    return meeting_date, f"§ {int(number)}{' ' + letter.lower() if letter else ''}"


def _decided_at(meeting_date: datetime.date) -> datetime.datetime:
    """The decision dates from the meeting; at midday, but never later than now."""
    midday = timezone.make_aware(datetime.datetime.combine(meeting_date, datetime.time(12)))
    return min(midday, timezone.now())


@transaction.atomic
def decision_list_approve(
    *, actor, decision_list: DecisionList, meeting_date, section: str
) -> DecisionList:
    """The board approved the list: every proposal on it becomes a final decision, in this one
    transaction. If any case cannot be finalised (e.g. its proposal was cancelled in between),
    nothing is approved and the error names the case."""
    decision_list = _locked(decision_list, actor)
    _require_draft(decision_list)
    meeting_date, section = _clean_approval(meeting_date, section)
    entries = list(decision_list.entries.order_by("case_id"))
    if not entries:
        raise DomainError(_("The decision list is empty: add the proposals before approving it."))
    decided_at = _decided_at(meeting_date)
    details = {
        "decision_list": decision_list.pk,
        # In every language: the letter names the board in the applicant's language.
        "body": texts_of(decision_list, "body_name"),
        "meeting_date": meeting_date.isoformat(),
        "section": section,
    }
    for entry in entries:
        case = Case.objects.get(pk=entry.case_id)
        try:
            case_finalise_decision(actor=actor, case=case, decided_at=decided_at, details=details)
        except TransitionNotAllowed:
            raise TransitionNotAllowed(
                _(
                    "%(record)s no longer has a decision proposal (it is “%(status)s”). Remove "
                    "it from the list and approve again."
                )
                % {"record": case.record_number, "status": case.get_status_display()}
            ) from None
    decision_list.status = DecisionListStatus.APPROVED
    decision_list.meeting_date = meeting_date
    decision_list.section = section
    decision_list.approved_by = actor
    decision_list.approved_at = timezone.now()
    decision_list.save(
        update_fields=["status", "meeting_date", "section", "approved_by", "approved_at"]
    )
    _log(
        decision_list,
        DecisionListEventKind.APPROVED,
        actor,
        meeting_date=meeting_date.isoformat(),
        section=section,
        cases=len(entries),
    )
    return decision_list


@transaction.atomic
def proposal_cancel(
    *, actor, case: Case, reason: str, expected_lock_version: int | None = None
) -> Case:
    """Cancel a decision proposal with a reason, taking it off its (draft) decision list."""
    reason = (reason or "").strip()
    if not reason:
        message = _("Give the reason for cancelling the proposal.")
        raise ValidationFailed(message, {"reason": [message]})
    case = case_cancel_proposal(
        actor=actor, case=case, reason=reason, expected_lock_version=expected_lock_version
    )
    entry = DecisionListEntry.objects.filter(case=case).select_related("decision_list").first()
    if entry is not None:
        decision_list = entry.decision_list
        entry.delete()
        _log(decision_list, DecisionListEventKind.CASE_REMOVED, actor, case=case, reason=reason)
    return case
