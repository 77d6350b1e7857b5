"""Handling benchmark: the handlers' queue pages and the grant reports with a million applications.

1. Drops and recreates a PostgreSQL database, migrates it, and loads the demo catalogue and the
   demo personas; every one of the demo's departments gets a grant service and a call of its own,
   so that the million applications spread over five departments as in a real city.
2. Loads applicants, organisations, applications and payments with PostgreSQL ``COPY`` (tqdm
   shows progress): rows only, no versions, messages or files — the pages measured here read
   none of them.
3. Starts gunicorn on a free loopback port, logs a handler of each department in by writing
   sessions into the database, and measures every queue tab, filtered and sorted queue pages,
   the cross-department search, the reports and the overlap report.

It prints figures, not pass/fail. Every request goes to 127.0.0.1 and every loop is bounded in
count and in time. Usage (see bench/README.md):

    .venv/bin/python bench/handling_bench.py --applications 20000     # a quick check
    .venv/bin/python bench/handling_bench.py                          # 1,000,000 applications
    .venv/bin/python bench/handling_bench.py --reuse                  # measure again
"""

import argparse
import datetime
import json
import os
import random
import shutil
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from folder_bench import business_id
from harness import (  # bench/ is on sys.path when a script in it runs
    Result,
    bench_env,
    free_port,
    make_sessions,
    prepare_database,
    run_bounded,
    start_gunicorn,
    stop_gunicorn,
    timed_get,
)
from tqdm import tqdm

FIRST_NAMES = ["Aino", "Eero", "Helmi", "Juha", "Kaisa", "Lauri", "Maija", "Noora", "Olli", "Pia"]
LAST_NAMES = ["Aalto", "Heikkinen", "Korhonen", "Laine", "Mäkinen", "Nieminen", "Virtanen"]
WORDS = ["Kulttuuri", "Urheilu", "Nuoriso", "Kotiseutu", "Teatteri", "Kuoro", "Partio", "Taide"]
PURPOSES = ["Toiminta-avustus", "Kesäleiri", "Konserttisarja", "Näyttely", "Harrastusryhmä"]
# Share of applications per status over three years: most of them decided long ago.
STATUS_WEIGHTS = {
    "draft": 5,
    "received": 8,
    "in_processing": 6,
    "awaiting_supplement": 2,
    "decision_proposed": 1,
    "decided": 18,
    "closed": 58,
    "withdrawn": 2,
}
HANDLERS_PER_DEPARTMENT = 5


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def prepare_catalogue() -> dict:
    """One grant service and call per department, and handlers in each."""
    from asiointi.accounts.demo import load_people
    from asiointi.accounts.models import User
    from asiointi.catalogue.constants import CallKind, ServiceKind
    from asiointi.catalogue.demo import load_catalogue
    from asiointi.catalogue.models import FormDefinition, GrantCall, Service
    from asiointi.organisation.constants import StaffRole
    from asiointi.organisation.models import Department, Membership

    load_catalogue()
    load_people()
    form = FormDefinition.objects.get(code="yleisavustus")
    departments = list(Department.objects.order_by("pk"))
    for department in departments:
        if not department.services.exists():
            service = Service.objects.create(
                code=f"avustus-{department.code}",
                kind=ServiceKind.GRANT,
                name_fi=f"Avustus ({department.name_fi})",
                name_sv=f"Understöd ({department.name_sv})",
                name_en=f"Grant ({department.name_en})",
                department=department,
                contact_unit=department.name_fi,
                contact_phone="09 123 4567",
                contact_email="avustukset@example.fi",
                form=form,
            )
            GrantCall.objects.create(
                service=service,
                kind=CallKind.CONTINUOUS,
                name={"fi": "Jatkuva haku", "sv": "Fortlöpande ansökan", "en": "Continuous call"},
                opens_on=datetime.date(2024, 1, 1),
            )
        for number in range(HANDLERS_PER_DEPARTMENT):
            user, _ = User.objects.get_or_create(
                username=f"bench-handler-{department.code}-{number}",
                defaults={"first_name": "Käsittelijä", "last_name": f"{department.code} {number}"},
            )
            Membership.objects.get_or_create(
                user=user, department=department, role=StaffRole.HANDLER
            )
    calls = {}
    for call in GrantCall.objects.select_related("service"):
        calls.setdefault(call.service.department_id, []).append(
            (call.pk, call.service_id, call.service.form_id)
        )
    handlers = {
        department.pk: list(
            Membership.objects.filter(department=department, role=StaffRole.HANDLER)
            .order_by("user_id")
            .values_list("user_id", flat=True)
        )
        for department in departments
    }
    return {"calls": calls, "handlers": handlers}


def load(*, applications: int, applicants: int, rng: random.Random, setup: dict) -> None:
    import psycopg
    from django.conf import settings

    url = os.environ["DATABASE_URL"]
    organisations = max(applicants // 5, 1)
    now = datetime.datetime.now(datetime.UTC)
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM accounts_user")
        first_user = cursor.fetchone()[0] + 1
        copy_rows(
            cursor,
            "accounts_user",
            [
                "id",
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "phone",
                "preferred_language",
                "is_demo_persona",
                "demo_description",
            ],
            tqdm(
                (
                    (
                        first_user + n,
                        "!",
                        False,
                        f"bench-applicant-{n}",
                        rng.choice(FIRST_NAMES),
                        rng.choice(LAST_NAMES),
                        f"hakija{n}@example.fi",
                        False,
                        True,
                        now,
                        "",
                        "fi",
                        False,
                        "",
                    )
                    for n in range(applicants)
                ),
                total=applicants,
                desc="applicants",
                unit="rows",
            ),
        )
        cursor.execute("SELECT coalesce(max(id), 0) FROM accounts_applicantorganisation")
        first_organisation = cursor.fetchone()[0] + 1
        ids, number = [], 1_000_000
        while len(ids) < organisations:
            number += 1
            if (found := business_id(number)) is not None:
                ids.append(found)
        copy_rows(
            cursor,
            "accounts_applicantorganisation",
            ["id", "business_id", "name", "email"],
            (
                (first_organisation + n, ids[n], f"{rng.choice(WORDS)}seura {n} ry", "")
                for n in range(organisations)
            ),
        )
        departments = sorted(setup["calls"])
        counters: dict[int, int] = {}
        statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
        payments = []

        def cases():
            for n in range(applications):
                department = rng.choice(departments)
                call, service, form = rng.choice(setup["calls"][department])
                status = rng.choices(statuses, weights)[0]
                created = now - datetime.timedelta(seconds=rng.randrange(3 * 365 * 86400))
                submitted = None if status == "draft" else created
                record = None
                if submitted:
                    year = submitted.year
                    counters[year] = counters.get(year, 0) + 1
                    record = f"{settings.RECORD_NUMBER_PREFIX}-{year}-{counters[year]:06d}"
                as_organisation = rng.random() < 0.7
                organisation = (
                    first_organisation + rng.randrange(organisations) if as_organisation else None
                )
                applicant = first_user + rng.randrange(applicants)
                handler = (
                    rng.choice(setup["handlers"][department])
                    if status not in ("draft", "received") or rng.random() < 0.2
                    else None
                )
                requested = Decimal(rng.randrange(500, 50_000)).quantize(Decimal("0.01"))
                outcome, granted, decided_at = "", None, None
                if status in ("decided", "closed", "decision_proposed"):
                    outcome = rng.choices(
                        ["approved", "partially_approved", "rejected"], [5, 3, 2]
                    )[0]
                    if outcome != "rejected":
                        granted = requested if outcome == "approved" else requested / 2
                        granted = granted.quantize(Decimal("0.01"))
                    if status != "decision_proposed":
                        decided_at = submitted + datetime.timedelta(
                            days=rng.randrange(5, 120), hours=rng.randrange(24)
                        )
                        if granted is not None:
                            paid = status == "closed" or rng.random() < 0.5
                            payments.append((n, granted, paid, decided_at))
                yield (
                    n + 1,
                    record,
                    service,
                    call,
                    form,
                    department,
                    applicant,
                    organisation,
                    handler,
                    status,
                    "online",
                    "{}",
                    f"{rng.choice(PURPOSES)} {n}",
                    requested,
                    0 if status == "draft" else 1,
                    0,
                    created,
                    decided_at or submitted or created,
                    submitted,
                    0,
                    outcome,
                    granted,
                    "",
                    decided_at,
                    handler if decided_at else None,
                )

        cursor.execute("SELECT coalesce(max(id), 0) FROM cases_case")
        if cursor.fetchone()[0]:
            raise SystemExit("the database already has applications; use a fresh --database")
        copy_rows(
            cursor,
            "cases_case",
            [
                "id",
                "record_number",
                "service_id",
                "grant_call_id",
                "form_id",
                "department_id",
                "applicant_id",
                "organisation_id",
                "handler_id",
                "status",
                "channel",
                "draft_data",
                "title",
                "requested_amount",
                "version_count",
                "lock_version",
                "created_at",
                "updated_at",
                "submitted_at",
                "unread_for_applicant",
                "decision_outcome",
                "granted_amount",
                "decision_reasoning",
                "decided_at",
                "decided_by_id",
            ],
            tqdm(cases(), total=applications, desc="applications", unit="rows"),
        )
        # Paid payments belong to a batch (a constraint says so): one batch holds them all here.
        cursor.execute(
            "INSERT INTO payments_paymentbatch (message_id, status, execution_date, "
            "payment_count, total, created_by_id, created_at, paid_on, lock_version) "
            "VALUES ('BENCH-1', 'paid', %s, %s, 0, %s, %s, %s, 0) RETURNING id",
            (
                now.date(),
                sum(1 for p in payments if p[2]),
                setup["handlers"][departments[0]][0],
                now,
                now.date(),
            ),
        )
        batch = cursor.fetchone()[0]
        copy_rows(
            cursor,
            "payments_payment",
            [
                "batch_id",
                "case_id",
                "number",
                "amount",
                "status",
                "payee_name",
                "payee_iban",
                "created_at",
                "paid_on",
                "lock_version",
            ],
            tqdm(
                (
                    (
                        batch if paid else None,
                        n + 1,
                        1,
                        amount,
                        "paid" if paid else "ready",
                        "Saaja",
                        "FI2112345600000785",
                        decided,
                        (decided + datetime.timedelta(days=14)).date() if paid else None,
                        0,
                    )
                    for n, amount, paid, decided in payments
                ),
                total=len(payments),
                desc="payments",
                unit="rows",
            ),
        )
        for table in (
            "accounts_user",
            "accounts_applicantorganisation",
            "cases_case",
            "payments_payment",
        ):
            # The table names are the constants above, not input.
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table}))"
            )
        for year, last in counters.items():
            cursor.execute(
                "INSERT INTO cases_recordnumbersequence (year, last_value) VALUES (%s, %s) "
                "ON CONFLICT (year) DO UPDATE SET last_value = EXCLUDED.last_value",
                (year, last),
            )
    with psycopg.connect(url, autocommit=True) as connection:
        print("VACUUM ANALYZE …", flush=True)
        connection.execute("VACUUM ANALYZE")


def pages(setup: dict, year: int) -> dict[str, str]:
    """What is measured: name → path. Every department's handler opens their own queue."""
    from django.urls import NoReverseMatch, reverse

    def url(name: str, query: str = "") -> str | None:
        try:
            return reverse(name) + query
        except NoReverseMatch:
            return None

    queue = url("handling:queue")
    measured = {
        "queue: new (default)": queue,
        "queue: mine": queue + "?tab=mine",
        "queue: in processing": queue + "?tab=processing",
        "queue: supplement": queue + "?tab=supplement",
        "queue: decided": queue + "?tab=decided",
        "queue: new, page 50": queue + "?page=50",
        "queue: decided, largest amount": queue + "?tab=decided&sort=-amount",
        "queue: new, amount 1000–5000": queue + "?amount_min=1000&amount_max=5000",
        "queue: search by name": queue + "?tab=decided&q=Kuoro",
        "search: record number": url("handling:search", f"?q=ASI-{year}-0001"),
        "search: a full Y-tunnus": url("handling:search", "?q=1000005-5"),
        "search: '1000' (every organisation)": url("handling:search", "?q=1000"),
        "report: by department": url("reports:grants", f"?year={year}&by=department"),
        "report: by service": url("reports:grants", f"?year={year}&by=service"),
        "report: by applicant": url("reports:grants", f"?year={year}&by=applicant"),
        "report: by applicant, page 20": url(
            "reports:grants", f"?year={year}&by=applicant&page=20"
        ),
        "overlap report": url("handling:overlap_report", f"?year={year}"),
        "decision lists": url("grants:lists"),
        "finance: ready for payment": url("payments:ready"),
    }
    return {name: path for name, path in measured.items() if path}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="asiointi_bench_handling")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--applications", type=int, default=1_000_000)
    parser.add_argument("--applicants", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200, help="per page measured")
    parser.add_argument("--threads", type=int, default=2, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--max-seconds", type=float, default=90, help="per measurement")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", help="measure only pages whose name contains this text")
    parser.add_argument("--reuse", action="store_true", help="measure a loaded --database again")
    args = parser.parse_args()
    if args.applications < 100 or args.applicants < 10:
        raise SystemExit("need at least 100 applications and 10 applicants")
    rng = random.Random(args.seed)
    data_dir = Path(tempfile.mkdtemp(prefix="asiointi-bench-"))
    env = bench_env(args.server, args.database, data_dir)
    os.environ.update(env)
    timings: dict[str, float] = {}
    server = None
    try:
        prepare_database(args.server, args.database, env, reuse=args.reuse, timings=timings)
        started = time.monotonic()
        setup = prepare_catalogue()
        if not args.reuse:
            load(applications=args.applications, applicants=args.applicants, rng=rng, setup=setup)
            timings["load + VACUUM ANALYZE"] = time.monotonic() - started
        from asiointi.accounts.models import User

        handler_ids = [ids[0] for ids in setup["handlers"].values()]
        finance_id = User.objects.get(username="raili").pk
        sessions = make_sessions({(user_id, None) for user_id in [*handler_ids, finance_id]})
        keys = [sessions[(user_id, None)] for user_id in handler_ids]
        finance_keys = [sessions[(finance_id, None)]]
        year = datetime.datetime.now(datetime.UTC).year - 1
        measured = pages(setup, year)
        if args.only:
            measured = {name: path for name, path in measured.items() if args.only in name}
        from django.db import connection

        counts = {}
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM cases_case")
            counts["applications"] = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM payments_payment")
            counts["payments"] = cursor.fetchone()[0]
        connection.close()

        port = free_port()
        server = start_gunicorn(env, port, args.workers, data_dir / "gunicorn.log")
        base = f"http://127.0.0.1:{port}"

        def measure(name: str, path: str) -> Callable:
            # Finance pages as the finance officer; everything else as the departments' handlers.
            people = finance_keys if name.startswith("finance") else keys

            def one(index: int) -> float | None:
                return timed_get(base, path, people[index % len(people)])

            return one

        for name, path in measured.items():  # warm up every worker on every page
            for _ in range(args.workers):
                measure(name, path)(0)

        results = [
            run_bounded(name, args.requests, args.threads, args.max_seconds, measure(name, path))
            for name, path in tqdm(measured.items(), desc="measuring", unit="page")
        ]
        report(args, counts, timings, results, measured)
    finally:
        stop_gunicorn(server)
        shutil.rmtree(data_dir, ignore_errors=True)


def report(args, counts, timings, results: list[Result], measured: dict[str, str]) -> None:
    print()
    print(
        f"Machine: {os.cpu_count()} CPU cores; gunicorn {args.workers} sync workers; "
        f"{args.threads} client threads on the same machine; database {args.database}"
    )
    print("Data: " + json.dumps(counts))
    for name, seconds in timings.items():
        print(f"{name}: {seconds:.1f} s")
    print()
    print(f"{'page':<34} {'ok':>6} {'median':>9} {'p95':>9} {'req/s':>9} {'errors':>6}")
    print(f"{'':<34} {'':>6} {'ms':>9} {'ms':>9}")
    for result in results:
        print(result.row())
    print()
    for name, path in measured.items():
        print(f"  {name}: {path}")


if __name__ == "__main__":
    main()
