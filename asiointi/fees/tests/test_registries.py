"""The registry adapters against the simulators as real HTTP servers: the answers parsed, the
retries of transient failures, the permanent errors not retried, timeouts, and the messages an
official reads."""

import datetime
import os
import socket
import subprocess
import sys
import time
from decimal import Decimal

import pytest

from asiointi.fees.constants import IncomeKind, Registry
from asiointi.fees.registries import (
    CallStats,
    HouseholdMember,
    IncomesRegisterClient,
    PermanentRegistryError,
    PopulationClient,
    TaxClient,
    TransientRegistryError,
    registry_clients,
)
from asiointi.simulators.registries import (
    EINO_ID,
    ELSA_ID,
    REJECTED_ID,
    TIINA_ID,
    UNAVAILABLE_ID,
    UNKNOWN_PERSON_ID,
    VEIKKO_ID,
    RegistrySimulator,
    latest_tax_year,
    make_national_id,
)

OCTOBER = datetime.date(2026, 10, 1)
NOVEMBER = datetime.date(2026, 11, 1)
FAST = {"token": "demo-token", "timeout": 2, "retries": 2, "backoff": 0.01}


def _incomes(simulators, **options):
    return IncomesRegisterClient(simulators.incomes.base_url, **{**FAST, **options})


def _tax(simulators, **options):
    return TaxClient(simulators.tax.base_url, **{**FAST, **options})


def _population(simulators, **options):
    return PopulationClient(simulators.population.base_url, **{**FAST, **options})


def test_incomes_register_answers_eino_s_pensions_month_by_month(registry_simulators):
    incomes = _incomes(registry_simulators).monthly_incomes(
        EINO_ID, datetime.date(2026, 9, 1), OCTOBER
    )

    assert [(i.month, i.kind, i.payer, i.gross, i.net, i.income_type) for i in incomes] == [
        (
            datetime.date(2026, 9, 1),
            IncomeKind.PENSION,
            "Keskinäinen työeläkevakuutusyhtiö Varma",
            Decimal("1498.60"),
            Decimal("1228.85"),
            "1001 Earnings-related pension",
        ),
        (
            datetime.date(2026, 9, 1),
            IncomeKind.PENSION,
            "Kela",
            Decimal("151.40"),
            Decimal("124.15"),
            "1002 National pension",
        ),
        (
            OCTOBER,
            IncomeKind.PENSION,
            "Keskinäinen työeläkevakuutusyhtiö Varma",
            Decimal("1498.60"),
            Decimal("1228.85"),
            "1001 Earnings-related pension",
        ),
        (
            OCTOBER,
            IncomeKind.PENSION,
            "Kela",
            Decimal("151.40"),
            Decimal("124.15"),
            "1002 National pension",
        ),
    ]
    assert registry_simulators.incomes.requests == [
        {
            "path": "/v1/incomes",
            "query": {"personId": EINO_ID, "from": "2026-09", "to": "2026-10"},
            "national_id": EINO_ID,
        }
    ]


def test_incomes_register_maps_wages_and_tax_free_benefits(registry_simulators):
    client = _incomes(registry_simulators)

    veikko = client.monthly_incomes(VEIKKO_ID, OCTOBER, OCTOBER)
    tiina = client.monthly_incomes(TIINA_ID, OCTOBER, OCTOBER)

    assert [(i.kind, i.gross, i.net) for i in veikko] == [
        (IncomeKind.PENSION, Decimal("1900.00"), Decimal("1482.00")),
        (IncomeKind.PENSIONERS_CARE_ALLOWANCE, Decimal("179.21"), Decimal("179.21")),
    ]
    # Wages: withholding 21 % and the employee's contributions (7.15 + 0.59 + 1.06 %).
    assert [(i.kind, i.payer, i.gross, i.net) for i in tiina] == [
        (IncomeKind.EARNED, "Helsingin kaupunki", Decimal("2850.00"), Decimal("2000.69")),
    ]


def test_tax_administration_answers_the_latest_assessment(registry_simulators):
    client = _tax(registry_simulators)

    eino = client.latest_assessment(EINO_ID)
    veikko = client.latest_assessment(VEIKKO_ID)

    year = latest_tax_year(datetime.date.today())  # noqa: DTZ011 (the simulator's own "today")
    assert (eino.year, eino.capital_income, eino.forest_income, eino.other_income) == (
        year,
        Decimal("480.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    )
    assert eino.capital_items == (("dividends", Decimal("420.00")), ("interest", Decimal("60.00")))
    assert (veikko.capital_income, veikko.forest_income) == (Decimal("1200.00"), Decimal("7200.00"))


def test_a_child_without_an_assessment_is_no_error(registry_simulators):
    assert _tax(registry_simulators).latest_assessment("140312A468M") is None


def test_population_register_answers_spouse_and_household(registry_simulators):
    client = _population(registry_simulators)

    eino = client.person(EINO_ID)
    tiina = client.person(TIINA_ID)

    elsa = HouseholdMember(ELSA_ID, "Elsa Eläkeläinen", datetime.date(1940, 5, 12), "spouse")
    assert eino.name == "Eino Eläkeläinen"
    assert eino.address == "Kotikatu 5 A 3, 00530 HELSINKI"
    assert eino.spouse == elsa
    assert eino.household == [elsa]
    assert tiina.spouse is None
    assert [(m.name, m.relation) for m in tiina.household] == [
        ("Ella Toivonen", "child"),
        ("Onni Toivonen", "child"),
        ("Eetu Toivonen", "other"),
    ]


def test_any_valid_identity_code_gets_the_same_synthetic_data_every_time(registry_simulators):
    national_id = make_national_id(datetime.date(1944, 2, 29), 331)
    other = RegistrySimulator("population", seed=99)
    other.start()
    try:
        first = _population(registry_simulators).person(national_id)
        second = PopulationClient(other.base_url, **FAST).person(national_id)
    finally:
        other.stop()

    assert first == second
    assert first.national_id == national_id
    assert _incomes(registry_simulators).monthly_incomes(national_id, OCTOBER, OCTOBER)


def test_a_person_unknown_to_the_registry_is_a_permanent_error_not_retried(registry_simulators):
    stats = CallStats()
    with pytest.raises(PermanentRegistryError) as error:
        _population(registry_simulators).person(UNKNOWN_PERSON_ID, stats=stats)

    assert error.value.message == (
        "The Population Information System does not know this person (HTTP 404)."
    )
    assert error.value.registry == Registry.POPULATION
    assert stats.attempts == 1
    assert len(registry_simulators.population.requests) == 1


def test_a_rejected_query_is_permanent_and_says_why(registry_simulators):
    with pytest.raises(PermanentRegistryError) as error:
        _tax(registry_simulators).latest_assessment(REJECTED_ID)

    assert error.value.message == (
        "The Tax Administration rejected the query (HTTP 400): The request was rejected."
    )
    assert len(registry_simulators.tax.requests) == 1


def test_a_wrong_token_is_permanent(registry_simulators):
    with pytest.raises(PermanentRegistryError) as error:
        _incomes(registry_simulators, token="stale").monthly_incomes(EINO_ID, OCTOBER, OCTOBER)

    assert error.value.message == (
        "The Incomes Register refused our credentials (HTTP 401). "
        "Check the registry token in the settings."
    )
    assert len(registry_simulators.incomes.requests) == 1


def test_an_answer_that_is_not_json_is_permanent(registry_simulators):
    registry_simulators.tax.malformed = True

    with pytest.raises(PermanentRegistryError) as error:
        _tax(registry_simulators).latest_assessment(EINO_ID)

    assert error.value.message == "The Tax Administration answered with data we could not read."
    assert len(registry_simulators.tax.requests) == 1


def test_unavailable_registry_is_retried_and_then_reported(registry_simulators):
    stats = CallStats()
    with pytest.raises(TransientRegistryError) as error:
        _incomes(registry_simulators).monthly_incomes(UNAVAILABLE_ID, OCTOBER, OCTOBER, stats=stats)

    assert error.value.message == (
        "The Incomes Register is temporarily unavailable (HTTP 503); tried 3 times."
    )
    assert stats.attempts == 3
    assert len(registry_simulators.incomes.requests) == 3


def test_503_is_retried_until_the_registry_answers(registry_simulators):
    registry_simulators.population.fail_next = 2
    throttled = []
    stats = CallStats()

    person = _population(registry_simulators, throttle=lambda: throttled.append(1)).person(
        EINO_ID, stats=stats
    )

    assert person.spouse.national_id == ELSA_ID
    assert stats.attempts == 3
    # The rate limiter is asked before every attempt, retries included.
    assert len(throttled) == 3
    assert len(registry_simulators.population.requests) == 3


def test_retry_after_is_honoured_up_to_the_cap(registry_simulators):
    registry_simulators.tax.fail_next = 1
    registry_simulators.tax.retry_after = 1
    started = time.monotonic()
    assert _tax(registry_simulators).latest_assessment(EINO_ID) is not None
    honoured = time.monotonic() - started

    registry_simulators.tax.fail_next = 1
    registry_simulators.tax.retry_after = 30
    started = time.monotonic()
    assert _tax(registry_simulators, retry_after_cap=0.1).latest_assessment(EINO_ID) is not None
    capped = time.monotonic() - started

    assert honoured >= 1.0
    assert capped < 1.0


def test_a_registry_slower_than_the_timeout_is_reported(registry_simulators):
    registry_simulators.incomes.latency_ms = 600

    with pytest.raises(TransientRegistryError) as error:
        _incomes(registry_simulators, timeout=0.2, retries=1).monthly_incomes(
            EINO_ID, OCTOBER, OCTOBER
        )

    assert error.value.message == "The Incomes Register did not answer in 0.2 seconds."
    assert error.value.attempts == 2


def test_a_registry_that_cannot_be_reached_is_transient(registry_simulators):
    simulator = RegistrySimulator("population")
    url = simulator.start()
    simulator.stop()  # the port is now closed

    with pytest.raises(TransientRegistryError) as error:
        PopulationClient(url, **{**FAST, "retries": 1}).person(EINO_ID)

    assert error.value.message == "The Population Information System could not be reached."
    assert error.value.attempts == 2


def test_failure_injection_is_repeatable_with_a_seed():
    def statuses(seed):
        simulator = RegistrySimulator("tax", failure_rate=0.5, seed=seed)
        simulator.start()
        client = TaxClient(simulator.base_url, **{**FAST, "retries": 0})
        answers = []
        try:
            for _ in range(20):
                try:
                    client.latest_assessment(EINO_ID)
                    answers.append(200)
                except TransientRegistryError:
                    answers.append(503)
        finally:
            simulator.stop()
        return answers

    first = statuses(7)

    assert first == statuses(7)
    assert 0 < first.count(503) < 20


def test_registry_clients_use_the_settings(registry_simulators, settings):
    throttled = []
    settings.REGISTRY_RETRIES = 0
    clients = registry_clients({Registry.TAX: lambda: throttled.append("tax")})

    assert clients[Registry.POPULATION].person(EINO_ID).spouse.national_id == ELSA_ID
    assert clients[Registry.INCOMES_REGISTER].monthly_incomes(EINO_ID, NOVEMBER, NOVEMBER)
    assert clients[Registry.TAX].latest_assessment(EINO_ID).capital_income == Decimal("480.00")
    assert throttled == ["tax"]
    assert clients[Registry.TAX].transport.timeout == settings.REGISTRY_TIMEOUT_SECONDS

    settings.REGISTRY_TOKEN = "rotated"
    with pytest.raises(PermanentRegistryError):
        registry_clients()[Registry.TAX].latest_assessment(EINO_ID)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_command_serves_all_three_and_reports_a_taken_port():
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    ports = {"incomes": _free_port(), "tax": taken.getsockname()[1], "population": _free_port()}
    process = subprocess.Popen(  # noqa: S603 (our own module)
        [
            sys.executable,
            "-m",
            "asiointi.simulators.registries",
            f"--incomes-port={ports['incomes']}",
            f"--tax-port={ports['tax']}",
            f"--population-port={ports['population']}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "ASIOINTI_REGISTRY_TOKEN": "from-the-environment"},
    )
    try:
        lines = [process.stdout.readline().strip() for _ in range(2)]
        assert lines == [
            f"Incomes Register simulator at http://127.0.0.1:{ports['incomes']}",
            f"Population Information System simulator at http://127.0.0.1:{ports['population']}",
        ]
        population = PopulationClient(
            f"http://127.0.0.1:{ports['population']}", **{**FAST, "token": "from-the-environment"}
        )
        assert population.person(EINO_ID).spouse.national_id == ELSA_ID
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=10)
        taken.close()
    assert f"Tax Administration simulator not started: port {ports['tax']} is not free" in errors
    assert process.returncode == 0
