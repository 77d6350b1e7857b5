"""The annual income review (``asiointi fees review``): a proposal for every client due.

1. The clients due (active, ``next_review_due`` on or before ``as_of``) get their review for that
   due date, created in bulk where missing (the unique (client, period start) constraint makes
   it safe to repeat), all tied to one ``ReviewRun``. An unfinished run for the same ``as_of``
   is continued instead of starting a new one.
2. The work list is the due reviews without a proposal that are not decided — so a run killed
   halfway (even with ``kill -9``) and started again does only what is left, and every client
   ends with exactly one proposal (``FeeProposal.review`` is one-to-one).
3. A review without a choice, with declared incomes or with the highest fee accepted is
   proposed at once. A review with consent is fetched: worker threads do the HTTP only
   (``fetching.incomes_collect``, which never touches the database), and the main thread stores each
   result and proposes in ONE transaction as results come in, so a kill leaves a review either
   fetched and proposed or untouched.
4. Each registry has its own ``RateLimiter`` shared by all the workers; at most ``workers × 2``
   fetches are in flight, so memory does not grow with the number of clients.

A registry outage stops the run instead of flagging thousands of proposals: a result whose
registry failed transiently is held back until a later answer from that registry succeeds;
after ``outage_after`` failures in a row the held results are dropped (those reviews stay
without a proposal), the run is left unfinished and ``RegistryOutage`` is raised. Started again
when the registry answers, the run continues. Scattered failures (a person the registry does not
know, one overloaded moment) are stored as they are and flagged REGISTRY_ERROR for manual work.
"""

import concurrent.futures
import logging
import time
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from asiointi.common.errors import DomainError
from asiointi.fees import fetching, proposals, registries
from asiointi.fees.constants import IncomeChoice, Registry, ReviewStatus
from asiointi.fees.models import FeeClient, FeeProposal, IncomeReview, RegistryQuery, ReviewRun
from asiointi.fees.throttle import RateLimiter

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000


class RegistryOutage(DomainError):
    """A registry failed for many reviews in a row: the run stopped and can be started again."""

    def __init__(self, message: str, summary: dict):
        super().__init__(message)
        self.summary = summary


@dataclass
class _Progress:
    """What this invocation did, for the summary."""

    proposed: int = 0
    failed: dict = field(default_factory=dict)
    # (collected, review, failing registries): held back while those registries fail in a row.
    held: list = field(default_factory=list)
    streaks: Counter = field(default_factory=Counter)
    outage: str | None = None


def due_clients(as_of):
    return FeeClient.objects.filter(active=True, next_review_due__lte=as_of)


def due_reviews(as_of):
    """The reviews of the clients due: the one for each client's due date."""
    return IncomeReview.objects.filter(
        client__active=True,
        client__next_review_due__lte=as_of,
        period_start=F("client__next_review_due"),
    )


def _open_run(as_of) -> ReviewRun:
    run = (
        ReviewRun.objects.filter(as_of=as_of, finished_at__isnull=True)
        .order_by("-started_at", "-pk")
        .first()
    )
    return run or ReviewRun.objects.create(as_of=as_of)


def _ensure_reviews(as_of, run: ReviewRun) -> None:
    """One review per due client for its due date; the existing ones (the client may have
    chosen already) are kept as they are and only tied to the run."""
    due = due_clients(as_of).values_list("pk", "next_review_due").order_by("pk")
    batch = []
    for client_id, period_start in due.iterator(chunk_size=BATCH_SIZE):
        batch.append(IncomeReview(client_id=client_id, period_start=period_start, run=run))
        if len(batch) == BATCH_SIZE:
            IncomeReview.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    IncomeReview.objects.bulk_create(batch, ignore_conflicts=True)
    due_reviews(as_of).filter(run__isnull=True).exclude(status=ReviewStatus.DECIDED).update(run=run)


def _work_list(as_of) -> list[IncomeReview]:
    return list(
        due_reviews(as_of)
        .filter(proposal__isnull=True)
        .exclude(status=ReviewStatus.DECIDED)
        .select_related("client__person")
        .order_by("pk")
    )


def _propose(review: IncomeReview, run: ReviewRun, done: _Progress) -> None:
    try:
        proposals.review_propose(review, run=run)
    except DomainError as error:
        # One client's impossible data must not stop everybody's review; the review stays
        # without a proposal, the summary names it and the next run tries it again.
        done.failed[review.pk] = error.message or str(error)
        logger.warning("Review %s could not be proposed: %s", review.pk, error)
    else:
        done.proposed += 1


def _store_and_propose(collected, review: IncomeReview, run: ReviewRun, done: _Progress) -> None:
    try:
        # Both in one transaction: killed in between, neither the records nor the proposal
        # exist, and the next run fetches the review again.
        with transaction.atomic():
            fetching.incomes_store(collected, run=run)
            proposals.review_propose(review, run=run)
    except fetching.ConsentMissing:
        # Withdrawn while the answers were on their way: nothing was stored; propose without.
        _propose(review, run, done)
    except DomainError as error:
        done.failed[review.pk] = error.message or str(error)
        logger.warning("Review %s could not be stored: %s", review.pk, error)
    else:
        done.proposed += 1


def _outcomes(collected) -> tuple[set[str], set[str]]:
    """The registries that failed for this review, and those that answered. Any failure counts
    towards an outage: a registry refusing every query (a bad token) is as good as down, and the
    failures that belong to one person (not known, 404) do not come many in a row."""
    failing, answered = set(), set()
    for (registry, _subject), result in collected.results.items():
        (answered if result.ok else failing).add(registry)
    return failing, answered


def _handle(collected, review, run, done: _Progress, outage_after: int) -> None:
    """Store a finished fetch, or hold it back while a registry it failed on looks down."""
    failing, answered = _outcomes(collected)
    for registry in answered:
        done.streaks[registry] = 0
    for registry in failing:
        done.streaks[registry] += 1
        if done.streaks[registry] >= outage_after:
            done.outage = registry
    if failing:
        done.held.append((collected, review, failing))
    else:
        _store_and_propose(collected, review, run, done)
    # A registry that answered again makes what was held for it a scattered failure after all.
    still_held = []
    for item in done.held:
        if any(done.streaks[registry] for registry in item[2]):
            still_held.append(item)
        else:
            _store_and_propose(item[0], item[1], run, done)
    done.held = still_held


def _release_held(run, done: _Progress) -> None:
    """At the end, without an outage: what is still held failed here and there; store it
    (flagged REGISTRY_ERROR by the proposal)."""
    for collected, review, _failing in done.held:
        _store_and_propose(collected, review, run, done)
    done.held = []


def _requests(throttles: dict[str, RateLimiter]) -> dict[str, int]:
    return {registry: limiter.calls for registry, limiter in throttles.items()}


def summarise(run: ReviewRun, *, done: _Progress | None, seconds: float, requests: dict) -> dict:
    as_of = run.as_of
    reviews = due_reviews(as_of)
    flags: Counter = Counter()
    needs_manual = 0
    for proposal_flags in FeeProposal.objects.filter(review__in=reviews).values_list(
        "flags", flat=True
    ):
        flags.update(proposal_flags)
        needs_manual += bool(proposal_flags)
    errors = dict(
        RegistryQuery.objects.filter(run=run, ok=False)
        .values_list("registry")
        .annotate(count=Count("pk"))
        .order_by("registry")
    )
    attempts = dict(
        RegistryQuery.objects.filter(run=run)
        .values_list("registry")
        .annotate(count=Sum("attempts"))
        .order_by("registry")
    )
    return {
        "run": run.pk,
        "as_of": as_of.isoformat(),
        "clients_due": due_clients(as_of).count(),
        "proposals": FeeProposal.objects.filter(review__in=reviews).count(),
        "proposals_made": done.proposed if done else 0,
        "decided": reviews.filter(status=ReviewStatus.DECIDED).count(),
        "remaining": reviews.filter(proposal__isnull=True)
        .exclude(status=ReviewStatus.DECIDED)
        .count(),
        "needs_manual": needs_manual,
        "flags": dict(sorted(flags.items())),
        "registry_errors": {registry: errors.get(registry, 0) for registry in Registry.values},
        # HTTP attempts (retries included): made by this invocation / stored over the whole run.
        "requests": {registry: requests.get(registry, 0) for registry in Registry.values},
        "requests_stored": {registry: attempts.get(registry, 0) for registry in Registry.values},
        "failed": {str(pk): message for pk, message in (done.failed if done else {}).items()},
        "seconds": round(seconds, 1),
        "outage": done.outage if done else None,
    }


def annual_review_run(
    *,
    as_of,
    workers: int = 8,
    rate_limit: int | None = None,
    progress=None,
    clients: dict | None = None,
    outage_after: int | None = None,
) -> dict:
    """Run (or continue) the annual review of the clients due by ``as_of``; returns the summary.

    ``progress``: a text stream for the progress bar (the command passes stderr), None for no
    bar. ``clients``: the registry clients (default: from settings, each throttled to
    ``rate_limit`` requests per second, default ``settings.REGISTRY_RATE_LIMIT``).
    ``outage_after``: failures in a row that count as an outage (default ``max(10, 2 × workers)``).
    Raises ``RegistryOutage`` (with the summary) when a registry is down.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    rate_limit = rate_limit or settings.REGISTRY_RATE_LIMIT
    outage_after = outage_after or max(10, 2 * workers)
    started = time.monotonic()
    throttles = {registry: RateLimiter(rate_limit) for registry in Registry.values}
    if clients is None:
        clients = registries.registry_clients(throttles=throttles)

    run = _open_run(as_of)
    _ensure_reviews(as_of, run)
    work = _work_list(as_of)
    done = _Progress()
    bar = tqdm(
        total=len(work),
        file=progress,
        disable=progress is None,
        unit=_("reviews"),
        mininterval=0.5,
        dynamic_ncols=True,
    )
    in_flight: dict[concurrent.futures.Future, IncomeReview] = {}
    max_in_flight = workers * 2

    def harvest(block: bool) -> None:
        finished, _pending = concurrent.futures.wait(
            in_flight,
            timeout=None if block else 0,
            return_when=concurrent.futures.FIRST_COMPLETED,
        )
        for future in finished:
            review = in_flight.pop(future)
            try:
                collected = future.result()
            except Exception as error:  # noqa: BLE001 (a bug in one fetch must not stop the run)
                logger.exception("Fetching the incomes of review %s failed", review.pk)
                done.failed[review.pk] = str(error)
            else:
                _handle(collected, review, run, done, outage_after)
            bar.update()

    with concurrent.futures.ThreadPoolExecutor(
        max_workers=workers, thread_name_prefix="fees-review"
    ) as pool:
        try:
            for review in work:
                if done.outage:
                    break
                plan = None
                if review.choice == IncomeChoice.CONSENT:
                    try:
                        plan = fetching.review_plan_fetch(review)
                    except DomainError:
                        # Consent withdrawn or expired, or no identity code to ask with: no
                        # query; the proposal is flagged for manual work (no incomes).
                        plan = None
                if plan is None:
                    _propose(review, run, done)
                    bar.update()
                else:
                    while len(in_flight) >= max_in_flight:
                        harvest(block=True)
                    in_flight[pool.submit(fetching.incomes_collect, plan, clients)] = review
                if in_flight:
                    harvest(block=False)
            while in_flight and not done.outage:
                harvest(block=True)
        finally:
            # Stopping (an outage, Ctrl+C): what is still on its way is not stored.
            for future in in_flight:
                future.cancel()
            bar.close()
    if not done.outage:
        _release_held(run, done)

    summary = summarise(
        run, done=done, seconds=time.monotonic() - started, requests=_requests(throttles)
    )
    run.summary = summary
    fields = ["summary"]
    if not done.outage and summary["remaining"] == 0:
        run.finished_at = timezone.now()
        fields.append("finished_at")
    run.save(update_fields=fields)
    if done.outage:
        raise RegistryOutage(
            ngettext(
                "%(registry)s did not answer %(count)d time in a row: the review stopped. "
                "The proposals made so far are kept; run the review again when the registry "
                "answers, and it continues where it stopped.",
                "%(registry)s did not answer %(count)d times in a row: the review stopped. "
                "The proposals made so far are kept; run the review again when the registry "
                "answers, and it continues where it stopped.",
                outage_after,
            )
            % {"registry": Registry(done.outage).label, "count": outage_after},
            summary,
        )
    return summary
