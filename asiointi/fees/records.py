"""Incomes entered by hand: Kela benefits and other figures entered by staff, the client's own
declaration, attachments, and staff corrections of any figure (registry ones included).

Registry figures are written only by ``fetching.incomes_store``. Every write here re-checks the
actor's right on the review under a row lock: staff act as members of the client's department, a
client only on their own review and only with declared incomes. Anyone else gets ``NotFound``,
the same answer as for a review that does not exist. A decided review is final.

When the review already has a proposal, it is recomputed in the same transaction, so the official
never decides on a proposal older than the incomes it shows.
"""

import datetime
import logging
import uuid
from decimal import Decimal, InvalidOperation

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.cases.uploads import CheckedFile, StoredFiles, check_upload
from asiointi.common.errors import NotFound, TransitionNotAllowed, ValidationFailed
from asiointi.fees.constants import CENT, IncomeKind, IncomeSource, ReviewStatus, Subject
from asiointi.fees.models import (
    IncomeCorrection,
    IncomeRecord,
    IncomeReview,
    ReviewAttachment,
)
from asiointi.fees.review_lock import lock_review
from asiointi.organisation.models import Membership

logger = logging.getLogger(__name__)

# Figures from the registries are written by fetching.incomes_store only.
REGISTRY_SOURCES = (IncomeSource.INCOMES_REGISTER, IncomeSource.TAX)
MANUAL_SOURCES = (IncomeSource.KELA, IncomeSource.STAFF, IncomeSource.DECLARED)
MAX_MONTHLY_AMOUNT = Decimal(1_000_000)
REASON_MAX_LENGTH = 2000
PAYER_MAX_LENGTH = 200
# A figure is a monthly average over at most a few years (a tax year, the past 12 months…).
EARLIEST_PERIOD = datetime.date(2000, 1, 1)


def _not_found() -> NotFound:
    return NotFound(_("No such income review."))


def _is_staff_member(actor, review: IncomeReview) -> bool:
    return (
        actor is not None
        and actor.is_authenticated
        and Membership.objects.filter(
            user=actor, department_id=review.client.department_id
        ).exists()
    )


def _is_client(actor, review: IncomeReview) -> bool:
    return actor is not None and actor.is_authenticated and review.client.person_id == actor.pk


def _require_staff(actor, review: IncomeReview) -> None:
    if not _is_staff_member(actor, review):
        raise _not_found()


def _require_open(review: IncomeReview) -> None:
    if review.status == ReviewStatus.DECIDED:
        raise TransitionNotAllowed(
            _("The review has been decided; its incomes can no longer be changed.")
        )


def _amount(value, errors: dict, name: str) -> Decimal | None:
    if isinstance(value, bool) or value is None or (isinstance(value, str) and not value.strip()):
        errors[name] = [_("Enter an amount in euros, such as 1450.50.")]
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        errors[name] = [_("Enter an amount in euros, such as 1450.50.")]
    elif number < 0:
        errors[name] = [_("An amount cannot be negative.")]
    elif number >= MAX_MONTHLY_AMOUNT:
        errors[name] = [_("Enter a monthly amount below one million euros.")]
    elif number != number.quantize(CENT):
        errors[name] = [_("Enter euros with at most two decimals.")]
    else:
        return number.quantize(CENT)
    return None


def _amounts(gross_monthly, net_monthly, errors: dict) -> tuple[Decimal | None, Decimal | None]:
    gross = _amount(gross_monthly, errors, "gross_monthly")
    net = _amount(net_monthly, errors, "net_monthly")
    if gross is not None and net is not None and net > gross:
        errors["net_monthly"] = [_("The net amount cannot be larger than the gross amount.")]
    return gross, net


def _date(value, errors: dict, name: str) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, str) and value.strip():
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            errors[name] = [_("Enter a date as YYYY-MM-DD.")]
            return None
    if not isinstance(value, datetime.date):
        errors[name] = [_("Enter a date as YYYY-MM-DD.")]
        return None
    if value < EARLIEST_PERIOD:
        errors[name] = [_("Enter a date in this century.")]
        return None
    return value


def _reason(reason: str, errors: dict) -> str:
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("Write the reason; it is kept with the change.")]
    elif len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = [
            _("The text can be at most %(max)d characters long; it is %(length)d.")
            % {"max": REASON_MAX_LENGTH, "length": len(reason)}
        ]
    return reason


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationFailed(_("Check the highlighted fields."), errors)


def _after_change(review: IncomeReview, *, actor) -> None:
    """A proposal must never be older than the incomes: recompute it in place (no HTTP)."""
    if review.status == ReviewStatus.PROPOSED:
        from asiointi.fees import proposals  # proposals imports determination, not records

        proposals.review_propose(review)


def _store_attachment(
    review: IncomeReview,
    *,
    actor,
    upload: UploadedFile,
    checked: CheckedFile,
    stored: StoredFiles,
) -> ReviewAttachment:
    attachment = ReviewAttachment(
        review=review,
        name=checked.display_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
    )
    # A random storage name: the client's file name (often a person's name) stays in the row.
    attachment.file.save(checked.storage_name(uuid.uuid4().hex), upload, save=False)
    stored.add(attachment.file)
    attachment.save()
    return attachment


def review_attachment_add(review: IncomeReview, *, actor, upload: UploadedFile) -> ReviewAttachment:
    """The client or a staff member of the client's department adds a document to an open
    review (proof of declared incomes, a Kela decision)."""
    if not (_is_staff_member(actor, review) or _is_client(actor, review)):
        raise _not_found()
    checked = check_upload(upload, actor=actor, purpose="fee_attachment")
    with StoredFiles() as stored, transaction.atomic():
        locked = lock_review(review.pk)
        _require_open(locked)
        return _store_attachment(locked, actor=actor, upload=upload, checked=checked, stored=stored)


def income_record_add(
    review: IncomeReview,
    *,
    actor,
    source: str,
    subject: str,
    kind: str,
    gross_monthly,
    net_monthly,
    period_start: datetime.date,
    period_end: datetime.date,
    payer: str = "",
    upload: UploadedFile | None = None,
) -> IncomeRecord:
    """Record one monthly income (or deduction) of the client or the spouse.

    Kela benefits (``KELA``) and other staff entries (``STAFF``) need a staff member of the
    client's department, and a Kela benefit needs its decision as an attachment (Kela is not
    queried). A declaration (``DECLARED``) is made by the client in the folder, or by staff
    recording a paper one; an attachment is welcome but not required.
    """
    staff = _is_staff_member(actor, review)
    if not staff and not (source == IncomeSource.DECLARED and _is_client(actor, review)):
        raise _not_found()

    errors: dict[str, list[str]] = {}
    if source not in MANUAL_SOURCES:
        errors["source"] = [
            _("Choose the source: Kela, entered by staff, or declared by the client.")
        ]
    if subject not in Subject.values:
        errors["subject"] = [_("Choose whose income this is: the client's or the spouse's.")]
    if kind not in IncomeKind.values:
        errors["kind"] = [_("Choose the kind of income.")]
    gross, net = _amounts(gross_monthly, net_monthly, errors)
    start = _date(period_start, errors, "period_start")
    end = _date(period_end, errors, "period_end")
    if start and end and end < start:
        errors["period_end"] = [_("The period cannot end before it starts.")]
    payer = (payer or "").strip()
    if len(payer) > PAYER_MAX_LENGTH:
        errors["payer"] = [
            _("The text can be at most %(max)d characters long; it is %(length)d.")
            % {"max": PAYER_MAX_LENGTH, "length": len(payer)}
        ]
    if source == IncomeSource.KELA and upload is None:
        errors["file"] = [_("Attach Kela's decision on the benefit.")]
    _raise(errors)

    checked = (
        check_upload(upload, actor=actor, purpose="fee_attachment") if upload is not None else None
    )
    with StoredFiles() as stored, transaction.atomic():
        locked = lock_review(review.pk)
        _require_open(locked)
        attachment = None
        if checked is not None:
            attachment = _store_attachment(
                locked, actor=actor, upload=upload, checked=checked, stored=stored
            )
        record = IncomeRecord.objects.create(
            review=locked,
            subject=subject,
            source=source,
            kind=kind,
            payer=payer,
            period_start=start,
            period_end=end,
            gross_monthly=gross,
            net_monthly=net,
            original_gross_monthly=gross,
            original_net_monthly=net,
            recorded_at=timezone.now(),
            recorded_by=actor,
            attachment=attachment,
        )
        _after_change(locked, actor=actor)
    return record


def _lock_record(record: IncomeRecord) -> IncomeRecord:
    return (
        IncomeRecord.objects.select_for_update(of=("self",))
        .select_related("review__client")
        .get(pk=record.pk)
    )


def income_record_correct(
    record: IncomeRecord, *, actor, gross_monthly, net_monthly, reason: str
) -> IncomeRecord:
    """A staff member corrects a figure (a registry one too). The original figures stay on the
    record; each correction is an ``IncomeCorrection`` row with the reason and the actor."""
    _require_staff(actor, record.review)
    errors: dict[str, list[str]] = {}
    gross, net = _amounts(gross_monthly, net_monthly, errors)
    reason = _reason(reason, errors)
    _raise(errors)
    with transaction.atomic():
        locked_review = lock_review(record.review_id)
        _require_open(locked_review)
        try:
            locked = _lock_record(record)
        except IncomeRecord.DoesNotExist:
            raise NotFound(_("The income has been removed.")) from None
        if locked.gross_monthly == gross and locked.net_monthly == net:
            raise ValidationFailed(
                _("The figures are unchanged."),
                {"gross_monthly": [_("Enter the corrected figures.")]},
            )
        IncomeCorrection.objects.create(
            record=locked,
            old_gross_monthly=locked.gross_monthly,
            old_net_monthly=locked.net_monthly,
            new_gross_monthly=gross,
            new_net_monthly=net,
            reason=reason,
            corrected_by=actor,
        )
        locked.gross_monthly, locked.net_monthly = gross, net
        locked.save(update_fields=["gross_monthly", "net_monthly"])
        _after_change(locked_review, actor=actor)
    return locked


def income_record_remove(record: IncomeRecord, *, actor, reason: str) -> None:
    """A staff member removes a hand-entered figure (a duplicate, a mistake). Registry figures
    are corrected instead, so what the registry said is never lost. The attachment stays with
    the review."""
    _require_staff(actor, record.review)
    errors: dict[str, list[str]] = {}
    reason = _reason(reason, errors)
    _raise(errors)
    with transaction.atomic():
        locked_review = lock_review(record.review_id)
        _require_open(locked_review)
        try:
            locked = _lock_record(record)
        except IncomeRecord.DoesNotExist:
            raise NotFound(_("The income has been removed.")) from None
        if locked.source in REGISTRY_SOURCES:
            raise TransitionNotAllowed(
                _("A figure from a registry cannot be removed; correct it with a reason instead.")
            )
        # No table keeps removed rows; the audit line names rows and people by id, no amounts.
        logger.info(
            "income record %s of review %s removed by user %s: %s",
            locked.pk,
            locked_review.pk,
            actor.pk,
            reason,
        )
        locked.delete()
        _after_change(locked_review, actor=actor)
