"""The annual income review batch (``asiointi fees review``) against the registry simulators."""

import datetime
import io
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext

from asiointi.fees import consents
from asiointi.fees.constants import Channel, IncomeChoice, Registry, ReviewFlag, ReviewStatus
from asiointi.fees.models import (
    FeeClient,
    FeeProposal,
    IncomeRecord,
    IncomeReview,
    RegistryQuery,
    ReviewRun,
)
from asiointi.fees.review_batch import RegistryOutage, annual_review_run
from asiointi.organisation.models import Department
from asiointi.simulators.registries import (
    REJECTED_ID,
    UNAVAILABLE_ID,
    UNKNOWN_PERSON_ID,
    make_national_id,
)
from asiointi.testing.fixtures import make_person

AS_OF = datetime.date(2026, 11, 1)


class Clients:
    """Fee clients due on AS_OF, made as staff would: the choice recorded by Maija on paper."""

    def __init__(self, official):
        self.official = official
        self.social = Department.objects.get(code="social")
        self.count = 0

    def add(self, choice: str | None = "consent", *, national_id=None, due=AS_OF, active=True):
        self.count += 1
        code = national_id or make_national_id(datetime.date(1940, 1, 1), 900 + self.count)
        person = make_person(f"client{self.count}", "Asiakas", f"N{self.count}", national_id=code)
        client = FeeClient.objects.create(
            person=person,
            department=self.social,
            service="home-care",
            monthly_hours=12,
            monthly_cost=1200,
            current_amount=150,
            next_review_due=due,
            active=active,
        )
        if choice is not None:
            review = IncomeReview.objects.create(client=client, period_start=due)
            if choice:
                consents.review_record_choice(
                    review, choice=choice, channel=Channel.PAPER, actor=self.official
                )
        return client


@pytest.fixture
def clients(fee_official):
    return Clients(fee_official)


@pytest.fixture
def fast_retries(settings):
    settings.REGISTRY_RETRIES = 1
    settings.REGISTRY_TIMEOUT_SECONDS = 5


def proposal_of(client: FeeClient) -> FeeProposal:
    return FeeProposal.objects.get(review__client=client, review__period_start=AS_OF)


@pytest.mark.django_db
def test_every_due_client_gets_exactly_one_proposal(clients, registry_simulators):
    consenting = [clients.add("consent") for _ in range(4)]
    declared = clients.add(IncomeChoice.DECLARED)
    highest = clients.add(IncomeChoice.HIGHEST_FEE)
    undecided = clients.add("")  # a review waiting for the client
    no_review = clients.add(None)  # the batch opens the review
    later = clients.add("consent", due=AS_OF + datetime.timedelta(days=31))
    inactive = clients.add("consent", active=False)

    summary = annual_review_run(as_of=AS_OF, workers=3, rate_limit=100)

    due = [*consenting, declared, highest, undecided, no_review]
    assert FeeProposal.objects.count() == len(due)
    for client in due:
        review = client.reviews.get()
        assert review.period_start == AS_OF
        assert review.status == ReviewStatus.PROPOSED
        assert review.run_id == summary["run"]
    assert not IncomeReview.objects.filter(client__in=[later, inactive], proposal__isnull=False)
    assert ReviewFlag.NO_CHOICE in proposal_of(undecided).flags
    assert ReviewFlag.NO_CHOICE in proposal_of(no_review).flags
    assert ReviewFlag.DECLARED in proposal_of(declared).flags
    assert proposal_of(highest).amount == 1200  # the cost of the service
    for client in consenting:
        proposal = proposal_of(client)
        assert proposal.amount is not None
        assert ReviewFlag.REGISTRY_ERROR not in proposal.flags
        queries = RegistryQuery.objects.filter(review__client=client)
        assert set(queries.values_list("registry", flat=True)) == set(Registry.values)
        assert not queries.filter(ok=False).exists()
        assert IncomeRecord.objects.filter(review__client=client, query__isnull=False).exists()

    run = ReviewRun.objects.get()
    assert run.finished_at is not None
    assert run.summary == summary
    assert summary["clients_due"] == len(due)
    assert (summary["proposals"], summary["proposals_made"], summary["remaining"]) == (8, 8, 0)
    assert summary["flags"][ReviewFlag.NO_CHOICE] == 2
    assert summary["registry_errors"] == dict.fromkeys(Registry.values, 0)
    # The client's VTJ record (one per consenting client), incomes and tax of client and spouse.
    made = Counter(request["registry"] for request in registry_simulators.all_requests())
    assert summary["requests"] == {registry: made[registry] for registry in Registry.values}
    assert summary["requests"][Registry.POPULATION] == 4

    # Nothing left: run again, a new run with nothing to do, still one proposal each.
    again = annual_review_run(as_of=AS_OF, workers=3, rate_limit=100)
    assert (again["proposals"], again["proposals_made"], again["remaining"]) == (8, 0, 0)
    assert FeeProposal.objects.count() == len(due)
    assert len(registry_simulators.all_requests()) == sum(made.values())


@pytest.mark.django_db
def test_clients_without_a_valid_consent_cause_no_registry_request(
    clients, fee_official, registry_simulators
):
    consenting = clients.add("consent")
    others = [
        clients.add(IncomeChoice.DECLARED),
        clients.add(IncomeChoice.HIGHEST_FEE),
        clients.add(""),
        clients.add(None),
    ]
    withdrawn = clients.add("consent")
    consent = withdrawn.reviews.get().consents.get()
    consents.consent_withdraw(consent, actor=fee_official, channel=Channel.PHONE)
    others.append(withdrawn)

    annual_review_run(as_of=AS_OF, workers=2, rate_limit=100)

    asked = {request["national_id"] for request in registry_simulators.all_requests()}
    assert consenting.person.national_id in asked
    for client in others:
        assert client.person.national_id not in asked
        assert not RegistryQuery.objects.filter(review__client=client).exists()
        assert client.reviews.get().status == ReviewStatus.PROPOSED
    # The withdrawn consent sent the review back to waiting for a choice.
    assert ReviewFlag.NO_CHOICE in proposal_of(withdrawn).flags


@pytest.mark.django_db
def test_registry_errors_are_flagged_for_manual_work(clients, registry_simulators, fast_retries):
    fine = [clients.add("consent") for _ in range(5)]
    unavailable = clients.add("consent", national_id=UNAVAILABLE_ID)  # 503 every time
    rejected = clients.add("consent", national_id=REJECTED_ID)  # 400
    unknown = clients.add("consent", national_id=UNKNOWN_PERSON_ID)  # 404
    # And the Tax Administration overloaded (503) whenever it is asked about one of the others.
    registry_simulators.tax.statuses[fine[0].person.national_id] = 503

    summary = annual_review_run(as_of=AS_OF, workers=2, rate_limit=200)

    assert FeeProposal.objects.count() == 8
    for client in (unavailable, rejected, unknown):
        proposal = proposal_of(client)
        assert ReviewFlag.REGISTRY_ERROR in proposal.flags
        assert client.reviews.get().needs_manual
        failed = RegistryQuery.objects.filter(review__client=client, ok=False)
        assert set(failed.values_list("registry", flat=True)) == set(Registry.values)
    assert (
        RegistryQuery.objects.get(review__client=unavailable, registry=Registry.TAX).attempts == 2
    )
    tax_failures = RegistryQuery.objects.filter(
        review__client__in=fine, registry=Registry.TAX, ok=False
    )
    assert [query.review.client for query in tax_failures] == [fine[0]]
    assert ReviewFlag.REGISTRY_ERROR in proposal_of(fine[0]).flags
    for client in fine[1:]:
        assert ReviewFlag.REGISTRY_ERROR not in proposal_of(client).flags
    assert summary["registry_errors"] == {
        Registry.INCOMES_REGISTER: 3,
        Registry.TAX: 4,
        Registry.POPULATION: 3,
    }
    assert summary["remaining"] == 0
    assert ReviewRun.objects.get().finished_at is not None


@pytest.mark.django_db
def test_a_registry_outage_stops_the_run_and_the_next_run_continues(
    clients, registry_simulators, fast_retries
):
    declared = clients.add(IncomeChoice.DECLARED)  # proposed before the outage shows
    consenting = [clients.add("consent") for _ in range(8)]
    registry_simulators.population.failure_rate = 1.0

    with pytest.raises(RegistryOutage) as stopped:
        annual_review_run(as_of=AS_OF, workers=2, rate_limit=200, outage_after=3)

    assert "Population Information System" in stopped.value.message
    assert stopped.value.summary["outage"] == Registry.POPULATION
    # Nobody's review was flagged for the outage: the consenting clients are simply not done.
    assert not FeeProposal.objects.filter(review__client__in=consenting).exists()
    assert not RegistryQuery.objects.exists()
    assert proposal_of(declared)
    run = ReviewRun.objects.get()
    assert run.finished_at is None
    assert run.summary["remaining"] == 8

    registry_simulators.population.failure_rate = 0.0
    summary = annual_review_run(as_of=AS_OF, workers=2, rate_limit=200, outage_after=3)

    assert ReviewRun.objects.get().pk == run.pk  # the same run, continued
    assert (summary["proposals"], summary["proposals_made"], summary["remaining"]) == (9, 8, 0)
    for client in consenting:
        assert ReviewFlag.REGISTRY_ERROR not in proposal_of(client).flags
    run.refresh_from_db()
    assert run.finished_at is not None


def busiest_second(stamps: list[float]) -> int:
    stamps = sorted(stamps)
    return max(sum(1 for t in stamps if first <= t < first + 1.0) for first in stamps)


@pytest.mark.django_db
def test_requests_to_each_registry_stay_within_the_rate_limit(clients, registry_simulators):
    for _ in range(12):
        clients.add("consent")
    stamps: dict[str, list[float]] = {}
    for simulator in registry_simulators.all():
        # The simulator's log has no times: note the arrival of each request as well.
        times = stamps.setdefault(simulator.registry, [])
        original = simulator.record

        def record(entry, original=original, times=times):
            times.append(time.monotonic())
            original(entry)

        simulator.record = record

    started = time.monotonic()
    summary = annual_review_run(as_of=AS_OF, workers=6, rate_limit=8)
    elapsed = time.monotonic() - started

    assert summary["remaining"] == 0
    for registry, times in stamps.items():
        assert len(times) == summary["requests"][registry] >= 12
        # One more than the limit only for a request that left its slot late.
        assert busiest_second(times) <= 8 + 1, registry
    # Without the limit 6 workers would be done in a fraction of a second.
    most = max(len(times) for times in stamps.values())
    assert elapsed >= (most - 1) / 8


@pytest.mark.django_db
def test_command_prints_the_summary(clients, registry_simulators):
    clients.add("consent")
    clients.add("")
    output, errors = io.StringIO(), io.StringIO()
    call_command(
        "fees",
        "review",
        "--as-of",
        AS_OF.isoformat(),
        "--workers",
        "2",
        "--rate-limit",
        "50",
        stdout=output,
        stderr=errors,
    )
    text = output.getvalue()
    assert "Annual income review of the clients due by 2026-11-01" in text
    assert "Clients due: 2" in text
    assert "without a proposal: 0" in text
    assert "The client has not chosen: 1" in text
    assert "Population Information System: 1" in text  # one request
    assert "2/2" in errors.getvalue()  # the progress bar reached the end


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--as-of", "1.11.2026"], "--as-of: 1.11.2026 is not a date of the form YYYY-MM-DD."),
        (["--workers", "0"], "--workers: must be a whole number from 1 to 64, not 0."),
        (["--workers", "many"], "--workers: must be a whole number from 1 to 64, not many."),
        (["--rate-limit", "-5"], "--rate-limit: must be a whole number of at least 1, not -5."),
    ],
)
def test_command_refuses_bad_options(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("fees", "review", *arguments)
    assert not ReviewRun.objects.exists()


# --- Killed with kill -9 and started again ----------------------------------------------------


def database_url() -> str:
    """The test database, for the console script in a process of its own."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    port = settings["PORT"] or 5432
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"


def review_command(registry_simulators, tmp_path: Path) -> tuple[list[str], dict]:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env |= {
        "ASIOINTI_ENV": "demo",
        "ASIOINTI_DATA_DIR": str(tmp_path),
        "DATABASE_URL": database_url(),
        "ASIOINTI_INCOMES_REGISTER_URL": registry_simulators.incomes.base_url,
        "ASIOINTI_TAX_URL": registry_simulators.tax.base_url,
        "ASIOINTI_POPULATION_URL": registry_simulators.population.base_url,
        "LOG_LEVEL": "WARNING",
    }
    script = Path(sys.executable).with_name("asiointi")
    arguments = ["fees", "review", "--as-of", AS_OF.isoformat(), "--workers", "3"]
    return [str(script), *arguments, "--rate-limit", "30", "--no-progress"], env


@pytest.mark.django_db(transaction=True)
def test_killed_with_kill_9_and_started_again_it_finishes_with_one_proposal_each(
    fee_official, registry_simulators, tmp_path
):
    clients = Clients(fee_official)
    due = [clients.add("consent") for _ in range(30)] + [clients.add("") for _ in range(3)]
    for simulator in registry_simulators.all():
        simulator.latency_ms = 60
    command, env = review_command(registry_simulators, tmp_path)

    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 60
    proposals = 0
    while proposals < 8:
        assert first.poll() is None, first.stdout.read().decode()
        assert time.monotonic() < deadline, "no proposals within 60 s"
        time.sleep(0.05)
        proposals = FeeProposal.objects.count()
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    first.stdout.close()
    killed_at = FeeProposal.objects.count()
    assert 8 <= killed_at < len(due)
    assert ReviewRun.objects.get().finished_at is None

    second = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603

    assert second.returncode == 0, second.stdout + second.stderr
    # The command speaks the platform's default language, Finnish.
    with translation.override("fi"):
        clients_due = gettext("Clients due: %(count)d") % {"count": len(due)}
    assert clients_due in second.stdout
    run = ReviewRun.objects.get()  # the run was continued, not started over
    assert run.finished_at is not None
    assert run.summary["proposals_made"] == len(due) - killed_at
    assert FeeProposal.objects.count() == len(due)
    for client in due:
        review = client.reviews.get()
        assert review.status == ReviewStatus.PROPOSED
        assert FeeProposal.objects.filter(review=review).count() == 1
        queries = list(review.queries.values_list("registry", "subject"))
        if review.choice == IncomeChoice.CONSENT:
            # One fetch stored per review: the kill left none half-stored, none twice.
            assert queries
            assert len(queries) == len(set(queries)), queries
        else:
            assert queries == []
    # Every fetched income belongs to a query of its own review.
    fetched = IncomeRecord.objects.filter(query__isnull=False)
    assert fetched.exists()
    assert not fetched.exclude(query__review=F("review")).exists()


@pytest.mark.django_db
def test_command_exits_non_zero_when_a_registry_is_down(clients, registry_simulators, fast_retries):
    for _ in range(12):
        clients.add("consent")
    registry_simulators.incomes.failure_rate = 1.0
    output = io.StringIO()
    with pytest.raises(CommandError, match="Incomes Register did not answer 10 times in a row"):
        call_command(
            "fees", "review", "--as-of", AS_OF.isoformat(), "--workers", "2", "--no-progress",
            "--rate-limit", "500", stdout=output,
        )  # fmt: skip
    assert "without a proposal: 12" in output.getvalue()
    assert not FeeProposal.objects.exists()
    assert ReviewRun.objects.get().finished_at is None
