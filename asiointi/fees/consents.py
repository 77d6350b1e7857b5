"""The client's choice for an income review, and the consent to fetch income data.

For each review the client chooses (seed 002): consent to fetch incomes from the authorities,
declaring the incomes themselves, or the highest fee without an income check. The client
chooses online in the e-services folder; staff of the client's department record a choice given
by phone, at the service desk or on paper (the channel is recorded, so the consent row tells
who recorded what, when and how).

A consent covers named registries until a date and can be withdrawn at any time. No registry is
queried without a valid consent: ``fetching.review_plan_fetch`` and ``fetching.incomes_store`` ask
``valid_consent`` (and so does nothing else).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from asiointi.accounts import assurance
from asiointi.common.errors import NotFound, TransitionNotAllowed, ValidationFailed
from asiointi.fees.constants import Channel, IncomeChoice, Registry, ReviewStatus
from asiointi.fees.models import IncomeConsent, IncomeReview
from asiointi.fees.review_lock import lock_review
from asiointi.organisation.models import Membership

STAFF_CHANNELS = (Channel.PHONE, Channel.DESK, Channel.PAPER)
# A consent without an end date of its own lasts a year from the start of the fee period.
DEFAULT_CONSENT_DAYS = 365
# A choice can be made or changed until the incomes have been collected.
CHOOSABLE_STATUSES = (ReviewStatus.WAITING_FOR_CLIENT, ReviewStatus.COLLECTING)


def is_choosable(review: IncomeReview) -> bool:
    """Whether the client's choice may be made or changed now. A review the annual batch
    proposed without any choice (flag NO_CHOICE) stays open to a late answer: the client who
    chooses after the batch is not turned away."""
    if review.status in CHOOSABLE_STATUSES:
        return True
    return review.status == ReviewStatus.PROPOSED and not review.choice


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(_("Check the highlighted fields."), {field: [message]})


def _not_found() -> NotFound:
    # The same answer as access.access_review_*: an outsider learns nothing about the review.
    return NotFound(_("No such income review."))


def _check_actor(review: IncomeReview, actor, channel: str) -> None:
    """The client acts online for themselves; staff of the client's department record a choice
    given through another channel. Anybody else gets NotFound."""
    if channel not in Channel.values:
        raise _invalid("channel", _("Choose how the choice was given."))
    client = review.client
    if actor is not None and actor.pk == client.person_id:
        if channel != Channel.ONLINE:
            raise _invalid(
                "channel", _("A choice made in the e-services folder is recorded as online.")
            )
        return
    # The same rule as access.reviews_for_staff: membership of the client's department.
    is_staff_member = (
        actor is not None
        and Membership.objects.filter(user=actor, department_id=client.department_id).exists()
    )
    if not is_staff_member:
        raise _not_found()
    if channel not in STAFF_CHANNELS:
        raise _invalid(
            "channel",
            _("Record how the client gave the choice: by phone, at the service desk or on paper."),
        )


def _registries(registries: list[str] | None) -> list[str]:
    if registries is None:
        return list(Registry.values)
    unknown = [name for name in registries if name not in Registry.values]
    if unknown:
        raise _invalid(
            "registries",
            _("Unknown registry: %(names)s.") % {"names": ", ".join(map(str, unknown))},
        )
    chosen = [name for name in Registry.values if name in registries]
    if not chosen:
        raise _invalid("registries", _("Choose at least one registry the consent covers."))
    return chosen


def _valid_until(review: IncomeReview, valid_until: datetime.date | None) -> datetime.date:
    if valid_until is None:
        valid_until = review.period_start + datetime.timedelta(days=DEFAULT_CONSENT_DAYS)
    if valid_until <= timezone.localdate():
        raise _invalid("valid_until", _("The consent must be valid until a date in the future."))
    return valid_until


def _withdraw_active(review: IncomeReview, *, actor, channel: str, now) -> int:
    return IncomeConsent.objects.filter(review=review, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=actor, withdrawal_channel=channel
    )


@transaction.atomic
def review_record_choice(
    review: IncomeReview,
    *,
    choice: str,
    channel: str,
    actor,
    registries: list[str] | None = None,
    valid_until: datetime.date | None = None,
    level_of_assurance: str | None = None,
) -> IncomeReview:
    """Record the client's choice for the review (a new choice replaces the earlier one).

    CONSENT creates the consent (all three registries and a year from the period start unless
    told otherwise); any earlier consent of the review is withdrawn first, so only one is ever
    in force. DECLARED and HIGHEST_FEE withdraw an earlier consent too. The review moves to
    COLLECTING; for HIGHEST_FEE the caller then runs ``proposals.review_propose(review)``.

    A consent given online needs a login at the level substantial or high
    (``level_of_assurance``, from ``accounts.assurance``; ``None`` when not a login session):
    the registries are queried on it.
    """
    locked = lock_review(review.pk)
    _check_actor(locked, actor, channel)
    if choice not in IncomeChoice.values:
        raise _invalid("choice", _("Choose one of the options."))
    if not is_choosable(locked):
        raise TransitionNotAllowed(
            _("The choice can no longer be changed (the review's status: %(status)s).")
            % {"status": locked.get_status_display()}
        )
    if choice == IncomeChoice.CONSENT:
        if channel == Channel.ONLINE and not assurance.is_sufficient(level_of_assurance):
            raise _invalid("choice", assurance.insufficient_message())
        chosen_registries = _registries(registries)
        until = _valid_until(locked, valid_until)
    now = timezone.now()
    _withdraw_active(locked, actor=actor, channel=channel, now=now)
    if choice == IncomeChoice.CONSENT:
        IncomeConsent.objects.create(
            review=locked,
            person_id=locked.client.person_id,
            registries=chosen_registries,
            valid_until=until,
            channel=channel,
            recorded_by=actor,
        )
    locked.choice = choice
    locked.choice_channel = channel
    locked.choice_at = now
    locked.choice_recorded_by = actor
    locked.status = ReviewStatus.COLLECTING
    locked.save(
        update_fields=[
            "choice",
            "choice_channel",
            "choice_at",
            "choice_recorded_by",
            "status",
            "updated_at",
        ]
    )
    return locked


@transaction.atomic
def consent_withdraw(consent: IncomeConsent, *, actor, channel: str) -> IncomeConsent:
    """Withdraw the consent: no registry is queried on it from now on.

    What was fetched while the consent was in force stays with the review (it was fetched
    lawfully and the official may already rely on it). A review still collecting goes back to
    waiting for the client's choice, so that the client can declare the incomes or accept the
    highest fee instead.
    """
    locked = (
        IncomeConsent.objects.select_for_update(of=("self",))
        .select_related("review__client")
        .get(pk=consent.pk)
    )
    review = lock_review(locked.review_id)
    _check_actor(review, actor, channel)
    if locked.withdrawn_at is not None:
        raise TransitionNotAllowed(_("The consent has already been withdrawn."))
    locked.withdrawn_at = timezone.now()
    locked.withdrawn_by = actor
    locked.withdrawal_channel = channel
    locked.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_channel"])
    if review.status == ReviewStatus.COLLECTING and review.choice == IncomeChoice.CONSENT:
        review.status = ReviewStatus.WAITING_FOR_CLIENT
        review.choice = ""
        review.save(update_fields=["status", "choice", "updated_at"])
    return locked


def valid_consent(
    review: IncomeReview, registry: str | None = None, *, on: datetime.date | None = None
) -> IncomeConsent | None:
    """The consent in force for the review on ``on`` (today), covering ``registry`` if given.

    A consent is valid through its ``valid_until`` day and until withdrawn.
    """
    on = on or timezone.localdate()
    consent = (
        IncomeConsent.objects.filter(
            review_id=review.pk, withdrawn_at__isnull=True, valid_until__gte=on
        )
        .order_by("-given_at", "-pk")
        .first()
    )
    # The registries are a JSON list; SQLite cannot filter on its contents, so check here.
    if consent is None or (registry is not None and registry not in consent.registries):
        return None
    return consent
