"""The fee official's pages: the review queue and the review page with one form per action.

Views are thin: they parse a form, call one service and map its errors in one place — a
``ValidationFailed`` re-renders the page with the errors next to the fields (422), a rule or a
conflict becomes a message at the top after a redirect, and ``NotFound`` is a 404. Only members
of the client's department see a review (``access.access_review_for_staff``); everybody else
gets a 404 on every page and every action, and nothing changes.

Fetching incomes is HTTP to the national registries: it runs outside any database transaction
(``fetching.review_fetch_incomes`` plans, fetches and then stores in its own transaction);
Django does not wrap these requests in one (no ATOMIC_REQUESTS).
"""

import functools

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from asiointi.common.formatting import format_amount
from asiointi.common.forms import add_validation_errors, form_error_summary
from asiointi.common.pagination import page_context, sort_headers
from asiointi.common.web import int_or_none, not_found_as_404, run_action
from asiointi.fees import (
    consents,
    decisions,
    proposals,
    records,
)
from asiointi.fees.access import access_review_for_staff
from asiointi.fees.constants import (
    OPEN_REVIEW_STATUSES,
    Channel,
    IncomeChoice,
    Registry,
    ReviewFlag,
    ReviewStatus,
)
from asiointi.fees.determination import determine_income
from asiointi.fees.handling import forms as handling_forms
from asiointi.fees.handling import selectors as handling_selectors
from asiointi.fees.models import FeeDecision, IncomeConsent, IncomeRecord
from asiointi.organisation.models import Membership
from asiointi.scanning.downloads import stored_file_response

PAGE_SIZE = 30


def fee_staff_required(view):
    """Log in first; then only staff with a department membership get through (others: 404)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not Membership.objects.filter(user=request.user).exists():
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def _tab_labels() -> dict[str, str]:
    return {
        "waiting": _("Waiting for the client"),
        "manual": _("Needs manual work"),
        "proposed": _("Proposal ready"),
        "decided": _("Decided"),
    }


def _flag_labels(flags: list[str]) -> list[str]:
    return [ReviewFlag(flag).label for flag in flags or [] if flag in ReviewFlag.values]


RESULTS_ID = "fee-results"


@fee_staff_required
def queue(request):
    tab = request.GET.get("tab")
    if tab not in handling_selectors.TABS:
        tab = "manual"
    filters = handling_forms.QueueFilterForm(request.GET)
    filters.is_valid()
    # A search that does not parse is reported at its field; the service still applies.
    service = getattr(filters, "cleaned_data", {}).get("service") or ""
    search = filters.search()
    sort = request.GET.get("sort", "")
    sort = sort if sort.lstrip("-") in handling_selectors.SORTS else ""
    page = max(int_or_none(request.GET.get("page")) or 1, 1)
    rows = list(
        handling_selectors.queue_list(
            actor=request.user, tab=tab, service=service, search=search, sort=sort
        )[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1]
    )
    for row in rows:
        row.flag_labels = _flag_labels(row.flags)
    counts = handling_selectors.queue_counts(actor=request.user, service=service, search=search)
    labels = _tab_labels()
    # The tab's count (with the same search and service) is the list's length: no query more.
    context = {
        **page_context(rows, page=page, total=counts[tab], page_size=PAGE_SIZE),
        "tab": tab,
        "tab_label": labels[tab],
        "tabs": [(key, labels[key], counts[key]) for key in handling_selectors.TABS],
        "filters": filters,
        "service": service,
        "search": search,
        "results_id": RESULTS_ID,
        "sort": sort,
        "sort_headers": sort_headers(sort, tuple(handling_selectors.SORTS)),
    }
    if request.htmx and request.htmx.target == RESULTS_ID:
        if filters.errors:
            # The errors are shown beside the fields and in the summary above: the whole page.
            return HttpResponseClientRedirect(request.get_full_path())
        # Searching with htmx: only the tabs' counts and the results are replaced.
        return render(request, "fees/handling/_queue_results.html", context)
    return render(request, "fees/handling/queue.html", context)


# --- the review page ---------------------------------------------------------------------------


def _allowed(review) -> dict:
    status = review.status
    is_open = status in OPEN_REVIEW_STATUSES
    return {
        "choice": status in (ReviewStatus.WAITING_FOR_CLIENT, ReviewStatus.COLLECTING),
        "withdraw": is_open,
        "fetch": is_open and review.choice == IncomeChoice.CONSENT,
        "add_income": is_open,
        "correct": is_open,
        "recompute": is_open,
        "decide": status == ReviewStatus.PROPOSED,
    }


def _initial_decide(review, proposal) -> dict:
    return {
        "amount": "" if proposal is None else format_amount(proposal.amount),
        "valid_from": review.period_start,
    }


def _forms(review, data: dict, allowed: dict, bound) -> dict:
    """The page's forms; the one just posted (``bound``: (key, form)) keeps its input."""
    service = review.client.service
    factories = {
        "choice": lambda: handling_forms.ChoiceForm(prefix="choice"),
        "add_income": lambda: handling_forms.IncomeForm(prefix="add_income"),
        "decide": lambda: handling_forms.DecideForm(
            prefix="decide",
            service=service,
            initial=_initial_decide(review, data["proposal"]),
        ),
    }
    forms = {}
    for key, factory in factories.items():
        if not allowed[key]:
            continue
        forms[key] = bound[1] if bound and bound[0] == key else factory()
    corrections = {}
    if allowed["correct"]:
        for record in data["incomes"]:
            key = f"correct-{record.pk}"
            if bound and bound[0] == key:
                corrections[record.pk] = bound[1]
            else:
                corrections[record.pk] = handling_forms.CorrectForm(
                    prefix=key,
                    initial={
                        "gross_monthly": f"{record.gross_monthly:.2f}",
                        "net_monthly": f"{record.net_monthly:.2f}",
                    },
                )
    forms["corrections"] = corrections
    return forms


def _household_members(review) -> list[tuple[str, str, int | None]]:
    """(name, relation, age) of the household as the Population Information System gave it."""
    relations = {"spouse": _("Spouse"), "child": _("Child"), "other": _("Other member")}
    members = (review.household or {}).get("members") or []
    return [
        (m.get("name", ""), relations.get(m.get("relation"), m.get("relation", "")), m.get("age"))
        for m in members
    ]


def _detail_context(request, review, *, bound=None) -> dict:
    data = handling_selectors.review_detail(review)
    allowed = _allowed(review)
    proposal = data["proposal"]
    active_consents = [c for c in data["consents"] if c.withdrawn_at is None]
    today = timezone.localdate()
    forms = _forms(review, data, allowed, bound)
    for record in data["incomes"]:
        record.correct_form = forms["corrections"].get(record.pk)
    registry_labels = dict(Registry.choices)
    for consent in data["consents"]:
        consent.registry_labels = [registry_labels.get(r, r) for r in consent.registries]
    return {
        "review": review,
        "client": review.client,
        "household_members": _household_members(review),
        **data,
        "allowed": allowed,
        "forms": forms,
        "withdraw_form": handling_forms.WithdrawForm(prefix="withdraw"),
        "active_consent_ids": {c.pk for c in active_consents if c.valid_until >= today},
        "determination": determine_income(review) if review.choice else None,
        "explanation": proposals.explanation(proposal) if proposal is not None else [],
        "flag_labels": _flag_labels(review.flags),
        "error_form": bound[0] if bound else None,
        "error_summary": form_error_summary(bound[1]) if bound else [],
        "statuses": ReviewStatus,
    }


def _render_detail(request, review, *, bound=None, status=200):
    context = _detail_context(request, review, bound=bound)
    return render(request, "fees/handling/review.html", context, status=status)


def _review_url(review, fragment: str = "") -> str:
    return reverse("fees_handling:review", args=[review.pk]) + fragment


@fee_staff_required
@not_found_as_404
def review_page(request, pk):
    review = access_review_for_staff(request.user, pk)
    return _render_detail(request, review)


@fee_staff_required
@not_found_as_404
def attachment(request, pk, attachment_id):
    review = access_review_for_staff(request.user, pk)
    item = review.attachments.filter(pk=attachment_id).first()
    if item is None:
        raise Http404
    return stored_file_response(item.file, content_type=item.content_type, filename=item.name)


@fee_staff_required
@not_found_as_404
def letter(request, pk):
    review = access_review_for_staff(request.user, pk)
    decision = FeeDecision.objects.filter(review=review).first()
    if decision is None or not decision.letter:
        raise Http404
    response = FileResponse(
        decision.letter.open("rb"), content_type="application/pdf", filename=decision.letter_name
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _form_action(request, review, key: str, form, call, success: str, fragment: str):
    """Validate ``form``, run ``call(cleaned)``; errors back to the page, success to a redirect."""
    if not form.is_valid():
        return _render_detail(request, review, bound=(key, form), status=422)

    def invalid(error):
        add_validation_errors(form, error)
        return _render_detail(request, review, bound=(key, form), status=422)

    return run_action(
        request,
        lambda: call(form.cleaned_data),
        success=success,
        redirect_to=_review_url(review, fragment),
        invalid=invalid,
    )


@fee_staff_required
@require_POST
@not_found_as_404
def record_choice(request, pk):
    review = access_review_for_staff(request.user, pk)
    form = handling_forms.ChoiceForm(request.POST, prefix="choice")

    def call(cleaned):
        consent = cleaned["choice"] == IncomeChoice.CONSENT
        with transaction.atomic():
            updated = consents.review_record_choice(
                review,
                choice=cleaned["choice"],
                channel=cleaned["channel"],
                actor=request.user,
                registries=cleaned["registries"] if consent else None,
                valid_until=cleaned["valid_until"] if consent else None,
            )
            if cleaned["choice"] == IncomeChoice.HIGHEST_FEE:
                # Nothing to collect: the proposal is the highest fee
                # (consents.review_record_choice).
                proposals.review_propose(updated)

    return _form_action(
        request,
        review,
        "choice",
        form,
        call,
        _("The client's choice has been recorded."),
        "#choice",
    )


@fee_staff_required
@require_POST
@not_found_as_404
def withdraw_consent(request, pk, consent_id):
    review = access_review_for_staff(request.user, pk)
    consent = IncomeConsent.objects.filter(pk=consent_id, review=review).first()
    if consent is None:
        raise Http404
    form = handling_forms.WithdrawForm(request.POST, prefix="withdraw")
    channel = form.cleaned_data["channel"] if form.is_valid() else Channel.PHONE
    return run_action(
        request,
        lambda: consents.consent_withdraw(consent, actor=request.user, channel=channel),
        success=_("The consent has been withdrawn."),
        redirect_to=_review_url(review, "#consents"),
    )


@fee_staff_required
@require_POST
@not_found_as_404
def fetch_incomes(request, pk):
    """Query the registries now, on the client's consent; then compute the proposal."""
    review = access_review_for_staff(request.user, pk)
    # A missing consent and a registry that does not answer are domain errors too: a message.
    return run_action(
        request,
        lambda: proposals.review_fetch_and_propose(review, actor=request.user),
        success=_("The incomes have been fetched and the proposal computed."),
        redirect_to=_review_url(review, "#incomes"),
        error_redirect_to=_review_url(review, "#queries"),
    )


@fee_staff_required
@require_POST
@not_found_as_404
def add_income(request, pk):
    review = access_review_for_staff(request.user, pk)
    form = handling_forms.IncomeForm(request.POST, request.FILES, prefix="add_income")

    def call(cleaned):
        records.income_record_add(
            review,
            actor=request.user,
            source=cleaned["source"],
            subject=cleaned["subject"],
            kind=cleaned["kind"],
            gross_monthly=cleaned["gross_monthly"],
            net_monthly=cleaned["net_monthly"],
            period_start=cleaned["period_start"],
            period_end=cleaned["period_end"],
            payer=cleaned["payer"],
            upload=cleaned["file"],
        )

    return _form_action(
        request, review, "add_income", form, call, _("The income has been added."), "#incomes"
    )


@fee_staff_required
@require_POST
@not_found_as_404
def correct_income(request, pk, record_id):
    review = access_review_for_staff(request.user, pk)
    record = IncomeRecord.objects.filter(pk=record_id, review=review).first()
    if record is None:
        raise Http404
    key = f"correct-{record.pk}"
    form = handling_forms.CorrectForm(request.POST, prefix=key)

    def call(cleaned):
        records.income_record_correct(
            record,
            actor=request.user,
            gross_monthly=cleaned["gross_monthly"],
            net_monthly=cleaned["net_monthly"],
            reason=cleaned["reason"],
        )

    return _form_action(
        request,
        review,
        key,
        form,
        call,
        _("The figure has been corrected."),
        f"#income-{record.pk}",
    )


@fee_staff_required
@require_POST
@not_found_as_404
def recompute(request, pk):
    review = access_review_for_staff(request.user, pk)
    return run_action(
        request,
        lambda: proposals.review_propose(review),
        success=_("The proposal has been computed again."),
        redirect_to=_review_url(review, "#proposal"),
    )


@fee_staff_required
@require_POST
@not_found_as_404
def decide(request, pk):
    review = access_review_for_staff(request.user, pk)
    form = handling_forms.DecideForm(request.POST, prefix="decide", service=review.client.service)

    def call(cleaned):
        decisions.review_decide(
            review,
            actor=request.user,
            amount=cleaned["amount"],
            valid_from=cleaned["valid_from"],
            reasoning=cleaned["reasoning"],
        )

    return _form_action(
        request,
        review,
        "decide",
        form,
        call,
        _("The decision has been made. The letter goes to the client's e-services folder."),
        "#decision",
    )
