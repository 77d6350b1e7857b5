"""Client fee demo data (``asiointi load_demo``): Eino's review waiting for his choice, a handful
of reviews on Maija's desk in different states, and the annual review's mass of clients.

The mass (``clients`` home-care and long-term-care clients, ``vouchers`` service-voucher
clients; 7,000 and 2,000 by default, ``ASIOINTI_DEMO_FEE_CLIENTS`` /
``ASIOINTI_DEMO_VOUCHER_CLIENTS``) is written with ``bulk_create``: made one by one through the
services it would take minutes. Each mass client has a review for their due date, with the
client's choice: about 85 % consent (on paper, online or by phone), 5 % declare their incomes,
3 % accept the highest fee, the rest have not chosen yet. Most are due by today, so
``asiointi fees review`` has the whole annual review to do.

Nothing here queries a registry: ``load_demo`` runs without the registry simulators. The
reviews with consent wait for the batch (or the official's "fetch" button); the hand-made
proposals rest on incomes entered the manual ways (declared by the client, entered by staff from
a pension statement, a Kela decision).

Idempotent: the hand-made clients are found by username, and the mass is topped up to the
requested size (the generated people are ``hoitoasiakas-NNNNN`` and ``palveluseteli-NNNNN``).
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from asiointi.accounts.models import User
from asiointi.common.env import env_int
from asiointi.fees import consents, proposals, records
from asiointi.fees.constants import (
    CareSetting,
    Channel,
    ClientService,
    IncomeChoice,
    IncomeKind,
    IncomeSource,
    Registry,
    ReviewStatus,
    Subject,
)
from asiointi.fees.models import FeeClient, IncomeConsent, IncomeReview
from asiointi.organisation.models import Department

FEE_CLIENT_PREFIX = "hoitoasiakas-"
VOUCHER_CLIENT_PREFIX = "palveluseteli-"
BATCH_SIZE = 1000

# Temporary personal identity codes (individual number 900–999, never given to a real person):
# ``_national_id(k)`` is unique for every k below this (100 numbers × the days in the range).
_BIRTH_RANGE_START = datetime.date(1930, 1, 1)
_BIRTH_RANGE_DAYS = 10950  # thirty years: clients born 1930–1959
_STEP = 37  # spreads consecutive people over the birth dates
_ID_SPACE = 100 * _BIRTH_RANGE_DAYS // _STEP
# Fee clients take the first half of the space, voucher clients the second.
_VOUCHER_OFFSET = _ID_SPACE // 2
_CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"

FIRST_NAMES_FI = [
    "Aino", "Aili", "Anja", "Eila", "Elli", "Helmi", "Hilkka", "Irja", "Kaarina", "Lahja",
    "Liisa", "Martta", "Marjatta", "Raili", "Saimi", "Sirkka", "Tyyne", "Vieno", "Aarne",
    "Eero", "Erkki", "Heikki", "Kalevi", "Lauri", "Martti", "Olavi", "Paavo", "Pentti",
    "Reino", "Tauno", "Toivo", "Unto", "Veikko", "Väinö",
]  # fmt: skip
LAST_NAMES_FI = [
    "Aaltonen", "Heikkinen", "Hämäläinen", "Järvinen", "Karjalainen", "Kinnunen", "Koskinen",
    "Laine", "Lehtonen", "Lindqvist", "Mäkelä", "Mäkinen", "Nieminen", "Ojala", "Peltonen",
    "Rantanen", "Salminen", "Salo", "Tuominen", "Turunen", "Virtanen", "Väisänen",
]  # fmt: skip
FIRST_NAMES_SV = ["Astrid", "Birgitta", "Gunnel", "Ingrid", "Bengt", "Göran", "Lars", "Stig"]
LAST_NAMES_SV = ["Andersson", "Backman", "Ekström", "Holmberg", "Lindholm", "Sundström"]
FIRST_NAMES_EN = ["Margaret", "Dorothy", "George", "Harold", "Ahmed", "Irina"]
LAST_NAMES_EN = ["Smith", "Taylor", "Hassan", "Ivanova", "Brown"]

CONSENT_CHANNELS = [Channel.PAPER, Channel.ONLINE, Channel.PHONE]
LONG_TERM_SETTINGS = [
    CareSetting.SERVICE_HOUSING,
    CareSetting.FAMILY_CARE,
    CareSetting.INSTITUTIONAL,
]
HOME_CARE_HOURS = [4, 8, 12, 16, 20, 30, 40, 60]
# Months from the current month's first day to the due date, with weights: about 85 % are due
# by today (the first of this month or earlier), the rest in the next two months.
DUE_MONTHS = [(-2, 15), (-1, 25), (0, 45), (1, 10), (2, 5)]


def demo_sizes() -> tuple[int, int]:
    """The mass's size from the environment (the tests keep it small)."""
    return (
        env_int("ASIOINTI_DEMO_FEE_CLIENTS", 7000),
        env_int("ASIOINTI_DEMO_VOUCHER_CLIENTS", 2000),
    )


def national_id(birth_date: datetime.date, number: int) -> str:
    """A personal identity code (henkilötunnus) with the check character computed as
    python-stdnum's ``stdnum.fi.hetu`` validates it; century signs ``-`` (1900s), ``A``."""
    century = "-" if birth_date.year < 2000 else "A"
    digits = f"{birth_date:%d%m%y}{number:03d}"
    return f"{birth_date:%d%m%y}{century}{number:03d}{_CHECK_CHARACTERS[int(digits) % 31]}"


def _generated_id(k: int) -> str:
    number, day = divmod(k * _STEP, _BIRTH_RANGE_DAYS)
    return national_id(_BIRTH_RANGE_START + datetime.timedelta(days=day), 900 + number)


def _month_start(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _tiny_pdf(title: str) -> SimpleUploadedFile:
    content = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]"
        b"/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(title, content, content_type="application/pdf")


@transaction.atomic
def load_fee_demo(users: dict, *, clients: int = 7000, vouchers: int = 2000) -> None:
    social = Department.objects.get(code="social")
    today = timezone.localdate()
    _load_eino(users["eino"], social, today)
    _load_desk(users["maija"], social, today)
    _load_mass(users["maija"], social, today, clients=clients, vouchers=vouchers)


# --- Eino: waiting for his choice ---------------------------------------------------------------


def _load_eino(eino: User, social: Department, today: datetime.date) -> None:
    period_start = _month_start(today, 1)
    client, _ = FeeClient.objects.get_or_create(
        person=eino,
        department=social,
        service=ClientService.HOME_CARE,
        defaults={
            "monthly_hours": Decimal(12),
            "monthly_cost": Decimal("1200.00"),
            "current_amount": Decimal("150.00"),
            "next_review_due": period_start,
        },
    )
    IncomeReview.objects.get_or_create(client=client, period_start=client.next_review_due)


# --- Maija's desk: a few reviews made through the services --------------------------------------

# username, first name, last name, birth date, service, setting, hours, cost, current amount, state
DESK_CLIENTS = [
    ("helmi", "Helmi", "Hoivala", datetime.date(1936, 5, 14), ClientService.HOME_CARE, "",
     20, "1800.00", "310.00", "consent"),
    ("toivo", "Toivo", "Tuominen", datetime.date(1931, 9, 2), ClientService.LONG_TERM_CARE,
     CareSetting.SERVICE_HOUSING, None, "4200.00", "1290.00", "staff_entered"),
    ("sylvi", "Sylvi", "Salo", datetime.date(1944, 2, 27), ClientService.HOME_CARE, "",
     8, "720.00", "95.00", "declared"),
    ("vaino", "Väinö", "Virtanen", datetime.date(1939, 11, 6), ClientService.HOME_CARE, "",
     30, "2100.00", "2100.00", "highest_fee"),
    ("astrid", "Astrid", "Lindholm", datetime.date(1948, 7, 19), ClientService.SERVICE_VOUCHER,
     "", None, "1500.00", "640.00", "kela"),
]  # fmt: skip
DESK_LANGUAGES = {"astrid": "sv"}


def _load_desk(maija: User, social: Department, today: datetime.date) -> None:
    period_start = _month_start(today, 0)
    for number, row in enumerate(DESK_CLIENTS):
        username, first, last, born, service, setting, hours, cost, current, state = row
        person, created = User.objects.get_or_create(
            username=f"fee-{username}",
            defaults={
                "first_name": first,
                "last_name": last,
                "national_id": national_id(born, 990 + number),
                "email": f"{username}.{last.lower()}@example.com",
                "preferred_language": DESK_LANGUAGES.get(username, "fi"),
                "password": make_password(None),
            },
        )
        if not created:
            continue
        client = FeeClient.objects.create(
            person=person,
            department=social,
            service=service,
            setting=setting,
            monthly_hours=hours,
            monthly_cost=Decimal(cost),
            current_amount=Decimal(current),
            next_review_due=period_start,
        )
        review = IncomeReview.objects.create(client=client, period_start=period_start)
        _DESK_STATES[state](review, person=person, maija=maija, today=today)


def _consent(review, *, person, maija, today) -> None:
    # Given on paper; the annual review batch (or the official's fetch) collects the incomes.
    consents.review_record_choice(
        review, choice=IncomeChoice.CONSENT, channel=Channel.PAPER, actor=maija
    )


def _last_year(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = _month_start(today, -12)
    return start, _month_start(today, 0) - datetime.timedelta(days=1)


def _staff_entered(review, *, person, maija, today) -> None:
    # The client asked staff to enter the incomes from the pension statement he brought in.
    review = consents.review_record_choice(
        review, choice=IncomeChoice.DECLARED, channel=Channel.DESK, actor=maija
    )
    start, end = _last_year(today)
    records.income_record_add(
        review, actor=maija, source=IncomeSource.STAFF, subject=Subject.CLIENT,
        kind=IncomeKind.PENSION, gross_monthly="2140.00", net_monthly="1655.30",
        period_start=start, period_end=end, payer="Keva",
        upload=_tiny_pdf("elakeote.pdf"),
    )  # fmt: skip
    proposals.review_propose(review)


def _declared(review, *, person, maija, today) -> None:
    review = consents.review_record_choice(
        review, choice=IncomeChoice.DECLARED, channel=Channel.ONLINE, actor=person
    )
    start, end = _last_year(today)
    records.income_record_add(
        review, actor=person, source=IncomeSource.DECLARED, subject=Subject.CLIENT,
        kind=IncomeKind.PENSION, gross_monthly="1480.00", net_monthly="1236.50",
        period_start=start, period_end=end, payer="Työeläkekassa",
        upload=_tiny_pdf("tulotiedot.pdf"),
    )  # fmt: skip
    proposals.review_propose(review)


def _highest_fee(review, *, person, maija, today) -> None:
    review = consents.review_record_choice(
        review, choice=IncomeChoice.HIGHEST_FEE, channel=Channel.PHONE, actor=maija
    )
    proposals.review_propose(review)


def _kela(review, *, person, maija, today) -> None:
    # A voucher client's incomes entered by staff: a pension and Kela's housing allowance.
    review = consents.review_record_choice(
        review, choice=IncomeChoice.DECLARED, channel=Channel.PAPER, actor=maija
    )
    start, end = _last_year(today)
    records.income_record_add(
        review, actor=maija, source=IncomeSource.STAFF, subject=Subject.CLIENT,
        kind=IncomeKind.PENSION, gross_monthly="1720.00", net_monthly="1398.00",
        period_start=start, period_end=end, payer="Ilmarinen",
        upload=_tiny_pdf("pension.pdf"),
    )  # fmt: skip
    records.income_record_add(
        review, actor=maija, source=IncomeSource.KELA, subject=Subject.CLIENT,
        kind=IncomeKind.HOUSING_ALLOWANCE, gross_monthly="185.00", net_monthly="185.00",
        period_start=start, period_end=end, payer="Kela",
        upload=_tiny_pdf("kela-asumistuki.pdf"),
    )  # fmt: skip
    proposals.review_propose(review)


_DESK_STATES = {
    "consent": _consent,
    "staff_entered": _staff_entered,
    "declared": _declared,
    "highest_fee": _highest_fee,
    "kela": _kela,
}


# --- The mass for the annual review ---------------------------------------------------------


def _load_mass(
    maija: User, social: Department, today: datetime.date, *, clients: int, vouchers: int
) -> None:
    if clients > _VOUCHER_OFFSET or vouchers > _ID_SPACE - _VOUCHER_OFFSET:
        raise ValueError(
            f"at most {_VOUCHER_OFFSET} fee clients and {_ID_SPACE - _VOUCHER_OFFSET} voucher "
            "clients can be generated"
        )
    taken = set(User.objects.exclude(national_id=None).values_list("national_id", flat=True))
    for prefix, wanted, first_k in [
        (FEE_CLIENT_PREFIX, clients, 0),
        (VOUCHER_CLIENT_PREFIX, vouchers, _VOUCHER_OFFSET),
    ]:
        existing = User.objects.filter(username__startswith=prefix).count()
        people = _new_people(prefix, wanted, first_k, taken)
        # Seeded by the first index so that a top-up does not repeat the same draws.
        draw = random.Random(f"{prefix}{existing}")  # noqa: S311 (demo data, not security)
        for start in range(0, len(people), BATCH_SIZE):
            _create_batch(
                people[start : start + BATCH_SIZE],
                voucher=prefix == VOUCHER_CLIENT_PREFIX,
                draw=draw,
                maija=maija,
                social=social,
                today=today,
            )


def _new_people(prefix: str, wanted: int, first_k: int, taken: set) -> list[dict]:
    """The people missing from the first ``wanted``, with codes nobody else has."""
    ours = set(
        User.objects.filter(username__startswith=prefix).values_list("national_id", flat=True)
    )
    people = []
    k = first_k
    index = 0
    while index < wanted:
        code = _generated_id(k)
        k += 1
        if code in ours:  # made by an earlier load, in the same order
            index += 1
        elif code not in taken:
            people.append({"index": index, "national_id": code})
            taken.add(code)
            index += 1
    return people


def _name(draw: random.Random) -> tuple[str, str, str]:
    roll = draw.random()
    if roll < 0.90:
        return draw.choice(FIRST_NAMES_FI), draw.choice(LAST_NAMES_FI), "fi"
    if roll < 0.97:
        return draw.choice(FIRST_NAMES_SV), draw.choice(LAST_NAMES_SV), "sv"
    return draw.choice(FIRST_NAMES_EN), draw.choice(LAST_NAMES_EN), "en"


def _client_values(draw: random.Random, voucher: bool) -> dict:
    if voucher:
        cost = Decimal(draw.randrange(800, 2001, 50))
        return {
            "service": ClientService.SERVICE_VOUCHER,
            "monthly_cost": cost,
            "current_amount": Decimal(draw.randrange(300, 1201, 10)).min(cost),
        }
    if draw.random() < 0.6:
        hours = draw.choice(HOME_CARE_HOURS)
        return {
            "service": ClientService.HOME_CARE,
            "monthly_hours": Decimal(hours),
            "monthly_cost": Decimal(hours * 60),
            "current_amount": Decimal(draw.randrange(0, 601, 5)).min(Decimal(hours * 60)),
        }
    return {
        "service": ClientService.LONG_TERM_CARE,
        "setting": draw.choice(LONG_TERM_SETTINGS),
        "monthly_cost": Decimal(draw.randrange(3000, 5001, 100)),
        "current_amount": Decimal(draw.randrange(900, 1801, 5)),
    }


def _choice(draw: random.Random) -> str:
    roll = draw.random()
    if roll < 0.85:
        return IncomeChoice.CONSENT
    if roll < 0.90:
        return IncomeChoice.DECLARED
    if roll < 0.93:
        return IncomeChoice.HIGHEST_FEE
    return ""


def _create_batch(people, *, voucher, draw, maija, social, today) -> None:
    prefix = VOUCHER_CLIENT_PREFIX if voucher else FEE_CLIENT_PREFIX
    # One unusable password for the batch: nobody logs in as a generated client.
    password = make_password(None)
    users = []
    for person in people:
        first, last, language = _name(draw)
        username = f"{prefix}{person['index']:05d}"
        users.append(
            User(
                username=username,
                first_name=first,
                last_name=last,
                national_id=person["national_id"],
                email=f"{username}@example.com",
                preferred_language=language,
                password=password,
            )
        )
    users = User.objects.bulk_create(users)
    months = [offset for offset, _weight in DUE_MONTHS]
    weights = [weight for _offset, weight in DUE_MONTHS]
    fee_clients = [
        FeeClient(
            person=user,
            department=social,
            next_review_due=_month_start(today, draw.choices(months, weights)[0]),
            **_client_values(draw, voucher),
        )
        for user in users
    ]
    fee_clients = FeeClient.objects.bulk_create(fee_clients)
    reviews = []
    now = timezone.now()
    for client in fee_clients:
        choice = _choice(draw)
        channel = draw.choice(CONSENT_CHANNELS) if choice else ""
        reviews.append(
            IncomeReview(
                client=client,
                period_start=client.next_review_due,
                choice=choice,
                choice_channel=channel,
                choice_at=now - datetime.timedelta(days=draw.randrange(1, 40)) if choice else None,
                # Online choices are the client's own; the others were recorded by Maija.
                choice_recorded_by=(
                    None if not choice else client.person if channel == Channel.ONLINE else maija
                ),
                status=ReviewStatus.COLLECTING if choice else ReviewStatus.WAITING_FOR_CLIENT,
            )
        )
    reviews = IncomeReview.objects.bulk_create(reviews)
    IncomeConsent.objects.bulk_create(
        [
            IncomeConsent(
                review=review,
                person_id=review.client.person_id,
                registries=list(Registry.values),
                valid_until=review.period_start
                + datetime.timedelta(days=consents.DEFAULT_CONSENT_DAYS),
                channel=review.choice_channel,
                recorded_by=review.choice_recorded_by,
            )
            for review in reviews
            if review.choice == IncomeChoice.CONSENT
        ]
    )
