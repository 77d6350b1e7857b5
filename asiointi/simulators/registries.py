"""Stand-ins for the three national registries the fee review reads, for the demo and the tests.

Each ``RegistrySimulator`` is a small HTTP/JSON server (stdlib ``ThreadingHTTPServer``) that
answers like one registry. The shapes follow the real services closely enough for the adapters in
``asiointi/fees/registries/`` to be written against them; docs/fees-registries.md is the reference.
Every request needs ``Authorization: Bearer <token>`` (401 otherwise); errors are JSON
``{"error": "<code>", "message": "…"}``.

Incomes Register (Tulorekisteri: earned income and benefits paid, by month)::

    GET /v1/incomes?personId=040338-903X&from=2025-12&to=2026-11
    → {"personId", "from", "to", "months": [{"month": "2025-12", "payments": [
          {"paymentDate", "payer": {"id", "name"}, "incomeType": {"code", "name"},
           "gross", "withholding", "contributions": {"pension", "unemployment",
           "healthInsurance"}, "net"}]}]}

  Months after the current one have no payments yet; at most 36 months per query.

Tax Administration (Vero: the latest completed assessment)::

    GET /v1/assessments/040338-903X/latest
    → {"personId", "taxYear", "completedOn", "earnedIncome",
       "capitalIncome": {"total", "items": [{"code", "amount"}]},
       "forestIncome": {"total"}, "otherIncome": {"total"}}
    404 {"error": "no_assessment"} for a person without one (a child).

Population Information System (VTJ)::

    GET /v1/persons/040338-903X
    → {"personId", "name": {"first", "last"}, "birthDate", "address": {"street",
       "postalCode", "postOffice"}, "maritalStatus", "spouse": {"personId", "name",
       "birthDate"} | null, "household": [{"personId", "name", "birthDate",
       "relation": "spouse" | "child" | "other"}]}

Money is a JSON number in euros with two decimals. Any valid personal identity code gets
synthetic data derived from the code alone (the same in all three registries and in every run):
mostly pensioners, some with wages, benefits, capital or forest income, the pensioner's care
allowance, and a spouse (about half) whose own data comes from the spouse's code. A generated
spouse's own population record is generated independently (it need not point back).

Fixed profiles:

- ``EINO_ID`` 040338-903X: Eino Eläkeläinen, pensions 1 650.00 €/month gross (Varma 1 498.60,
  Kela 151.40), dividends and interest 480 €/year, married to Elsa, who lives with him.
- ``ELSA_ID`` 120540-9048: Elsa Eläkeläinen, pensions 1 100.00 €/month (Keva 720.00, Kela
  380.00), married to Eino.
- ``VEIKKO_ID`` 210946-123M: Veikko Metsänen, lives alone; pension 1 900.00 €/month, the
  pensioner's care allowance 179.21 €/month, dividends 1 200 €/year, forest income 7 200 €/year.
- ``TIINA_ID`` 300585-2468: Tiina Toivonen, wages 2 850.00 €/month, unmarried, two children
  under 18 and an adult son in the household.
- ``UNKNOWN_PERSON_ID`` 010150-9909: every registry answers 404 (person unknown).
- ``UNAVAILABLE_ID`` 010150-991A: every registry answers 503 (transient, always).
- ``REJECTED_ID`` 010150-992B: every registry answers 400 (permanent).

Failure injection: ``failure_rate`` answers that share of requests with 503 (drawn from a random
generator seeded with ``seed``, so a run is repeatable); ``fail_next`` answers the next N requests
with 503 (with ``Retry-After: retry_after`` when set); ``malformed`` answers 200 with an HTML
page; ``statuses`` maps a personal identity code to the status to answer; ``latency_ms`` delays
every answer. All are settable while the server runs.

Run all three with ``python -m asiointi.simulators.registries [--incomes-port 8701 --tax-port 8702
--population-port 8703 --latency-ms N --failure-rate F --seed S --token T]``.
"""

import argparse
import datetime
import hashlib
import json
import os
import random
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

INCOMES_REGISTER = "incomes_register"
TAX = "tax"
POPULATION = "population"
REGISTRIES = (INCOMES_REGISTER, TAX, POPULATION)
TITLES = {
    INCOMES_REGISTER: "Incomes Register",
    TAX: "Tax Administration",
    POPULATION: "Population Information System",
}
DEFAULT_PORTS = {INCOMES_REGISTER: 8701, TAX: 8702, POPULATION: 8703}
DEFAULT_TOKEN = "demo-token"  # noqa: S105 (the demo settings' default, not a secret)
MAX_MONTHS = 36

EINO_ID = "040338-903X"
ELSA_ID = "120540-9048"
VEIKKO_ID = "210946-123M"
TIINA_ID = "300585-2468"
UNKNOWN_PERSON_ID = "010150-9909"
UNAVAILABLE_ID = "010150-991A"
REJECTED_ID = "010150-992B"
SPECIAL_STATUSES = {UNKNOWN_PERSON_ID: 404, UNAVAILABLE_ID: 503, REJECTED_ID: 400}

CENT = Decimal("0.01")
_CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_CENTURIES = {"+": 1800, **dict.fromkeys("-YXWVU", 1900), **dict.fromkeys("ABCDEF", 2000)}

# Income types (codes modelled on the Incomes Register's wage and benefit codes).
INCOME_TYPES = {
    "201": "Time-rate pay",
    "1001": "Earnings-related pension",
    "1002": "National pension",
    "1003": "Guarantee pension",
    "1004": "Disability pension",
    "1101": "Pensioner's care allowance",
    "1102": "Disability allowance",
    "1201": "Housing allowance for pensioners",
    "1301": "Unemployment allowance",
    "1302": "Sickness allowance",
}
# Tax-free benefits: no withholding.
TAX_FREE_TYPES = {"1101", "1102", "1201"}
PAYERS = {
    "kela": ("0246246-0", "Kela"),
    "keva": ("0118464-5", "Keva"),
    "varma": ("0533297-9", "Keskinäinen työeläkevakuutusyhtiö Varma"),
    "ilmarinen": ("0107638-1", "Keskinäinen Eläkevakuutusyhtiö Ilmarinen"),
    "elo": ("2733281-5", "Keskinäinen Työeläkevakuutusyhtiö Elo"),
    "veritas": ("0211034-2", "Eläke-Veritas"),
    "city": ("0201256-6", "Helsingin kaupunki"),
    "shop": ("1234568-2", "Kauppa Oy Kulmakivi"),
    "hospital": ("2345678-0", "Hoivapalvelut Lähellä Oy"),
    "fund": ("0215312-3", "Työttömyyskassa Turva"),
}
PENSION_PAYERS = ("keva", "varma", "ilmarinen", "elo", "veritas")
EMPLOYERS = ("city", "shop", "hospital")
# The employee's statutory contributions on wages (2026 levels, rounded).
PENSION_CONTRIBUTION = Decimal("0.0715")
UNEMPLOYMENT_CONTRIBUTION = Decimal("0.0059")
HEALTH_INSURANCE_CONTRIBUTION = Decimal("0.0106")
CARE_ALLOWANCE_LEVELS = (Decimal("82.31"), Decimal("179.21"), Decimal("378.93"))

MALE_NAMES = ("Eino", "Veikko", "Tauno", "Pentti", "Matti", "Kalevi", "Juhani", "Antero", "Olavi")
FEMALE_NAMES = ("Elsa", "Aino", "Helmi", "Sirkka", "Marjatta", "Leena", "Tuula", "Kaarina")
CHILD_NAMES = ("Ella", "Onni", "Aada", "Leo", "Venla", "Eetu", "Sofia", "Väinö")
LAST_NAMES = ("Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Heikkinen")
STREETS = ("Kotikatu", "Mannerheimintie", "Sturenkatu", "Kivikonkaari", "Meri-Rastilan tie")
POSTAL_CODES = ("00530", "00250", "00510", "00940", "00980")


def valid_national_id(value: str) -> bool:
    """A Finnish personal identity code (henkilötunnus) with a correct check character."""
    if len(value) != 11 or value[6] not in _CENTURIES:
        return False
    digits, check = value[:6] + value[7:10], value[10]
    if not digits.isdigit():
        return False
    try:
        birth_date(value)
    except ValueError:
        return False
    return _CHECK_CHARACTERS[int(digits) % 31] == check


def birth_date(national_id: str) -> datetime.date:
    year = _CENTURIES[national_id[6]] + int(national_id[4:6])
    return datetime.date(year, int(national_id[2:4]), int(national_id[0:2]))


def make_national_id(born: datetime.date, individual: int) -> str:
    sign = {1800: "+", 1900: "-", 2000: "A"}[born.year // 100 * 100]
    digits = f"{born:%d%m}{born.year % 100:02d}{individual:03d}"
    return f"{digits[:6]}{sign}{digits[6:]}{_CHECK_CHARACTERS[int(digits) % 31]}"


def _today() -> datetime.date:
    # The registries live in Finland: their "today" is the local date there.
    return datetime.datetime.now(ZoneInfo("Europe/Helsinki")).date()


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first
    while month <= last:
        months.append(month)
        month = datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


# --- Synthetic persons --------------------------------------------------------------------------


@dataclass
class IncomeSource:
    code: str
    payer: str  # a key of PAYERS
    monthly: Decimal  # gross in the reference year 2026
    withholding_percent: Decimal = Decimal(0)
    varies: bool = False  # wages vary from month to month
    indexed: bool = True  # pensions and benefits rise with the index each January


@dataclass
class Relative:
    national_id: str
    first: str
    last: str
    relation: str

    @property
    def born(self) -> datetime.date:
        return birth_date(self.national_id)


@dataclass
class Person:
    national_id: str
    first: str
    last: str
    street: str
    postal_code: str
    spouse: Relative | None = None
    household: list[Relative] = field(default_factory=list)
    incomes: list[IncomeSource] = field(default_factory=list)
    # Annual capital income items, forest and other income (Vero).
    capital: dict[str, Decimal] = field(default_factory=dict)
    forest: Decimal = Decimal(0)
    other: Decimal = Decimal(0)
    has_assessment: bool = True


def _fixed_profiles() -> dict[str, Person]:
    eino_address = ("Kotikatu 5 A 3", "00530")
    return {
        EINO_ID: Person(
            EINO_ID,
            "Eino",
            "Eläkeläinen",
            *eino_address,
            spouse=Relative(ELSA_ID, "Elsa", "Eläkeläinen", "spouse"),
            household=[Relative(ELSA_ID, "Elsa", "Eläkeläinen", "spouse")],
            incomes=[
                IncomeSource("1001", "varma", Decimal("1498.60"), Decimal(18), indexed=False),
                IncomeSource("1002", "kela", Decimal("151.40"), Decimal(18), indexed=False),
            ],
            capital={"dividends": Decimal("420.00"), "interest": Decimal("60.00")},
        ),
        ELSA_ID: Person(
            ELSA_ID,
            "Elsa",
            "Eläkeläinen",
            *eino_address,
            spouse=Relative(EINO_ID, "Eino", "Eläkeläinen", "spouse"),
            household=[Relative(EINO_ID, "Eino", "Eläkeläinen", "spouse")],
            incomes=[
                IncomeSource("1001", "keva", Decimal("720.00"), Decimal(6), indexed=False),
                IncomeSource("1002", "kela", Decimal("380.00"), Decimal(6), indexed=False),
            ],
        ),
        VEIKKO_ID: Person(
            VEIKKO_ID,
            "Veikko",
            "Metsänen",
            "Sturenkatu 12 B 20",
            "00510",
            incomes=[
                IncomeSource("1001", "ilmarinen", Decimal("1900.00"), Decimal(22), indexed=False),
                IncomeSource("1101", "kela", Decimal("179.21"), indexed=False),
            ],
            capital={"dividends": Decimal("1200.00")},
            forest=Decimal("7200.00"),
        ),
        TIINA_ID: Person(
            TIINA_ID,
            "Tiina",
            "Toivonen",
            "Kivikonkaari 8 C 14",
            "00940",
            household=[
                Relative("140312A468M", "Ella", "Toivonen", "child"),
                Relative("020716A357K", "Onni", "Toivonen", "child"),
                Relative("110803A542T", "Eetu", "Toivonen", "other"),
            ],
            incomes=[IncomeSource("201", "city", Decimal("2850.00"), Decimal(21), indexed=False)],
        ),
    }


FIXED_PROFILES = _fixed_profiles()


def _rng(*parts) -> random.Random:
    seed = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(seed[:8], "big"))  # noqa: S311 (synthetic data)


def _age(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def person(national_id: str, *, today: datetime.date | None = None) -> Person:
    """The person behind a valid personal identity code: fixed, or generated from the code."""
    if national_id in FIXED_PROFILES:
        return FIXED_PROFILES[national_id]
    today = today or _today()
    rng = _rng("person", national_id)
    born = birth_date(national_id)
    male = int(national_id[7:10]) % 2 == 1
    last = rng.choice(LAST_NAMES)
    result = Person(
        national_id,
        rng.choice(MALE_NAMES if male else FEMALE_NAMES),
        last,
        f"{rng.choice(STREETS)} {rng.randint(1, 60)} {rng.choice('ABC')} {rng.randint(1, 40)}",
        rng.choice(POSTAL_CODES),
    )
    age = _age(born, today)
    if age < 18:
        result.has_assessment = False
        return result
    if rng.random() < 0.5:
        spouse_born = born + datetime.timedelta(days=rng.randint(-5 * 365, 5 * 365))
        individual = rng.randrange(2, 898, 2) + (0 if male else 1)
        spouse = Relative(
            make_national_id(spouse_born, individual),
            rng.choice(FEMALE_NAMES if male else MALE_NAMES),
            last,
            "spouse",
        )
        result.spouse = spouse
        # Most spouses live together; some live apart (one of them in 24-hour care).
        if rng.random() < 0.85:
            result.household.append(spouse)
    tax = Decimal(rng.randint(8, 28))
    if age >= 63:
        earnings = _money(rng.lognormvariate(7.0, 0.45))
        result.incomes.append(IncomeSource("1001", rng.choice(PENSION_PAYERS), earnings, tax))
        if earnings < 1450:
            national = _money(min(Decimal("775.00"), (Decimal(1450) - earnings) / 2))
            result.incomes.append(IncomeSource("1002", "kela", national, tax))
            if earnings + national < Decimal("1000.00"):
                top_up = _money(Decimal("1000.00") - earnings - national)
                result.incomes.append(IncomeSource("1003", "kela", top_up, Decimal(0)))
            if rng.random() < 0.15:
                allowance = _money(rng.uniform(80, 420))
                result.incomes.append(IncomeSource("1201", "kela", allowance))
        if rng.random() < 0.3:
            level = rng.choice(CARE_ALLOWANCE_LEVELS)
            result.incomes.append(IncomeSource("1101", "kela", level))
    else:
        draw = rng.random()
        if draw < 0.5:
            wage = _money(rng.uniform(1800, 4200))
            result.incomes.append(
                IncomeSource("201", rng.choice(EMPLOYERS), wage, tax, varies=True, indexed=False)
            )
        elif draw < 0.8:
            pension = _money(rng.uniform(700, 1600))
            result.incomes.append(IncomeSource("1004", rng.choice(PENSION_PAYERS), pension, tax))
            result.incomes.append(IncomeSource("1102", "kela", Decimal("103.70")))
        else:
            code = rng.choice(("1301", "1302"))
            payer = "fund" if code == "1301" else "kela"
            result.incomes.append(
                IncomeSource(code, payer, _money(rng.uniform(900, 1700)), Decimal(20))
            )
        if age < 60 and rng.random() < 0.4:
            for number in range(rng.randint(1, 2)):
                child_born = today - datetime.timedelta(days=rng.randint(365, 17 * 365))
                child_id = make_national_id(child_born, rng.randrange(2, 898))
                name = CHILD_NAMES[(rng.randrange(len(CHILD_NAMES)) + number) % len(CHILD_NAMES)]
                result.household.append(Relative(child_id, name, last, "child"))
    if rng.random() < 0.3:
        result.capital["dividends"] = _money(rng.uniform(50, 3000))
        if rng.random() < 0.5:
            result.capital["interest"] = _money(rng.uniform(5, 400))
    if rng.random() < 0.05:
        result.capital["rental"] = _money(rng.uniform(2000, 9000))
    if rng.random() < 0.08:
        result.forest = _money(rng.uniform(1000, 15000))
    if rng.random() < 0.03:
        result.other = _money(rng.uniform(200, 2000))
    return result


def _gross(source: IncomeSource, national_id: str, month: datetime.date) -> Decimal:
    gross = source.monthly
    if source.indexed:
        gross = gross * Decimal("1.015") ** (month.year - 2026)
    if source.varies:
        gross = gross * Decimal(_rng("month", national_id, source.code, month).uniform(0.85, 1.15))
    return _money(gross)


def payment(source: IncomeSource, national_id: str, month: datetime.date) -> dict:
    gross = _gross(source, national_id, month)
    withholding = _money(gross * source.withholding_percent / 100)
    if source.code == "201":
        contributions = {
            "pension": _money(gross * PENSION_CONTRIBUTION),
            "unemployment": _money(gross * UNEMPLOYMENT_CONTRIBUTION),
            "healthInsurance": _money(gross * HEALTH_INSURANCE_CONTRIBUTION),
        }
    else:
        contributions = {"pension": CENT * 0, "unemployment": CENT * 0, "healthInsurance": CENT * 0}
    payer_id, payer_name = PAYERS[source.payer]
    day = 15 if source.code == "201" else 7 if source.payer == "kela" else 1
    return {
        "paymentDate": month.replace(day=day).isoformat(),
        "payer": {"id": payer_id, "name": payer_name},
        "incomeType": {"code": source.code, "name": INCOME_TYPES[source.code]},
        "gross": gross,
        "withholding": withholding,
        "contributions": contributions,
        "net": gross - withholding - sum(contributions.values()),
    }


def incomes_answer(national_id: str, first: datetime.date, last: datetime.date, today) -> dict:
    subject = person(national_id, today=today)
    current = today.replace(day=1)
    months = []
    for month in _months_between(first, last):
        # Nothing is paid for months still to come.
        payments = (
            []
            if month > current
            else [payment(source, national_id, month) for source in subject.incomes]
        )
        months.append({"month": f"{month:%Y-%m}", "payments": payments})
    return {
        "personId": national_id,
        "from": f"{first:%Y-%m}",
        "to": f"{last:%Y-%m}",
        "months": months,
    }


def latest_tax_year(today: datetime.date) -> int:
    """Assessments of a year are completed by the end of October of the next year."""
    return today.year - 1 if today.month >= 11 else today.year - 2


def assessment_answer(national_id: str, today: datetime.date) -> dict | None:
    subject = person(national_id, today=today)
    if not subject.has_assessment:
        return None
    year = latest_tax_year(today)
    earned = sum(
        (
            _gross(source, national_id, datetime.date(year, 1, 1)) * 12
            for source in subject.incomes
            if source.code not in TAX_FREE_TYPES
        ),
        Decimal(0),
    )
    items = [{"code": code, "amount": amount} for code, amount in sorted(subject.capital.items())]
    return {
        "personId": national_id,
        "taxYear": year,
        "completedOn": datetime.date(year + 1, 10, 31).isoformat(),
        "earnedIncome": _money(earned),
        "capitalIncome": {"total": sum(subject.capital.values(), CENT * 0), "items": items},
        "forestIncome": {"total": subject.forest},
        "otherIncome": {"total": subject.other},
    }


def _relative(relative: Relative) -> dict:
    return {
        "personId": relative.national_id,
        "name": {"first": relative.first, "last": relative.last},
        "birthDate": relative.born.isoformat(),
        "relation": relative.relation,
    }


def person_answer(national_id: str, today: datetime.date) -> dict:
    subject = person(national_id, today=today)
    spouse = None
    if subject.spouse is not None:
        spouse = _relative(subject.spouse)
        del spouse["relation"]
    return {
        "personId": national_id,
        "name": {"first": subject.first, "last": subject.last},
        "birthDate": birth_date(national_id).isoformat(),
        "address": {
            "street": subject.street,
            "postalCode": subject.postal_code,
            "postOffice": "HELSINKI",
        },
        "maritalStatus": "married" if subject.spouse else "unmarried",
        "spouse": spouse,
        "household": [_relative(member) for member in subject.household],
    }


# --- The HTTP server ----------------------------------------------------------------------------


class _Problem(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(repr(value))


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without this, Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every answer on a kept-alive connection.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        simulator = self.server.simulator
        url = urlsplit(self.path)
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        path = url.path.rstrip("/")
        if path == "/health":
            self._send(200, {"status": "ok", "registry": simulator.registry})
            return
        national_id = simulator.national_id_of(path, query)
        simulator.record({"path": path, "query": query, "national_id": national_id})
        try:
            if simulator.latency_ms:
                time.sleep(simulator.latency_ms / 1000)
            body = simulator.answer(self.headers.get("Authorization", ""), path, query, national_id)
        except _Problem as problem:
            self._send(
                problem.status,
                {"error": problem.code, "message": problem.message},
                problem.headers,
            )
            return
        if simulator.malformed:
            self._send_bytes(200, b"<html><body>Service break</body></html>", "text/html")
            return
        self._send(200, body)

    def _send_bytes(self, status: int, payload: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _send(self, status: int, body: dict, headers: dict | None = None) -> None:
        payload = json.dumps(body, default=_json_default, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        try:
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (its timeout): nothing to answer to

    def log_message(self, format, *args) -> None:  # noqa: A002 (http.server's signature)
        if self.server.simulator.verbose:
            super().log_message(format, *args)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    simulator: "RegistrySimulator"


class RegistrySimulator:
    """One registry's HTTP server. ``requests`` lists every request received (health checks
    aside) as ``{"path", "query", "national_id"}``."""

    def __init__(
        self,
        registry: str,
        *,
        latency_ms: int = 0,
        failure_rate: float = 0.0,
        seed: int = 0,
        token: str = DEFAULT_TOKEN,
        today: datetime.date | None = None,
        verbose: bool = False,
    ):
        if registry not in REGISTRIES:
            raise ValueError(f"unknown registry {registry!r}")
        self.registry = registry
        self.latency_ms = latency_ms
        self.failure_rate = failure_rate
        self.fail_next = 0
        self.retry_after: int | None = None
        # Answer 200 with an HTML page instead of JSON (a misconfigured proxy in front).
        self.malformed = False
        self.statuses: dict[str, int] = {}
        self.token = token
        self.today = today
        self.verbose = verbose
        self.requests: list[dict] = []
        self._lock = threading.Lock()
        self._random = random.Random(seed)  # noqa: S311 (repeatable failure injection)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._server = _Server((host, port), _Handler)
        self._server.simulator = self
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"{self.registry}-simulator",
            daemon=True,
        )
        self._thread.start()
        return self.base_url

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
            self._server = None

    # -- requests

    def record(self, entry: dict) -> None:
        with self._lock:
            self.requests.append(entry)

    def national_id_of(self, path: str, query: dict) -> str | None:
        if self.registry == INCOMES_REGISTER:
            return query.get("personId")
        parts = path.split("/")
        if self.registry == TAX and len(parts) == 5 and parts[1:3] == ["v1", "assessments"]:
            return unquote(parts[3])
        if self.registry == POPULATION and len(parts) == 4 and parts[1:3] == ["v1", "persons"]:
            return unquote(parts[3])
        return None

    def _injected_failure(self) -> bool:
        with self._lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                return True
            return self.failure_rate > 0 and self._random.random() < self.failure_rate

    def answer(self, authorization: str, path: str, query: dict, national_id: str | None) -> dict:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or token != self.token:
            raise _Problem(
                401,
                "unauthorized",
                "A valid bearer token is required.",
                {"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        if self._injected_failure():
            headers = {"Retry-After": str(self.retry_after)} if self.retry_after else {}
            raise _Problem(503, "unavailable", "The service is temporarily unavailable.", headers)
        expected = {
            INCOMES_REGISTER: "/v1/incomes",
            TAX: "/v1/assessments/{id}/latest",
            POPULATION: "/v1/persons/{id}",
        }[self.registry]
        if national_id is None:
            if self.registry == INCOMES_REGISTER and path == "/v1/incomes":
                raise _Problem(400, "invalid_request", "personId is required.")
            raise _Problem(404, "not_found", f"No such resource; use GET {expected}.")
        if not valid_national_id(national_id):
            raise _Problem(400, "invalid_person_id", "personId is not a valid identity code.")
        status = self.statuses.get(national_id) or SPECIAL_STATUSES.get(national_id)
        if status is not None:
            raise _Problem(*_SPECIAL_ANSWERS[status])
        today = self.today or _today()
        if self.registry == INCOMES_REGISTER:
            first, last = _month_range(query)
            return incomes_answer(national_id, first, last, today)
        if self.registry == TAX:
            answer = assessment_answer(national_id, today)
            if answer is None:
                raise _Problem(404, "no_assessment", "The person has no completed assessment.")
            return answer
        return person_answer(national_id, today)


_SPECIAL_ANSWERS = {
    400: (400, "invalid_request", "The request was rejected."),
    401: (401, "unauthorized", "A valid bearer token is required."),
    403: (403, "forbidden", "No permission to this person's data."),
    404: (404, "person_not_found", "No such person."),
    429: (429, "too_many_requests", "Too many requests.", {"Retry-After": "1"}),
    500: (500, "internal_error", "Internal error."),
    503: (503, "unavailable", "The service is temporarily unavailable."),
}


def _month(value: str | None, name: str) -> datetime.date:
    try:
        year, month = (value or "").split("-")
        return datetime.date(int(year), int(month), 1)
    except ValueError:
        raise _Problem(400, "invalid_request", f"{name} must be a month, YYYY-MM.") from None


def _month_range(query: dict) -> tuple[datetime.date, datetime.date]:
    first, last = _month(query.get("from"), "from"), _month(query.get("to"), "to")
    if first > last:
        raise _Problem(400, "invalid_request", "from must not be after to.")
    if len(_months_between(first, last)) > MAX_MONTHS:
        raise _Problem(400, "invalid_request", f"At most {MAX_MONTHS} months per query.")
    return first, last


# --- Command line -------------------------------------------------------------------------------


def _watch_parent(stopped: threading.Event) -> None:
    # ``asiointi serve`` replaces itself with gunicorn (same process id); when that ends, this
    # process is handed to another parent, and the simulators must not outlive the server.
    parent = os.getppid()
    while not stopped.wait(1.0):
        if os.getppid() != parent:
            stopped.set()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m asiointi.simulators.registries",
        description="Serve the Incomes Register, Tax Administration and Population Information "
        "System simulators.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--incomes-port", type=int, default=DEFAULT_PORTS[INCOMES_REGISTER])
    parser.add_argument("--tax-port", type=int, default=DEFAULT_PORTS[TAX])
    parser.add_argument("--population-port", type=int, default=DEFAULT_PORTS[POPULATION])
    parser.add_argument("--latency-ms", type=int, default=0)
    parser.add_argument("--failure-rate", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--token",
        default=os.environ.get("ASIOINTI_REGISTRY_TOKEN", DEFAULT_TOKEN),
        help="the bearer token to accept (default: $ASIOINTI_REGISTRY_TOKEN or demo-token)",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request")
    parser.add_argument(
        "--exit-with-parent",
        action="store_true",
        help="stop when the process that started this one ends (asiointi serve)",
    )
    options = parser.parse_args(argv)
    if options.latency_ms < 0:
        parser.error("--latency-ms must not be negative")
    if not 0 <= options.failure_rate <= 1:
        parser.error("--failure-rate must be between 0 and 1")
    ports = {
        INCOMES_REGISTER: options.incomes_port,
        TAX: options.tax_port,
        POPULATION: options.population_port,
    }
    started = []
    for registry, port in ports.items():
        simulator = RegistrySimulator(
            registry,
            latency_ms=options.latency_ms,
            failure_rate=options.failure_rate,
            seed=options.seed,
            token=options.token,
            verbose=options.verbose,
        )
        try:
            url = simulator.start(options.host, port)
        except OSError as error:
            print(
                f"{TITLES[registry]} simulator not started: port {port} is not free ({error}).",
                file=sys.stderr,
                flush=True,
            )
            continue
        started.append(simulator)
        print(f"{TITLES[registry]} simulator at {url}", flush=True)
    if not started:
        return 1
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    if options.exit_with_parent:
        threading.Thread(target=_watch_parent, args=(stopped,), daemon=True).start()
    try:
        stopped.wait()
    except KeyboardInterrupt:
        pass
    for simulator in started:
        simulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
