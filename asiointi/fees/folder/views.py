"""The client's fee pages in the e-services folder (issue 5): one income review with the three
choices, the declared incomes, the consent and its withdrawal, the decision and its letter.

Thin views: parse a form, call one service (``consents``, ``records``, ``proposals``), map its
errors in one place — a ``ValidationFailed`` shows the page again with the messages next to the
fields and in a summary at the top (422, nothing written, everything typed kept), any other rule
becomes a message after a redirect, and ``NotFound`` is a 404. Every view starts from
``access.access_review_for_client``: another person's review, staff included, is a 404.
"""

import datetime
import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from asiointi.accounts.assurance import is_sufficient, reidentify_url, session_level
from asiointi.common.errors import DomainError, NotFound
from asiointi.common.queue import enqueue_on_commit
from asiointi.common.web import not_found_as_404, run_action
from asiointi.fees import consents, proposals, records, tasks
from asiointi.fees.access import access_review_for_client
from asiointi.fees.constants import (
    Channel,
    ClientService,
    IncomeChoice,
    IncomeKind,
    IncomeSource,
    Registry,
    ReviewStatus,
    Subject,
)
from asiointi.fees.folder.forms import FIELD_LABELS, ChoiceForm, IncomeForm, error_summary
from asiointi.fees.folder.selectors import (
    client_status,
    decision_for_client,
    declared_incomes,
    expected_of_client,
    review_consents,
    review_decision,
    review_is_choosable,
)

logger = logging.getLogger(__name__)


def _registry_descriptions() -> dict[str, str]:
    return {
        Registry.INCOMES_REGISTER: _(
            "Wages, pensions and benefits paid to you and your spouse in the 12 months before "
            "the fee period."
        ),
        Registry.TAX: _(
            "Capital income, forest income and other income in your latest tax assessment."
        ),
        Registry.POPULATION: _(
            "Your address, your spouse and the people living in your household (the family "
            "size used in the fee)."
        ),
    }


def _choice_messages() -> dict[str, str]:
    return {
        IncomeChoice.CONSENT: _(
            "Thank you. Your consent has been saved: we will fetch your income data from the "
            "authorities you chose."
        ),
        IncomeChoice.DECLARED: _(
            "Your choice has been saved. Add your incomes with their attachments below, then "
            "send your declaration."
        ),
        IncomeChoice.HIGHEST_FEE: _(
            "Your choice has been saved: your incomes will not be checked. An official will "
            "make the decision."
        ),
    }


def _review_url(review, anchor: str = "") -> str:
    return reverse("fees_folder:detail", args=[review.pk]) + (f"#{anchor}" if anchor else "")


def _default_valid_until(review) -> datetime.date:
    return review.period_start + datetime.timedelta(days=consents.DEFAULT_CONSENT_DAYS)


def _active(consent) -> bool:
    return consent.withdrawn_at is None and consent.valid_until >= timezone.localdate()


def _initial_choice(review, consent_list) -> dict:
    """What the choice form shows before anything is posted: the choice in force and, for the
    consent, its registries and end date (or all registries and the default end date)."""
    current = next((c for c in consent_list if _active(c)), None)
    return {
        "choice": review.choice,
        "registries": current.registries if current else list(Registry.values),
        "valid_until": (
            current.valid_until if current else _default_valid_until(review)
        ).isoformat(),
    }


def _page(request, review, *, choice_form=None, income_form=None, problems=(), status=200):
    consent_list = review_consents(review)
    for consent in consent_list:
        consent.active = _active(consent)
        consent.registry_names = [Registry(name).label for name in consent.registries]
    posted = choice_form if choice_form is not None else income_form
    declaring = review.choice == IncomeChoice.DECLARED
    choice_form = choice_form or ChoiceForm(initial=_initial_choice(review, consent_list))
    choice_form.set_default_valid_until(_default_valid_until(review))
    return render(
        request,
        "fees/folder/review.html",
        {
            "review": review,
            "client": review.client,
            "decision": review_decision(review) if review.status == ReviewStatus.DECIDED else None,
            "status_text": client_status(review),
            "expected": expected_of_client(review),
            "choosable": review_is_choosable(review),
            "choice_form": choice_form,
            "choices": IncomeChoice.choices,
            "registries": [
                (value, label, _registry_descriptions()[value]) for value, label in Registry.choices
            ],
            # A consent needs a login at the level substantial or high: the page says so.
            "assurance_too_low": not is_sufficient(session_level(request)),
            "reidentify_url": reidentify_url(request),
            "consents": consent_list,
            "declaring": declaring,
            "can_declare": declaring and review.status == ReviewStatus.COLLECTING,
            "incomes": declared_incomes(review) if declaring else [],
            "income_form": income_form or IncomeForm(initial={"subject": Subject.CLIENT}),
            "income_kinds": IncomeKind.choices,
            "subjects": Subject.choices,
            "voucher": review.client.service == ClientService.SERVICE_VOUCHER,
            "labels": FIELD_LABELS,
            "error_summary": error_summary(posted, list(problems)) if posted is not None else [],
            "file_lost": income_form is not None and bool(request.FILES),
        },
        status=status,
    )


@login_required
@require_GET
def index(request):
    """The fee reviews are listed in the folder itself."""
    return HttpResponseRedirect(reverse("cases:folder") + "#client-fees")


@login_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def detail(request, review_id):
    review = access_review_for_client(request.user, review_id)
    if request.method == "POST":
        return _choose(request, review)
    return _page(request, review)


def _choose(request, review):
    if not review_is_choosable(review):
        messages.error(request, _("The choice can no longer be changed in this review."))
        return HttpResponseRedirect(_review_url(review))
    form = ChoiceForm(request.POST)
    if not form.is_valid():
        return _page(request, review, choice_form=form, status=422)

    def choose():
        chosen = consents.review_record_choice(
            review,
            channel=Channel.ONLINE,
            actor=request.user,
            level_of_assurance=session_level(request),
            **form.choice_arguments(),
        )
        if chosen.choice == IncomeChoice.HIGHEST_FEE:
            _propose(chosen)
        elif chosen.choice == IncomeChoice.CONSENT:
            # Fetched in the background at once (inline in the demo), not at the next annual run.
            enqueue_on_commit(tasks.fetch_and_propose, chosen.pk)
        return chosen

    return run_action(
        request,
        choose,
        success=lambda chosen: _choice_messages()[chosen.choice],
        redirect_to=_review_url(review),
        invalid=lambda failure: _page(
            request,
            review,
            choice_form=form,
            problems=_unplaced(form, failure),
            status=422,
        ),
    )


def _unplaced(form, failure) -> list[str]:
    """Put the service's errors beside the form's fields; what has no field is listed apart."""
    unplaced = form.add_service_errors(failure.errors, failure.message)
    return unplaced if failure.errors else [failure.message]


def _propose(review) -> bool:
    """Calculate the proposal for the official. The client's choice is already saved; if the
    calculation refuses (a rule figure missing for the period), the official's queue still
    shows the review as collecting, so the client is not told of an internal problem."""
    try:
        proposals.review_propose(review)
    except DomainError as error:
        logger.warning("proposal for review %s not made: %s", review.pk, error.message)
        return False
    return True


@login_required
@require_POST
@not_found_as_404
def income_add(request, review_id):
    review = access_review_for_client(request.user, review_id)
    if not (review.choice == IncomeChoice.DECLARED and review.status == ReviewStatus.COLLECTING):
        messages.error(
            request,
            _("Incomes can be declared here only after choosing to declare them yourself."),
        )
        return HttpResponseRedirect(_review_url(review))
    form = IncomeForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, review, income_form=form, status=422)
    return run_action(
        request,
        lambda: records.income_record_add(
            review, actor=request.user, source=IncomeSource.DECLARED, **form.income_arguments()
        ),
        success=lambda record: (
            _("The income “%(kind)s” has been added with its attachment.")
            % {"kind": record.get_kind_display()}
        ),
        redirect_to=_review_url(review, "declared-incomes"),
        error_redirect_to=_review_url(review),
        invalid=lambda failure: _page(
            request,
            review,
            income_form=form,
            problems=_unplaced(form, failure),
            status=422,
        ),
    )


@login_required
@require_POST
@not_found_as_404
def declaration_send(request, review_id):
    """The client has declared everything: the proposal is calculated for the official."""
    review = access_review_for_client(request.user, review_id)
    if not (review.choice == IncomeChoice.DECLARED and review.status == ReviewStatus.COLLECTING):
        messages.error(request, _("There is no income declaration to send in this review."))
        return HttpResponseRedirect(_review_url(review))
    if not declared_incomes(review):
        messages.error(request, _("Add at least one income before sending your declaration."))
        return HttpResponseRedirect(_review_url(review, "declared-incomes"))
    if _propose(review):
        messages.success(
            request,
            _(
                "Your income declaration has been sent. An official will check it against the "
                "attachments and make the decision."
            ),
        )
    else:
        messages.success(
            request,
            _("Your income declaration has been saved. An official will make the decision."),
        )
    return HttpResponseRedirect(_review_url(review))


@login_required
@require_http_methods(["GET", "POST"])
@not_found_as_404
def consent_withdraw(request, review_id, consent_id):
    """A confirmation page (GET) and the withdrawal itself (POST), without JavaScript."""
    review = access_review_for_client(request.user, review_id)
    consent = review.consents.filter(pk=consent_id).first()
    if consent is None:
        raise NotFound(_("No such consent."))
    if request.method == "POST":

        def withdrawn(_consent) -> str:
            review.refresh_from_db(fields=["status"])
            message = _("Your consent has been withdrawn. No income data will be fetched on it.")
            if review.status == ReviewStatus.WAITING_FOR_CLIENT:
                message += " " + _("Choose again how your incomes are checked.")
            return message

        return run_action(
            request,
            lambda: consents.consent_withdraw(consent, actor=request.user, channel=Channel.ONLINE),
            success=withdrawn,
            redirect_to=_review_url(review),
        )
    if not _active(consent):
        messages.error(request, _("This consent is no longer in force."))
        return HttpResponseRedirect(_review_url(review))
    consent.registry_names = [Registry(name).label for name in consent.registries]
    return render(request, "fees/folder/withdraw.html", {"review": review, "consent": consent})


@login_required
@require_GET
@not_found_as_404
def letter(request, decision_id):
    """The client's own decision letter as a PDF download (like a case attachment)."""
    decision = decision_for_client(request.user, decision_id)
    if not decision.letter:
        messages.info(
            request, _("The decision letter is being prepared. Reload the page in a moment.")
        )
        return HttpResponseRedirect(_review_url(decision.review, "decision"))
    response = FileResponse(
        decision.letter.open("rb"),
        as_attachment=True,
        filename=decision.letter_name or f"{decision.pk}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
