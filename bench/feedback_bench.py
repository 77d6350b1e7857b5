"""Feedback benchmark: Open311 POST throughput, GET list latency and the reminder sweep at 1,000,000
feedback items in PostgreSQL.

1. Drops and recreates a PostgreSQL database, migrates it (the partial indexes come from the
   migration), loads the demo catalogue, the demo personas and two handlers per department.
2. Loads the feedback with PostgreSQL ``COPY`` (tqdm shows progress): three years of
   ``received_at``, most of it reacted to and closed, about a third published, and a few thousand
   items of the last 30 days still waiting for a first reaction. Their reminders are set as if the
   sweep had run every minute until ``--backlog-hours`` before the load, so that the first
   measured sweep has real work at both levels (3 and 7 days). The timeline events the services
   would have written are derived in SQL. Ends with ``VACUUM ANALYZE``.
3. Starts gunicorn (2 sync workers), creates an Open311 API key with ``asiointi open311
   create-key`` and measures: POST ``requests.json`` from 2 and 4 client threads for
   ``--post-seconds`` each (and checks that the new rows equal the successful responses), the
   GET lists and the single request, and the sweep run twice with ``now`` = the load time
   (in a process of its own per task backend: emails queued or sent inline), plus
   ``EXPLAIN (ANALYZE, BUFFERS)`` of its candidate query. The reminders are reset before and
   after, and the POSTed rows deleted, so that ``--reuse`` measures the same work again.

It prints figures, not pass/fail. Every request goes to 127.0.0.1 and every loop is bounded in
count and in time. Usage (see bench/README.md):

    .venv/bin/python bench/feedback_bench.py --items 20000 --database asiointi_bench_feedback_small
    .venv/bin/python bench/feedback_bench.py                # 1,000,000 items
    .venv/bin/python bench/feedback_bench.py --reuse        # measure the loaded database again
"""

import argparse
import datetime
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
from harness import (  # bench/ is on sys.path when a script in it runs
    BIN,
    Result,
    bench_env,
    free_port,
    prepare_database,
    run_bounded,
    start_gunicorn,
    stop_gunicorn,
)
from tqdm import tqdm

DAY = datetime.timedelta(days=1)
META_TABLE = "bench_feedback_meta"  # the bench's own bookkeeping; Django does not know it
TYPES = {"question": 25, "feedback": 35, "complaint": 15, "idea": 12, "praise": 8, "other": 5}
CHANNELS = {"online": 60, "open311": 15, "email": 10, "phone": 10, "desk": 5}
# Once the city has reacted: recent items are often still in process, old ones mostly closed.
RECENT_STATUSES = {"in_process": 40, "answered": 45, "closed": 10, "forwarded": 5}
OLD_STATUSES = {"in_process": 12, "answered": 64, "closed": 20, "forwarded": 4}
STREETS = ["Mannerheimintie", "Hämeentie", "Aleksanterinkatu", "Mechelininkatu", "Itäväylä"]
SENTENCES = [
    "Katuvalo on ollut rikki jo kaksi viikkoa ja pyörätie on pimeä.",
    "Leikkipuiston keinu on irti ja lapset voivat loukkaantua.",
    "Kirjaston aukioloajat voisivat olla pidemmät viikonloppuisin.",
    "Jalkakäytävä on liukas eikä sitä ole hiekoitettu aamulla.",
    "Kiitos uimahallin henkilökunnalle ystävällisestä palvelusta.",
    "Päiväkodin pihalla on rikkinäinen aita, joka pitäisi korjata pian.",
    "Roska-astiat tyhjennetään liian harvoin ja roskat leviävät puistoon.",
    "Terveysasemalle on vaikea saada aikaa puhelimitse.",
    "Bussipysäkin katos on rikottu ja lasinsirut ovat maassa.",
    "Latu-uralla kaatunut puu estää kulun kokonaan.",
]
ANSWER = "Kiitos palautteesta. Asia on korjattu ja olemme ohjeistaneet henkilökuntaa."
# Tracking codes as intake draws them (4-4-4 characters), here distinct by construction.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_SPACE = len(CODE_ALPHABET) ** 12
CODE_STEP = 1_000_003  # a prime: n -> n * CODE_STEP mod 31^12 never repeats a code


def tracking_code(n: int) -> str:
    value = (n * CODE_STEP + 7) % CODE_SPACE
    raw = []
    for _ in range(12):
        value, digit = divmod(value, len(CODE_ALPHABET))
        raw.append(CODE_ALPHABET[digit])
    return f"{''.join(raw[:4])}-{''.join(raw[4:8])}-{''.join(raw[8:])}"


def prepare_catalogue() -> dict:
    """The demo catalogue and personas, and two handlers in every department to remind."""
    from asiointi.accounts.demo import load_people
    from asiointi.accounts.models import User
    from asiointi.catalogue.demo import load_catalogue
    from asiointi.catalogue.models import Service
    from asiointi.organisation.constants import StaffRole
    from asiointi.organisation.models import Department, Membership

    load_catalogue()
    load_people()
    departments = list(Department.objects.order_by("pk"))
    for department in departments:
        for number in range(2):
            user, _ = User.objects.get_or_create(
                username=f"bench-feedback-{department.code}-{number}",
                defaults={
                    "first_name": "Käsittelijä",
                    "last_name": f"{department.code} {number}",
                    "email": f"kasittelija-{department.code}-{number}@example.fi",
                },
            )
            Membership.objects.get_or_create(
                user=user, department=department, role=StaffRole.HANDLER
            )
    services = [
        (service.pk, service.code, service.department_id)
        for service in Service.objects.filter(accepts_feedback=True).order_by("pk")
    ]
    if not services:
        raise SystemExit("the demo catalogue has no services that accept feedback")
    return {"services": services, "departments": [department.pk for department in departments]}


def copy_rows(cursor, table: str, columns: list[str], rows) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


FEEDBACK_COLUMNS = [
    "id",
    "tracking_code",
    "type",
    "service_id",
    "department_id",
    "status",
    "channel",
    "title",
    "description",
    "address",
    "address_id",
    "lat",
    "long",
    "media_url",
    "contact_name",
    "contact_email",
    "contact_phone",
    "reply_wanted",
    "language",
    "handler_id",
    "received_at",
    "first_reaction_at",
    "answered_at",
    "closed_at",
    "updated_at",
    "reminders_sent",
    "answer",
    "forwarded_to",
    "publish_consent",
    "publication",
    "public_description",
    "public_answer",
    "published_at",
    "lock_version",
]


def feedback_rows(items: int, now: datetime.datetime, rng: random.Random, setup: dict):
    """The rows in ``received_at`` order, so that ids grow with time as they would live."""
    services = setup["services"]
    departments = setup["departments"]
    types, type_weights = zip(*TYPES.items(), strict=True)
    channels, channel_weights = zip(*CHANNELS.items(), strict=True)
    recent = list(zip(*RECENT_STATUSES.items(), strict=True))
    old = list(zip(*OLD_STATUSES.items(), strict=True))
    span = 3 * 365 * 86400
    ages = sorted((rng.random() * span for _ in range(items)), reverse=True)
    for index, age_seconds in enumerate(ages):
        n = index + 1
        received = now - datetime.timedelta(seconds=age_seconds)
        age_days = age_seconds / 86400
        service = rng.choice(services) if rng.random() >= 0.08 else None
        # Nobody has reacted yet: most of the newest items, a few of the last month.
        waiting = (age_days < 3 and rng.random() < 0.6) or (age_days < 30 and rng.random() < 0.08)
        if waiting:
            status = "received"
            department = service[2] if service else None
            first_reaction = None
        else:
            statuses, weights = recent if age_days < 30 else old
            status = rng.choices(statuses, weights)[0]
            department = service[2] if service else rng.choice(departments)
            first_reaction = received + datetime.timedelta(
                seconds=min(rng.expovariate(1 / (1.5 * 86400)), age_seconds * 0.9)
            )
        answered = closed = None
        if status in ("answered", "closed", "forwarded"):
            closed = first_reaction + datetime.timedelta(
                seconds=rng.random() * min(10 * 86400, (now - first_reaction).total_seconds())
            )
            answered = closed if status == "answered" else None
        consent = rng.random() < 0.5
        publication, published = ("pending" if consent else "not_allowed"), None
        if consent and closed and status != "forwarded":
            publication = rng.choices(["published", "declined", "pending"], [80, 8, 12])[0]
            if publication == "published":
                published = closed + datetime.timedelta(
                    seconds=rng.random() * min(2 * 86400, (now - closed).total_seconds())
                )
        description = " ".join(rng.choices(SENTENCES, k=rng.randint(1, 6)))
        located = rng.random()
        with_contact = rng.random() < 0.7
        yield (
            n,
            tracking_code(n),
            rng.choices(types, type_weights)[0],
            service[0] if service else None,
            department,
            status,
            rng.choices(channels, channel_weights)[0],
            "",
            description,
            f"{rng.choice(STREETS)} {rng.randint(1, 120)}, Helsinki" if located < 0.3 else "",
            "",
            f"{60.15 + rng.random() * 0.12:.6f}" if located > 0.6 else None,
            f"{24.85 + rng.random() * 0.25:.6f}" if located > 0.6 else None,
            "",
            "Aino Asukas" if with_contact else "",
            f"asukas{n}@example.fi" if with_contact else "",
            "",
            rng.random() < 0.6,
            "fi",
            None,
            received,
            first_reaction,
            answered,
            closed,
            published or closed or first_reaction or received,
            0,
            ANSWER if answered else "",
            f"HEL 2025-{n:06d}" if status == "forwarded" else "",
            consent,
            publication,
            description if published else "",
            ANSWER if published else "",
            published,
            0,
        )


def load(*, items: int, rng: random.Random, setup: dict, backlog_hours: float) -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM feedback_feedback")
        if cursor.fetchone()[0]:
            raise SystemExit("the database already has feedback; use a fresh --database")
        copy_rows(
            cursor,
            "feedback_feedback",
            FEEDBACK_COLUMNS,
            tqdm(feedback_rows(items, now, rng, setup), total=items, desc="feedback", unit="rows"),
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('feedback_feedback', 'id'), %s)", (items,)
        )
        # The timeline the services would have written: received, the first reaction, the end.
        print("timeline events …", flush=True)
        cursor.execute(
            """
            INSERT INTO feedback_feedbackevent (feedback_id, kind, created_at, details)
            SELECT id, 'received', received_at, '{}'::jsonb FROM feedback_feedback
            UNION ALL
            SELECT id, 'claimed', first_reaction_at, '{}' FROM feedback_feedback
             WHERE first_reaction_at IS NOT NULL
            UNION ALL
            SELECT id, CASE status WHEN 'answered' THEN 'answered' WHEN 'forwarded' THEN
                   'forwarded' ELSE 'closed' END, closed_at, '{}'
              FROM feedback_feedback WHERE closed_at IS NOT NULL
            UNION ALL
            SELECT id, 'published', published_at, '{}' FROM feedback_feedback
             WHERE published_at IS NOT NULL
            """
        )
        cursor.execute(
            f"CREATE TABLE {META_TABLE} (as_of timestamptz NOT NULL, loaded_max_id bigint "
            "NOT NULL, backlog_hours double precision NOT NULL)"
        )
        cursor.execute(
            f"INSERT INTO {META_TABLE} VALUES (%s, %s, %s)",  # noqa: S608 - a constant
            (now, items, backlog_hours),
        )
        reset_reminders(cursor)
    with psycopg.connect(url, autocommit=True) as connection:
        print("VACUUM ANALYZE …", flush=True)
        connection.execute("VACUUM ANALYZE")


def meta(cursor) -> tuple[datetime.datetime, int, float]:
    cursor.execute(f"SELECT as_of, loaded_max_id, backlog_hours FROM {META_TABLE}")  # noqa: S608
    return cursor.fetchone()


def reset_reminders(cursor) -> dict:
    """Put the reminders of the loaded feedback back to the state after the load.

    That state is what a sweep running every minute until ``backlog_hours`` before the load
    would have left: reminder rows, events and ``reminders_sent`` for everything past a
    threshold then. Whatever a measured sweep sent is removed, and so are the rows an earlier
    POST measurement added, so that ``--reuse`` measures the same work again."""
    as_of, loaded_max_id, backlog_hours = meta(cursor)
    swept_until = as_of - datetime.timedelta(hours=backlog_hours)
    for table in (
        "feedback_feedbackevent",
        "feedback_feedbackphoto",
        "feedback_feedbackreminder",
        "feedback_statementrequest",
    ):
        cursor.execute(
            f"DELETE FROM {table} WHERE feedback_id > %s",  # noqa: S608 - the constants above
            (loaded_max_id,),
        )
    cursor.execute("DELETE FROM feedback_feedback WHERE id > %s", (loaded_max_id,))
    removed_posts = cursor.rowcount
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence('feedback_feedback', 'id'), %s)", (loaded_max_id,)
    )
    waiting = "SELECT id FROM feedback_feedback WHERE first_reaction_at IS NULL"
    cursor.execute(f"DELETE FROM feedback_feedbackreminder WHERE feedback_id IN ({waiting})")  # noqa: S608
    cursor.execute(
        f"DELETE FROM feedback_feedbackevent WHERE kind = 'reminder' AND feedback_id IN ({waiting})"  # noqa: S608
    )
    # Thresholds per service (3 and 7 days by default); central triage's items use the defaults.
    thresholds = """
        SELECT f.id, f.department_id, f.received_at,
               f.received_at + make_interval(days => coalesce(s.feedback_first_reminder_days, 3))
                 AS first_due,
               f.received_at + make_interval(days => coalesce(s.feedback_second_reminder_days, 7))
                 AS second_due
          FROM feedback_feedback f LEFT JOIN catalogue_service s ON s.id = f.service_id
         WHERE f.first_reaction_at IS NULL
    """
    cursor.execute(
        f"""
        UPDATE feedback_feedback f
           SET reminders_sent = CASE WHEN t.second_due <= %(until)s THEN 2
                                     WHEN t.first_due <= %(until)s THEN 1 ELSE 0 END
          FROM ({thresholds}) t
         WHERE t.id = f.id
        """,  # noqa: S608 - constant SQL
        {"until": swept_until},
    )
    for level, due in ((1, "first_due"), (2, "second_due")):
        cursor.execute(
            f"""
            INSERT INTO feedback_feedbackreminder (feedback_id, level, department_id, created_at,
                                                   recipients)
            SELECT id, %(level)s, department_id, {due}, '[]' FROM ({thresholds}) t
             WHERE {due} <= %(until)s
            """,  # noqa: S608 - constant SQL
            {"level": level, "until": swept_until},
        )
        cursor.execute(
            f"""
            INSERT INTO feedback_feedbackevent (feedback_id, kind, created_at, details)
            SELECT id, 'reminder', {due}, jsonb_build_object('level', %(level)s)
              FROM ({thresholds}) t WHERE {due} <= %(until)s
            """,  # noqa: S608 - constant SQL
            {"level": level, "until": swept_until},
        )
    cursor.execute(
        """
        SELECT count(*) FILTER (WHERE reminders_sent = 0),
               count(*) FILTER (WHERE reminders_sent = 1),
               count(*) FILTER (WHERE reminders_sent = 2)
          FROM feedback_feedback WHERE first_reaction_at IS NULL
        """
    )
    zero, one, two = cursor.fetchone()
    return {
        "waiting, no reminder yet": zero,
        "waiting, 1 reminder sent": one,
        "waiting, 2 reminders sent": two,
        "POSTed rows removed": removed_posts,
    }


# --- Measurements -----------------------------------------------------------------------------


def create_api_key(env: dict) -> str | None:
    done = subprocess.run(
        [str(BIN / "asiointi"), "open311", "create-key", "bench feedback"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        print(f"create-key failed ({done.returncode}): {done.stderr.strip()[-500:]}")
        return None
    # The key is ``<hex prefix>.<secret>`` on a line of its own among the command's words.
    found = re.search(r"^\s*([0-9a-f]{8,12}\.[A-Za-z0-9_-]{20,})\s*$", done.stdout, re.MULTILINE)
    return found[1] if found else None


def measure_posts(base: str, key: str, threads: int, seconds: float, services: list) -> Result:
    local = threading.local()
    rng = random.Random(threads)
    lock = threading.Lock()
    failures: list[str] = []

    def one(index: int) -> float | None:
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = requests.Session()
        with lock:
            service = rng.choice(services)
            text = " ".join(rng.choices(SENTENCES, k=rng.randint(1, 4)))
            lat, long = 60.15 + rng.random() * 0.12, 24.85 + rng.random() * 0.25
        data = {
            "api_key": key,
            "service_code": service[1],
            "lat": f"{lat:.6f}",
            "long": f"{long:.6f}",
            "description": text,
            "email": f"bench{index}@example.fi",
            "first_name": "Aino",
            "last_name": "Asukas",
            "phone": "040 123 4567",
        }
        started = time.perf_counter()
        response = session.post(f"{base}/open311/v2/requests.json", data=data, timeout=60)
        duration = time.perf_counter() - started
        if response.status_code not in (200, 201):
            with lock:
                if not failures:
                    failures.append(f"HTTP {response.status_code}: {response.text[:300]}")
            return None
        body = response.json()
        return duration if body and body[0].get("service_request_id") else None

    result = run_bounded(f"POST requests.json, {threads} threads", 10**7, threads, seconds, one)
    return result, failures


def get_paths(as_of: datetime.datetime, services: list, sample_id: str | None) -> dict[str, str]:
    year_ago_end = (as_of - 365 * DAY).replace(microsecond=0)
    year_ago_start = year_ago_end - 90 * DAY
    window = (
        f"start_date={year_ago_start.isoformat().replace('+00:00', 'Z')}"
        f"&end_date={year_ago_end.isoformat().replace('+00:00', 'Z')}"
    )
    code = next((code for _pk, code, _dept in services if code == "katujen-kunnossapito"), None)
    code = code or services[0][1]
    paths = {
        "GET list, default (90 days)": "/open311/v2/requests.json",
        "GET list, one service_code": f"/open311/v2/requests.json?service_code={code}",
        "GET list, status=open": "/open311/v2/requests.json?status=open",
        "GET list, 90 days a year ago": f"/open311/v2/requests.json?{window}",
        "GET list, extensions=true": "/open311/v2/requests.json?extensions=true",
    }
    if sample_id:
        paths["GET requests/{id}.json"] = f"/open311/v2/requests/{sample_id}.json"
    return paths


def measure_get(base: str, name: str, path: str, count: int, threads: int, seconds: float):
    def one(index: int) -> float | None:
        started = time.perf_counter()
        response = requests.get(base + path, timeout=60)
        duration = time.perf_counter() - started
        return duration if response.status_code == 200 else None

    for _ in range(2):  # warm up both workers
        one(0)
    response = requests.get(base + path, timeout=60)
    try:
        returned = len(response.json()) if response.status_code == 200 else None
    except ValueError:
        returned = None
    status = response.status_code
    result = run_bounded(name, count, threads, seconds, one)
    return result, returned, status, response.text[:300] if status != 200 else ""


def sample_request_id() -> str | None:
    """A published item of the last months, as a client following the list would open."""
    from asiointi.feedback.models import Feedback

    item = (
        Feedback.objects.filter(publication="published")
        .order_by("-published_at")
        .only("pk", "received_at")[200:201]
        .first()
    )
    return item.request_id if item else None


def measure_sweep(as_of: datetime.datetime) -> dict:
    """Both sweeps in this process at the load's time, and the plan of the candidate query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from asiointi.feedback import reminders

    figures = {}
    for run in ("first", "second"):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            outcome = reminders.reminders_sweep(now=as_of)
            elapsed = time.perf_counter() - started
        figures[run] = (elapsed, str(outcome), len(queries.captured_queries))
        if run == "second":
            captured = list(queries.captured_queries)
    candidate = next(
        (
            query["sql"]
            for query in captured
            if query["sql"].lstrip().upper().startswith("SELECT")
            and "feedback_feedback" in query["sql"]
            and "first_reaction_at" in query["sql"]
        ),
        None,
    )
    plan = []
    if candidate:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + candidate)
            plan = [line for (line,) in cursor.fetchall()]
    figures["candidate"] = candidate
    figures["plan"] = plan
    figures["queries"] = [query["sql"] for query in captured]
    return figures


def sweep_child() -> None:
    """``--sweep-child``: measure the sweep in a process of its own and print JSON.

    A process per task backend: with ``database`` (production) the sweep only queues the
    reminder emails; with ``immediate`` (demo) it renders and sends them inline."""
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        as_of = meta(cursor)[0]
    figures = measure_sweep(as_of)
    with connection.cursor() as cursor:
        # The queued reminder emails would go to the bench handlers; drop them.
        cursor.execute(
            "DELETE FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s",
            ("%send_reminder%",),
        )
    print("SWEEP-JSON " + json.dumps(figures, default=str))


def run_sweep(args, env: dict, tasks: str) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        reset_reminders(cursor)  # also drops the POSTed rows: they are not due anyway
    connection.close()
    done = subprocess.run(
        [
            sys.executable,
            __file__,
            "--database",
            args.database,
            "--server",
            args.server,
            "--sweep-child",
        ],
        env={**env, "ASIOINTI_TASKS": tasks},
        capture_output=True,
        text=True,
        check=False,
    )
    for line in done.stdout.splitlines():
        if line.startswith("SWEEP-JSON "):
            return json.loads(line.removeprefix("SWEEP-JSON "))
    raise RuntimeError(f"the sweep failed ({done.returncode}): {done.stderr[-1500:]}")


def explain_list_queries(paths: dict[str, str]) -> dict[str, list[str]]:
    """Each GET served in-process once; the plan of its slowest query on ``feedback_feedback``."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(SERVER_NAME="127.0.0.1")
    plans = {}
    for name, path in paths.items():
        client.get(path)  # warm up
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(path)
            total = time.perf_counter() - started
        database = sum(float(query["time"]) for query in queries.captured_queries)
        feedback_queries = [
            query
            for query in queries.captured_queries
            if "feedback_feedback" in query["sql"] and query["sql"].lstrip().startswith("SELECT")
        ]
        if not feedback_queries:
            continue
        slowest = max(feedback_queries, key=lambda query: float(query["time"]))
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest["sql"])
            plans[name] = [
                f"served in-process: {total * 1000:.0f} ms, of which {database * 1000:.0f} ms in "
                f"{len(queries.captured_queries)} queries",
                f"slowest: {slowest['sql'][:400]}",
            ] + [line for (line,) in cursor.fetchall()]
    return plans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="asiointi_bench_feedback")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument(
        "--backlog-hours",
        type=float,
        default=24,
        help="the sweep last ran this long before the load (its first measured run catches up)",
    )
    parser.add_argument("--requests", type=int, default=50, help="per GET measured")
    parser.add_argument("--threads", type=int, default=2, help="client threads for the GETs")
    parser.add_argument("--post-threads", default="2,4", help="client threads for the POSTs")
    parser.add_argument("--post-seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--max-seconds", type=float, default=60, help="per GET measurement")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--explain", action="store_true", help="print the GET lists' plans")
    parser.add_argument("--reuse", action="store_true", help="measure a loaded --database again")
    parser.add_argument("--sweep-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sweep_child:
        sweep_child()  # the environment comes from the parent run
        return
    if args.items < 1000:
        raise SystemExit("need at least 1000 items")
    rng = random.Random(args.seed)
    data_dir = Path(tempfile.mkdtemp(prefix="asiointi-bench-"))
    env = bench_env(args.server, args.database, data_dir)
    env["ASIOINTI_OPEN311_POST_RATE_LIMIT"] = "1000000/60"
    os.environ.update(env)
    timings: dict[str, float] = {}
    server = None
    try:
        prepare_database(args.server, args.database, env, reuse=args.reuse, timings=timings)
        from django.db import connection

        setup = prepare_catalogue()
        if not args.reuse:
            started = time.monotonic()
            load(items=args.items, rng=rng, setup=setup, backlog_hours=args.backlog_hours)
            timings["load + VACUUM ANALYZE"] = time.monotonic() - started
        with connection.cursor() as cursor:
            state = reset_reminders(cursor)
            as_of = meta(cursor)[0]
            cursor.execute(
                "SELECT count(*), count(*) FILTER (WHERE publication = 'published'), "
                "count(*) FILTER (WHERE status IN ('answered', 'closed', 'forwarded')), "
                "count(*) FILTER (WHERE first_reaction_at IS NULL) FROM feedback_feedback"
            )
            total, published, closed, waiting = cursor.fetchone()
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'feedback_feedback' "
                "ORDER BY indexname"
            )
            indexes = [name for (name,) in cursor.fetchall()]
        counts = {
            "feedback": total,
            "published": published,
            "closed statuses": closed,
            "waiting for a first reaction": waiting,
            **state,
        }
        print("Data: " + json.dumps(counts))
        print("Indexes: " + ", ".join(indexes))

        results: list[tuple[Result, str]] = []
        notes: list[str] = []
        views = (Path(__file__).parent.parent / "asiointi/feedback/open311/views.py").exists()
        post_results = []
        if not views:
            notes.append("asiointi/feedback/open311/views.py does not exist: no HTTP figures")
        key = create_api_key(env) if views else None
        if views and not key:
            notes.append("no API key (asiointi open311 create-key failed): POST not measured")
        sample_id = sample_request_id() if views else None
        connection.close()

        if views:
            port = free_port()
            server = start_gunicorn(env, port, args.workers, data_dir / "gunicorn.log")
            base = f"http://127.0.0.1:{port}"
            for name, path in tqdm(
                get_paths(as_of, setup["services"], sample_id).items(), desc="GET", unit="url"
            ):
                result, returned, status, body = measure_get(
                    base, name, path, args.requests, args.threads, args.max_seconds
                )
                results.append((result, "–" if returned is None else str(returned)))
                if status != 200:
                    notes.append(f"{name}: HTTP {status}: {body}")
            if key:
                for threads in (int(value) for value in args.post_threads.split(",")):
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT coalesce(max(id), 0) FROM feedback_feedback")
                        before = cursor.fetchone()[0]
                    connection.close()
                    result, failures = measure_posts(
                        base, key, threads, args.post_seconds, setup["services"]
                    )
                    notes.extend(f"{result.name}: first failure: {text}" for text in failures)
                    with connection.cursor() as cursor:
                        cursor.execute(
                            "SELECT count(*) FROM feedback_feedback WHERE id > %s", (before,)
                        )
                        created = cursor.fetchone()[0]
                    connection.close()
                    post_results.append((result, created))
                    results.append((result, f"{created} new rows"))
                    if created != len(result.latencies):
                        notes.append(
                            f"{result.name}: {len(result.latencies)} successful responses but "
                            f"{created} new rows"
                        )
            stop_gunicorn(server)
            server = None

        sweeps = {}
        if (Path(__file__).parent.parent / "asiointi/feedback/reminders.py").exists():
            for tasks in ("database", "immediate"):
                try:
                    sweeps[tasks] = run_sweep(args, env, tasks)
                except Exception as error:  # noqa: BLE001 - report what failed and go on
                    notes.append(f"sweep (tasks {tasks}) failed: {error}")
            with connection.cursor() as cursor:
                reset_reminders(cursor)  # the next --reuse starts from the same state
        else:
            notes.append("asiointi/feedback/reminders.py does not exist: sweep not measured")
        plans = {}
        if args.explain and views:
            plans = explain_list_queries(get_paths(as_of, setup["services"], sample_id))
        report(args, counts, timings, results, sweeps, notes, plans)
    finally:
        stop_gunicorn(server)
        shutil.rmtree(data_dir, ignore_errors=True)


def report(args, counts, timings, results, sweeps, notes, plans) -> None:
    print()
    print(
        f"Machine: {os.cpu_count()} CPU cores; gunicorn {args.workers} sync workers; client "
        f"threads {args.threads} (GET) and {args.post_threads} (POST) on the same machine; "
        f"database {args.database}"
    )
    print("Data: " + json.dumps(counts))
    for name, seconds in timings.items():
        print(f"{name}: {seconds:.1f} s")
    print()
    print(
        f"{'measurement':<34} {'ok':>6} {'median':>9} {'p95':>9} {'req/s':>9} {'errors':>6}  items"
    )
    print(f"{'':<34} {'':>6} {'ms':>9} {'ms':>9}")
    for result, returned in results:
        print(f"{result.row()}  {returned}")
    for tasks, sweep in sweeps.items():
        print()
        for run in ("first", "second"):
            elapsed, outcome, queries = sweep[run]
            print(
                f"sweep (tasks {tasks}), {run} run: {elapsed * 1000:.1f} ms, {queries} queries, "
                f"{outcome}"
            )
    if sweeps:
        sweep = next(iter(sweeps.values()))
        print()
        print("Sweep candidate query:")
        print("  " + (sweep["candidate"] or "(not found among the captured queries)"))
        print("EXPLAIN (ANALYZE, BUFFERS):")
        for line in sweep["plan"]:
            print("  " + line)
        if not sweep["candidate"]:
            for query in sweep["queries"]:
                print("  query: " + query[:300])
    for name, lines in plans.items():
        print()
        print(f"{name}:")
        for line in lines:
            print("  " + line)
    for note in notes:
        print("NOTE: " + note)


if __name__ == "__main__":
    main()
