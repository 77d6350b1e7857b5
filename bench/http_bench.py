"""HTTP benchmark: Asiointi in production mode against a minimal Django *floor*, in one run.

For each server kind (``--servers``: gunicorn-sync, gunicorn-gthread, granian), starts Asiointi in
production mode and the floor project (bench/floor/floor_app.py: one INSERT, one read by primary
key, a list of N rows as JSON) with the same server command, workers and threads, on databases in
the same PostgreSQL server with the same connection settings, and drives both with the same
bounded client (wrk, ``--wrk-threads`` × ``--connections`` for ``--duration`` seconds), interleaving
rounds: in each round, for each measurement, Asiointi then the floor (the order alternates between
rounds). It prints req/s, p50 and p95 per side (medians over rounds), the ratio Asiointi/floor and
the issue's target; then drafts sent per second (a Python client: GET the edit page, POST it with
its CSRF token) and, with ``--memory-requests``, each worker's RSS after N and 2 N mixed GETs on a
freshly started server. It reports; it never fails on a target.

Every request goes to 127.0.0.1, every loop is bounded in count and in time, and every process
it starts is stopped (process groups) at the end. Usage (see bench/README.md):

    .venv/bin/python bench/http_bench.py                     # quick: about 4 minutes
    .venv/bin/python bench/http_bench.py --full --database asiointi_http_bench_full \\
        --servers gunicorn-sync,gunicorn-gthread,granian     # full: about 80 minutes
    .venv/bin/python bench/http_bench.py --asiointi-root /tmp/asiointi-before \\
        --database asiointi_http_bench_before                # another checkout ("before")
"""

import argparse
import importlib.util
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import psycopg
import requests
from harness import ROOT, free_port, recreate_database  # bench/ is on sys.path

BENCH = Path(__file__).resolve().parent
FLOOR_DIR = BENCH / "floor"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
SERVER_KINDS = ("gunicorn-sync", "gunicorn-gthread", "granian")
META_TABLE = "bench_http_meta"  # the bench's own bookkeeping; Django does not know it
LIST_SIZE = 500
RESIDENT_BACKEND = "asiointi.accounts.oidc.ResidentOIDCBackend"
# Settings that only matter to the server under test; passed through from this shell if set.
PASSED_THROUGH = ("DATABASE_POOL", "DATABASE_POOL_MAX_SIZE", "DATABASE_CONN_MAX_AGE")


# --- What is measured ------------------------------------------------------------------------


@dataclass
class Measurement:
    key: str
    name: str
    floor_view: str  # which floor view it is compared with
    target: float | None  # Asiointi/floor ratio the issue asks for


MEASUREMENTS = [
    Measurement("post", "Open311 POST requests.json", "insert", 0.5),
    Measurement("get_one", "Open311 GET requests/{id}.json", "one", 0.5),
    Measurement("services", "Open311 GET services.json", "one", 0.5),
    Measurement("list", f"Open311 GET list of {LIST_SIZE}", "list", 0.35),
    Measurement("folder", "folder page (logged in)", "one", 0.3),
    Measurement("application", "application page (logged in)", "one", 0.3),
]
DRAFTS_TARGET = 60.0  # drafts sent per second


@dataclass
class Sample:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class ServerResult:
    server: str
    asiointi_command: list[str] = field(default_factory=list)
    floor_command: list[str] = field(default_factory=list)
    samples: dict[str, dict[str, list[Sample]]] = field(default_factory=dict)
    drafts: list[dict] = field(default_factory=list)
    memory: dict = field(default_factory=dict)
    database_settings: dict = field(default_factory=dict)

    def summary(self, key: str, side: str) -> dict | None:
        samples = self.samples.get(key, {}).get(side)
        if not samples:
            return None
        return {
            "req_s": statistics.median(s.rate for s in samples),
            "p50_ms": statistics.median(s.p50_ms for s in samples),
            "p95_ms": statistics.median(s.p95_ms for s in samples),
            "errors": sum(s.errors for s in samples),
            "rounds": [round(s.rate, 1) for s in samples],
        }

    def drafts_per_second(self) -> float | None:
        rates = [d["per_s"] for d in self.drafts if d["sent"]]
        return statistics.median(rates) if rates else None


# --- wrk ---------------------------------------------------------------------------------------

LUA = """
local specs = %(specs)s
local prepared = {}
local index = 0

function init(args)
  for i, spec in ipairs(specs) do
    prepared[i] = wrk.format(spec[1], spec[2], spec[4], spec[3])
  end
  -- Each thread starts at its own place in the rotation.
  index = math.random(#prepared) - 1
end

function request()
  index = index %% #prepared + 1
  return prepared[index]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%%d,"duration_us":%%d,"p50_us":%%d,"p95_us":%%d,' ..
    '"status":%%d,"connect":%%d,"read":%%d,"write":%%d,"timeout":%%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.status, e.connect, e.read, e.write, e.timeout))
end
"""


def lua_string(text: str) -> str:
    """A Lua string literal: safe ASCII as is, every other byte as a decimal escape."""
    safe = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /.-_=&?%:;,+"
    return '"' + "".join(chr(b) if b in safe else f"\\{b:03d}" for b in text.encode()) + '"'


def write_lua(path: Path, specs: list[tuple]) -> Path:
    """``specs``: (method, path, body or "", {header: value}) — wrk rotates over them."""
    rendered = []
    for method, target, body, headers in specs:
        header_table = ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items())
        rendered.append(
            f"{{{lua_string(method)}, {lua_string(target)}, "
            f"{lua_string(body) if body else 'nil'}, {{{header_table}}}}}"
        )
    path.write_text(
        LUA
        % {
            "specs": "{\n  " + ",\n  ".join(rendered) + "\n}",
        }
    )
    return path


def run_wrk(base: str, script: Path, *, threads: int, connections: int, seconds: float) -> Sample:
    command = [
        WRK,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(script),
        base + "/",
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 120, check=False
    )
    found = re.search(r"^WRKJSON (\{.*\})$", done.stdout, re.MULTILINE)
    if not found:
        raise RuntimeError(f"wrk gave no figures:\n{done.stdout}\n{done.stderr}")
    raw = json.loads(found[1])
    errors = sum(raw[k] for k in ("status", "connect", "read", "write", "timeout"))
    return Sample(
        requests=raw["requests"],
        seconds=raw["duration_us"] / 1e6,
        p50_ms=raw["p50_us"] / 1000,
        p95_ms=raw["p95_us"] / 1000,
        errors=errors,
    )


# --- Servers -----------------------------------------------------------------------------------


def server_command(kind: str, app: str, port: int, workers: int, threads: int) -> list[str]:
    """The same command for Asiointi and the floor: ``asiointi serve``'s own
    (``asiointi.cli.server_command``, imported from this repository) with the application
    swapped. A checkout under test whose ``serve`` lacks ``--server`` (the "before" figures) is
    started with it directly, after its own ``collectstatic``. The module is loaded from this
    repository's file: with ``--asiointi-root`` the package ``asiointi`` is the other checkout."""
    spec = importlib.util.spec_from_file_location("asiointi_cli_here", ROOT / "asiointi/cli.py")
    cli = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cli)
    command = cli.server_command(
        kind, host="127.0.0.1", port=port, workers=workers, threads=threads
    )
    return [app if part == "asiointi.wsgi:application" else part for part in command]


def run_in_checkout(args: list[str], env: dict, checkout: Path, *, timeout: int):
    """``python <args>`` in the checkout under test, its output captured."""
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=checkout,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def serve_supports(env: dict, kind: str, checkout: Path) -> bool:
    """Whether this checkout's ``asiointi serve`` has ``--server`` with ``kind``."""
    done = run_in_checkout(["-m", "asiointi.cli", "serve", "--help"], env, checkout, timeout=60)
    return "--server" in done.stdout and kind in done.stdout and "--threads" in done.stdout


class Server:
    """A server in a process group of its own; ``stop`` ends the group."""

    def __init__(self, name: str, command: list[str], env: dict, log: Path, health: str, cwd):
        self.name, self.command, self.log = name, command, log
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                command, env=env, cwd=cwd, stdout=output, stderr=output, start_new_session=True
            )
        self.health = health

    def wait_ready(self, base: str, seconds: float = 240) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} stopped at start; see {self.log}:\n{self.tail()}")
            try:
                if requests.get(base + self.health, timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer {self.health}; see {self.log}")

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def workers(self) -> list[int]:
        """Worker pids: the master's children, without multiprocessing's helper processes."""
        pids = []
        for children in Path(f"/proc/{self.process.pid}/task").glob("*/children"):
            try:
                pids += [int(pid) for pid in children.read_text().split()]
            except OSError:
                continue
        return [pid for pid in pids if "resource_tracker" not in cmdline(pid)]

    def master_cmdline(self) -> list[str]:
        return cmdline(self.process.pid).split("\0")[:-1] or self.command

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            except ProcessLookupError:
                pass


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""


def rss_kib(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
    return int(found[1]) if found else None


# --- Environments ------------------------------------------------------------------------------


def pythonpath(asiointi_root: Path | None, *extra: Path) -> str:
    """The checkout under test first: it wins over the venv's editable install of /work/main."""
    paths = ([str(asiointi_root)] if asiointi_root else []) + [str(p) for p in extra]
    if os.environ.get("PYTHONPATH"):
        paths.append(os.environ["PYTHONPATH"])
    return os.pathsep.join(paths) or str(ROOT)


def production_env(args, data_dir: Path, secret: str) -> dict:
    """What an operator gives in production (asiointi/testing/production_server.py), with
    production's own task backend (emails queued, not sent in the request) and no scanner."""
    from asiointi.testing.production_server import PRODUCTION_BASE_ENV

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ASIOINTI_", "DATABASE_URL", "DJANGO_SETTINGS", "OIDC_"))
    }
    env.update(PRODUCTION_BASE_ENV)
    env.update(
        {
            "SECRET_KEY": secret,
            "DATABASE_URL": f"{args.pg}/{args.database}",
            "ASIOINTI_DATA_DIR": str(data_dir),
            "ASIOINTI_TASKS": "database",
            "ASIOINTI_ANTIVIRUS_SCANNER": "none",
            # Never used while tasks are queued; no SMTP attempt if something sends inline.
            "ASIOINTI_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "ASIOINTI_OPEN311_POST_RATE_LIMIT": "100000000/60",
            "DJANGO_SETTINGS_MODULE": "asiointi.settings",
            "PYTHONPATH": pythonpath(args.asiointi_root),
        }
    )
    for assignment in args.db_env:
        key, _, value = assignment.partition("=")
        env[key] = value
    return env


def resolved_database_settings(env: dict, checkout: Path) -> dict:
    """How Asiointi's settings resolved the connection (persistence, pool), for the floor."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; print('DBJSON ' + json.dumps({"
        "'CONN_MAX_AGE': d.get('CONN_MAX_AGE'), 'CONN_HEALTH_CHECKS': "
        "d.get('CONN_HEALTH_CHECKS', False), 'pool': d.get('OPTIONS', {}).get('pool')}))"
    )
    done = run_in_checkout(["-c", code], env, checkout, timeout=120)
    found = re.search(r"^DBJSON (.*)$", done.stdout, re.MULTILINE)
    if not found:
        sys.exit(f"could not read Asiointi's database settings:\n{done.stderr[-2000:]}")
    return json.loads(found[1])


# --- Data --------------------------------------------------------------------------------------


@dataclass
class Data:
    api_key: str
    service_code: str
    request_ids: list[str]
    people: list[tuple[int, int | None]]
    opened: list[tuple[int, int | None, int]]
    drafts: list[tuple[int, int]]
    sessions: dict


def prepare_asiointi_data(args, rng: random.Random, load_env: dict) -> Data:
    """Load (unless ``--reuse``) and prepare what the measurements need, in this process."""
    import folder_bench
    from harness import migrate

    os.environ.update(load_env)
    if not args.reuse:
        print(f"Creating {args.database} …", flush=True)
        recreate_database(args.pg, args.database)
    migrate(load_env)
    import django

    django.setup()
    from django.db import connection

    if not args.reuse:
        from asiointi.catalogue.demo import load_catalogue

        load_catalogue()
        folder_bench.load_data(
            applications=args.applications,
            applicants=args.applicants,
            batch_size=2_000,
            rng=rng,
        )
        load_feedback(rng)
    else:
        forget_posted_feedback()
    loaded = folder_bench.reload_existing(rng)
    everyone = sorted({(u, o) for u, o, _ in loaded.visible}, key=lambda p: (p[0], p[1] or 0))
    people = rng.sample(everyone, k=min(args.people, len(everyone)))
    chosen = set(people)
    visible = [v for v in loaded.visible if (v[0], v[1]) in chosen]
    opened = [rng.choice(visible) for _ in range(1000)]
    drafts = top_up_drafts(args.drafts_needed, rng)
    sessions = login_sessions({*people, *((u, None) for u, _ in drafts)})

    from asiointi.feedback.models import Feedback
    from asiointi.feedback.open311.keys import api_client_create

    _client, key = api_client_create(name=f"http bench {secrets.token_hex(3)}")
    published = Feedback.objects.filter(publication="published", service__isnull=False)
    service_code = published.values_list("service__code", flat=True).first()
    request_ids = [item.request_id for item in published.only("pk", "received_at")[:LIST_SIZE]]
    connection.close()
    return Data(key, service_code, request_ids, people, opened, drafts, sessions)


def load_feedback(rng: random.Random) -> None:
    """500 published feedback items in the Open311 list's 90-day window (so the default list has
    exactly 500), 100 unpublished, 20 of the published with a public photo (rows only)."""
    import datetime

    from django.db import connection

    from asiointi.catalogue.models import Service
    from asiointi.feedback.models import Feedback, FeedbackPhoto

    services = list(Service.objects.filter(accepts_feedback=True).order_by("pk"))
    now = datetime.datetime.now(datetime.UTC)
    items = []
    for index in range(LIST_SIZE + 100):
        service = rng.choice(services)
        received = now - datetime.timedelta(hours=2 * (LIST_SIZE + 100 - index), minutes=5)
        published = index % 6 != 5 and len([i for i in items if i.published_at]) < LIST_SIZE
        items.append(
            Feedback(
                tracking_code=f"HB{index:04d}-{secrets.token_hex(2).upper()}-BNCH",
                type="feedback",
                service=service,
                department_id=service.department_id,
                status="answered" if published else "in_process",
                channel="open311",
                description="Katuvalo on ollut rikki jo kaksi viikkoa ja pyörätie on pimeä.",
                address=f"Hämeentie {index % 120 + 1}, Helsinki",
                lat=f"{60.15 + rng.random() * 0.12:.6f}",
                long=f"{24.85 + rng.random() * 0.25:.6f}",
                language="fi",
                received_at=received,
                first_reaction_at=received + datetime.timedelta(minutes=30),
                answered_at=received + datetime.timedelta(hours=1) if published else None,
                closed_at=received + datetime.timedelta(hours=1) if published else None,
                answer="Kiitos palautteesta. Asia on korjattu." if published else "",
                publish_consent=True,
                publication="published" if published else "pending",
                public_description="Katuvalo on ollut rikki." if published else "",
                public_answer="Asia on korjattu." if published else "",
                published_at=received + datetime.timedelta(hours=1, minutes=5)
                if published
                else None,
            )
        )
    Feedback.objects.bulk_create(items)
    photos = [
        FeedbackPhoto(
            feedback=item,
            file=f"feedback/bench/{item.pk}.jpg",
            original_name="katuvalo.jpg",
            content_type="image/jpeg",
            size=120_000,
            sha256=secrets.token_hex(32),
            public=True,
        )
        for item in [i for i in items if i.published_at][:20]
    ]
    FeedbackPhoto.objects.bulk_create(photos)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {META_TABLE} (loaded_max_feedback_id bigint NOT NULL)")
        cursor.execute(f"INSERT INTO {META_TABLE} VALUES (%s)", [max(i.pk for i in items)])  # noqa: S608
        cursor.execute("ANALYZE")


def forget_posted_feedback() -> None:
    """On ``--reuse``: remove what earlier POST measurements added, so the list stays 500."""
    from django.db import connection

    from asiointi.feedback.models import Feedback

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT loaded_max_feedback_id FROM {META_TABLE}")  # noqa: S608
        (loaded_max,) = cursor.fetchone()
    removed, _ = Feedback.objects.filter(pk__gt=loaded_max).delete()
    print(f"Removed {removed:,} rows of earlier POST measurements", flush=True)


def top_up_drafts(needed: int, rng: random.Random) -> list[tuple[int, int]]:
    """``needed`` complete drafts of the general grant, ready to send (applicant id, case id).

    Sending uses drafts up; when fewer are left than a run needs, the remaining ones are copied
    row for row (a draft has no versions or record number yet), so that runs can repeat."""
    from django.db import connection

    from asiointi.cases.models import Case

    def sendable() -> list[tuple[int, int]]:
        drafts = Case.objects.filter(
            status="draft", grant_call__service__code="yleisavustus", draft_data__has_key="budget"
        )
        return list(drafts.order_by("pk").values_list("applicant_id", "pk"))

    drafts = sendable()
    if not drafts:
        sys.exit("no complete drafts left to send; reload the database (without --reuse)")
    missing = needed + 1 - len(drafts)
    if missing > 0:
        columns = [f.column for f in Case._meta.concrete_fields if not f.primary_key]
        names = ", ".join(f'"{c}"' for c in columns)
        sources = [rng.choice(drafts)[1] for _ in range(missing)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Case._meta.db_table} ({names}) SELECT {names} "  # noqa: S608
                f"FROM {Case._meta.db_table} c JOIN unnest(%s::bigint[]) AS s(id) ON c.id = s.id",
                [sources],
            )
        print(f"Copied {missing:,} drafts to have {needed:,} to send", flush=True)
        drafts = sendable()
    return rng.sample(drafts, k=needed)


def login_sessions(people: set[tuple[int, int | None]]) -> dict:
    """Sessions as a resident's login through the OIDC provider writes them (asiointi/accounts):
    the harness's session with the resident backend (production lists no ModelBackend), the
    provider and the idle clock, so that the first request needs no session write."""
    from django.contrib.auth import BACKEND_SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from harness import make_sessions

    from asiointi.accounts import middleware, providers

    keys = make_sessions(people)
    for key in keys.values():
        store = SessionStore(session_key=key)
        store[BACKEND_SESSION_KEY] = RESIDENT_BACKEND
        store[providers.SESSION_KEY] = providers.RESIDENT
        store[middleware.SESSION_KEY] = int(time.time())
        store.save()
    return keys


def request_specs(data: Data) -> dict[str, list[tuple]]:
    form = "application/x-www-form-urlencoded"
    posts = []
    for n in range(50):
        body = (
            f"api_key={data.api_key}&service_code={data.service_code}"
            f"&description=Katuvalo+on+rikki+ja+py%C3%B6r%C3%A4tie+on+pime%C3%A4+{n}"
            f"&lat=60.1{n:02d}&long=24.9{n:02d}&email=asukas{n}%40example.fi&first_name=Aino"
        )
        posts.append(("POST", "/open311/v2/requests.json", body, {"Content-Type": form}))

    def cookie(person):
        return {"Cookie": f"sessionid={data.sessions[person]}"}

    return {
        "post": posts,
        "get_one": [
            ("GET", f"/open311/v2/requests/{rid}.json", "", {}) for rid in data.request_ids
        ],
        "services": [("GET", "/open311/v2/services.json", "", {})],
        "list": [("GET", "/open311/v2/requests.json", "", {})],
        "folder": [("GET", "/asiointikansio/", "", cookie(p)) for p in data.people],
        "application": [
            ("GET", f"/asiointikansio/{case}/", "", cookie((user, organisation)))
            for user, organisation, case in data.opened
        ],
    }


def floor_specs(rows: int) -> dict[str, list[tuple]]:
    form = "application/x-www-form-urlencoded"
    return {
        "insert": [
            (
                "POST",
                "/insert",
                f"service_code=katuvalot&description=Katuvalo+on+rikki+{n}&lat=60.1{n:02d}"
                f"&long=24.9{n:02d}&address_string=H%C3%A4meentie+{n}",
                {"Content-Type": form},
            )
            for n in range(50)
        ],
        "one": [("GET", f"/one/{n}", "", {}) for n in range(1, rows + 1)],
        "list": [("GET", f"/list?n={LIST_SIZE}", "", {})],
    }


# --- Measuring -----------------------------------------------------------------------------------


def check_once(base: str, spec: tuple) -> None:
    """One request before measuring: a wrong status here would make every figure meaningless."""
    method, target, body, headers = spec
    answer = requests.request(
        method,
        base + target,
        data=body or None,
        headers=headers,
        timeout=60,
        allow_redirects=False,
    )
    if answer.status_code >= 300:
        raise RuntimeError(f"{method} {target}: HTTP {answer.status_code}\n{answer.text[:500]}")


def send_drafts(base: str, data: Data, drafts: list, threads: int, seconds: float) -> dict:
    import folder_bench

    lock = threading.Lock()
    queue = iter(drafts)
    sent = failed = 0
    latencies: list[float] = []
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal sent, failed
        while time.monotonic() < deadline:
            with lock:
                item = next(queue, None)
            if item is None:
                return
            user, case = item
            try:
                duration = folder_bench.send_draft(base, data.sessions[(user, None)], case)
            except (requests.RequestException, StopIteration):
                duration = None
            with lock:
                if duration is None:
                    failed += 1
                else:
                    sent += 1
                    latencies.append(duration)

    started = time.monotonic()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    wall = time.monotonic() - started
    return {
        "sent": sent,
        "failed": failed,
        "seconds": round(wall, 2),
        "per_s": sent / wall if wall else 0.0,
        "post_p50_ms": statistics.median(latencies) * 1000 if latencies else None,
    }


def measure_server(
    args, kind: str, data: Data, env: dict, floor_env: dict, work: Path
) -> ServerResult:
    result = ServerResult(server=kind)
    # Requests a process serves at once; Asiointi sizes its connection pool to it (and
    # ``asiointi serve`` exports it too), and the floor mirrors what Asiointi resolved.
    env = {**env, "ASIOINTI_THREADS": str(threads_for(args, kind))}
    result.database_settings = resolved_database_settings(env, args.asiointi_root or ROOT)
    floor_env = {**floor_env, "FLOOR_DATABASE_SETTINGS": json.dumps(result.database_settings)}
    specs, floor = request_specs(data), floor_specs(args.floor_rows)
    scripts = {key: write_lua(work / f"a-{key}.lua", spec) for key, spec in specs.items()}
    floor_scripts = {key: write_lua(work / f"f-{key}.lua", spec) for key, spec in floor.items()}
    asiointi = floor_server = None
    drafts = list(data.drafts)
    try:
        asiointi, base = start_asiointi(args, kind, env, work)
        floor_server, floor_base = start_floor(args, kind, floor_env, work)
        result.asiointi_command = asiointi.master_cmdline()
        result.floor_command = floor_server.master_cmdline()
        for spec in specs.values():
            check_once(base, spec[0])
        for spec in floor.values():
            check_once(floor_base, spec[0])
        wrk_options = {"threads": args.wrk_threads, "connections": args.connections}
        # Warm up: every worker (and thread) imports, compiles templates, connects.
        for measurement in MEASUREMENTS:
            run_wrk(base, scripts[measurement.key], seconds=1, **wrk_options)
        for script in floor_scripts.values():
            run_wrk(floor_base, script, seconds=1, **wrk_options)
        for round_number in range(args.rounds):
            for measurement in MEASUREMENTS:
                sides = [("asiointi", base, scripts[measurement.key])]
                sides.append(("floor", floor_base, floor_scripts[measurement.floor_view]))
                if round_number % 2:
                    sides.reverse()
                for side, url, script in sides:
                    sample = run_wrk(url, script, seconds=args.duration, **wrk_options)
                    result.samples.setdefault(measurement.key, {}).setdefault(side, []).append(
                        sample
                    )
                    print(
                        f"  [{kind}] round {round_number + 1}/{args.rounds} "
                        f"{measurement.name:<32} {side:<8} {sample.rate:8.1f} req/s "
                        f"p50 {sample.p50_ms:7.1f} p95 {sample.p95_ms:7.1f} ms "
                        f"errors {sample.errors}",
                        flush=True,
                    )
            batch, drafts = drafts[: args.drafts_per_round], drafts[args.drafts_per_round :]
            if batch:
                sending = send_drafts(base, data, batch, args.connections, args.duration)
                result.drafts.append(sending)
                print(
                    f"  [{kind}] round {round_number + 1}/{args.rounds} drafts sent "
                    f"{sending['sent']} in {sending['seconds']} s = {sending['per_s']:.1f}/s "
                    f"(failed {sending['failed']})",
                    flush=True,
                )
    finally:
        for server in (asiointi, floor_server):
            if server:
                server.stop()
    if args.memory_requests:
        result.memory = measure_memory(args, kind, specs, env, work)
    return result


def threads_for(args, kind: str) -> int:
    return 1 if kind == "gunicorn-sync" else args.threads


def start_asiointi(args, kind: str, env: dict, work: Path) -> tuple[Server, str]:
    port = free_port()
    threads = threads_for(args, kind)
    if args.launch == "serve" or (
        args.launch == "auto" and serve_supports(env, kind, args.asiointi_root or ROOT)
    ):
        command = [
            sys.executable,
            "-m",
            "asiointi.cli",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--server",
            kind,
            "--threads",
            str(threads),
        ]
    else:
        command = server_command(kind, "asiointi.wsgi:application", port, args.workers, threads)
    log = work / f"asiointi-{kind}.log"
    # The checkout's own folder: ``python -m`` puts the working directory first on sys.path.
    server = Server("asiointi", command, env, log, "/readyz", args.asiointi_root or ROOT)
    return server, ready(server, port)


def start_floor(args, kind: str, env: dict, work: Path) -> tuple[Server, str]:
    port = free_port()
    threads = threads_for(args, kind)
    command = server_command(kind, "floor_wsgi:application", port, args.workers, threads)
    server = Server("floor", command, env, work / f"floor-{kind}.log", "/healthz", FLOOR_DIR)
    return server, ready(server, port)


def ready(server: Server, port: int) -> str:
    """Wait until ``server`` answers on ``port`` and give its base URL; stop it if it never does."""
    base = f"http://127.0.0.1:{port}"
    try:
        server.wait_ready(base)
    except BaseException:
        server.stop()
        raise
    return base


def measure_memory(args, kind: str, specs: dict, env: dict, work: Path) -> dict:
    """Each worker's RSS after N and 2 N mixed GETs on a fresh server.

    wrk runs in timed chunks sized from the rate seen so far until a step has served N
    requests (a step overshoots by at most a few per cent). wrk's ``wrk.thread:stop()`` is not
    used: a stopped thread leaves its connections open, and a sync worker that accepted one
    waits on it until gunicorn kills the worker."""
    mixed = [*specs["get_one"][:50], *specs["services"], *specs["list"]]
    mixed += [*specs["folder"][:50], *specs["application"][:50]]
    random.Random(1).shuffle(mixed)
    script = write_lua(work / "memory.lua", mixed)
    server, base = start_asiointi(args, kind, env, work)
    figures: dict = {"requests_per_step": args.memory_requests, "steps": []}
    try:
        figures["start_kib"] = {pid: rss_kib(pid) for pid in server.workers()}
        rate = None
        for step in (1, 2):
            served = errors = 0
            started = time.monotonic()
            while served < args.memory_requests:
                if time.monotonic() - started > args.memory_max_seconds:
                    print(f"  [{kind}] memory step {step}: stopped after --memory-max-seconds")
                    break
                remaining = args.memory_requests - served
                seconds = 3 if rate is None else min(30, max(1, remaining / rate))
                sample = run_wrk(
                    base,
                    script,
                    threads=args.wrk_threads,
                    connections=args.connections,
                    seconds=seconds,
                )
                served += sample.requests
                errors += sample.errors
                rate = max(sample.rate, 1.0)
            rss = {pid: rss_kib(pid) for pid in server.workers()}
            figures["steps"].append({"served": served, "errors": errors, "rss_kib": rss})
            print(
                f"  [{kind}] memory step {step}: {served} requests (errors {errors}); worker RSS "
                + ", ".join(f"{kib / 1024:.1f}" for kib in rss.values() if kib)
                + " MiB",
                flush=True,
            )
    finally:
        server.stop()
    return figures


# --- Report ------------------------------------------------------------------------------------


def report(args, results: list[ServerResult]) -> dict:
    print()
    print(
        f"Machine: {os.cpu_count()} CPU cores shared by PostgreSQL, the servers and wrk; "
        f"workers {args.workers}, threads {args.threads} (gthread, granian); wrk "
        f"-t{args.wrk_threads} -c{args.connections} -d{args.duration}s, {args.rounds} rounds "
        "(median)"
    )
    out: dict = {"options": {k: str(v) for k, v in vars(args).items()}, "servers": {}}
    for result in results:
        print()
        print(f"== {result.server}: {' '.join(result.asiointi_command)}")
        print(f"   database connections (Asiointi and floor): {result.database_settings}")
        print(
            f"{'measurement':<32} {'Asiointi':>9} {'p50':>7} {'p95':>7} "
            f"{'floor':>9} {'p50':>7} {'p95':>7} {'ratio':>6} {'target':>6}  met"
        )
        print(f"{'':<32} {'req/s':>9} {'ms':>7} {'ms':>7} {'req/s':>9} {'ms':>7} {'ms':>7}")
        rows = {}
        for measurement in MEASUREMENTS:
            ours = result.summary(measurement.key, "asiointi")
            floor = result.summary(measurement.key, "floor")
            if not ours or not floor:
                continue
            ratio = ours["req_s"] / floor["req_s"] if floor["req_s"] else 0.0
            met = ratio >= measurement.target
            rows[measurement.key] = {
                "name": measurement.name,
                "asiointi": ours,
                "floor": floor,
                "floor_view": measurement.floor_view,
                "ratio": ratio,
                "target": measurement.target,
                "met": met,
            }
            errors = ours["errors"] + floor["errors"]
            print(
                f"{measurement.name:<32} {ours['req_s']:>9.1f} {ours['p50_ms']:>7.1f} "
                f"{ours['p95_ms']:>7.1f} {floor['req_s']:>9.1f} {floor['p50_ms']:>7.1f} "
                f"{floor['p95_ms']:>7.1f} {ratio:>6.2f} {measurement.target:>6.2f}  "
                f"{'met' if met else 'not met'}" + (f"  ({errors} errors)" if errors else "")
            )
        drafts = result.drafts_per_second()
        if drafts is not None:
            failed = sum(d["failed"] for d in result.drafts)
            print(
                f"{'send a draft (GET + POST)':<32} {drafts:>9.1f} drafts/s"
                f"{'':>33} target {DRAFTS_TARGET:.0f}/s  "
                f"{'met' if drafts >= DRAFTS_TARGET else 'not met'}"
                + (f"  ({failed} failed)" if failed else "")
            )
        memory = memory_summary(result.memory)
        if memory:
            print(
                f"{'worker RSS':<32} after {memory['first']:,} requests "
                f"{memory['rss_first_mib']} MiB, after {memory['second']:,} "
                f"{memory['rss_second_mib']} MiB, growth {memory['growth_mib']} MiB"
            )
        out["servers"][result.server] = {
            "asiointi_command": result.asiointi_command,
            "floor_command": result.floor_command,
            "database_settings": result.database_settings,
            "measurements": rows,
            "drafts": {"per_s": drafts, "rounds": result.drafts, "target": DRAFTS_TARGET},
            "memory": {**result.memory, "summary": memory},
        }
    if len(results) > 1:
        print()
        print("Servers compared (Asiointi req/s, ratio to the floor):")
        print(f"{'measurement':<32}" + "".join(f" {r.server:>22}" for r in results))
        for measurement in MEASUREMENTS:
            cells = []
            for result in results:
                row = out["servers"][result.server]["measurements"].get(measurement.key)
                cells.append(
                    f"{row['asiointi']['req_s']:>13.1f} ({row['ratio']:.2f})" if row else "–"
                )
            print(f"{measurement.name:<32}" + "".join(f" {c:>22}" for c in cells))
        drafts_cells = [
            f"{d:>13.1f}" if (d := r.drafts_per_second()) is not None else "–" for r in results
        ]
        print(f"{'drafts sent per second':<32}" + "".join(f" {c:>22}" for c in drafts_cells))
        memory_cells = []
        for result in results:
            memory = memory_summary(result.memory)
            memory_cells.append(
                f"{memory['rss_second_mib']} ({memory['growth_mib']})" if memory else "–"
            )
        print(f"{'worker RSS MiB (growth)':<32}" + "".join(f" {c:>22}" for c in memory_cells))
    print()
    print("req/s: median over rounds; p50/p95: medians of each round's wrk percentiles; ratio:")
    print("Asiointi req/s / floor req/s. Figures from a busy machine vary by tens of per cent.")
    return out


def memory_summary(memory: dict) -> dict | None:
    steps = memory.get("steps") if memory else None
    if not steps or len(steps) < 2:
        return None
    first = [kib for kib in steps[0]["rss_kib"].values() if kib]
    second = [kib for kib in steps[1]["rss_kib"].values() if kib]
    if not first or not second:
        return None
    return {
        "first": steps[0]["served"],
        "second": steps[0]["served"] + steps[1]["served"],
        "rss_first_mib": "/".join(f"{kib / 1024:.1f}" for kib in first),
        "rss_second_mib": "/".join(f"{kib / 1024:.1f}" for kib in second),
        "growth_mib": f"{(max(second) - max(first)) / 1024:+.1f}",
    }


# --- Main --------------------------------------------------------------------------------------

QUICK = {"duration": 3, "rounds": 2, "applications": 2_000, "applicants": 400, "memory": 1_000}
FULL = {
    "duration": 15,
    "rounds": 5,
    "applications": 100_000,
    "applicants": 20_000,
    "memory": 10_000,
}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="the issue's sizes (see README)")
    parser.add_argument("--servers", default="gunicorn-sync", help=",".join(SERVER_KINDS))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="per worker: gthread, granian")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=float, help="seconds per wrk run (3; full 15)")
    parser.add_argument("--rounds", type=int, help="interleaved rounds (2; full 5)")
    parser.add_argument("--applications", type=int, help="2,000; full 100,000")
    parser.add_argument("--applicants", type=int, help="400; full 20,000")
    parser.add_argument("--people", type=int, default=200, help="logged-in applicants sampled")
    parser.add_argument("--drafts-per-round", type=int, help="at most; default 50 × --duration")
    parser.add_argument(
        "--memory-requests", type=int, help="N for RSS after N and 2 N (2,000; full 10,000; 0 off)"
    )
    parser.add_argument("--memory-max-seconds", type=float, default=600)
    parser.add_argument("--database", default="asiointi_http_bench")
    parser.add_argument("--floor-database", default="floor_bench")
    parser.add_argument("--floor-rows", type=int, default=1_000)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL")
    parser.add_argument("--reuse", action="store_true", help="use the loaded --database again")
    parser.add_argument(
        "--asiointi-root", type=Path, help="another checkout to serve (first on PYTHONPATH)"
    )
    parser.add_argument(
        "--launch",
        choices=("auto", "serve", "direct"),
        default="auto",
        help="start Asiointi with `asiointi serve --server …` (auto: when it has the option)",
    )
    parser.add_argument(
        "--db-env",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="database setting for Asiointi, e.g. DATABASE_CONN_MAX_AGE=600; the floor mirrors it",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    preset = FULL if args.full else QUICK
    args.duration = args.duration or preset["duration"]
    args.rounds = args.rounds or preset["rounds"]
    args.applications = args.applications or preset["applications"]
    args.applicants = args.applicants or preset["applicants"]
    if args.memory_requests is None:
        args.memory_requests = preset["memory"]
    if args.drafts_per_round is None:
        args.drafts_per_round = int(50 * args.duration)
    args.servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    for kind in args.servers:
        if kind not in SERVER_KINDS:
            parser.error(f"--servers: {kind!r} is not one of {', '.join(SERVER_KINDS)}")
    for name in (args.database, args.floor_database):
        if not re.fullmatch(r"(asiointi_http_bench|floor_bench)[a-z0-9_]{0,30}", name):
            parser.error("databases are named asiointi_http_bench* and floor_bench*")
    if args.asiointi_root:
        args.asiointi_root = args.asiointi_root.resolve()
        sys.path.insert(0, str(args.asiointi_root))
    args.drafts_needed = args.drafts_per_round * args.rounds * len(args.servers)
    return args


def main() -> None:
    args = parse_args()
    # A plain kill runs the clean-up below too (servers stopped, temporary files removed).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if not Path(WRK).exists():
        sys.exit("wrk is needed: apt-get install wrk")
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="asiointi-http-bench-"))
    secret = secrets.token_urlsafe(50)
    load_env = {
        **os.environ,
        "DATABASE_URL": f"{args.pg}/{args.database}",
        "ASIOINTI_ENV": "demo",
        "ASIOINTI_DATA_DIR": str(work / "load"),
        "ASIOINTI_TASKS": "immediate",
        "ASIOINTI_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "SECRET_KEY": secret,
        "DJANGO_SETTINGS_MODULE": "asiointi.settings",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": pythonpath(args.asiointi_root),
    }
    results: list[ServerResult] = []
    try:
        started = time.monotonic()
        data = prepare_asiointi_data(args, rng, load_env)
        print(f"Data ready in {time.monotonic() - started:.0f} s", flush=True)
        env = production_env(args, work / "server", secret)
        checkout = args.asiointi_root or ROOT
        # Direct gunicorn/granian do not run collectstatic as `asiointi serve` does; production's
        # manifest storage needs it.
        subprocess.run(
            [sys.executable, "-m", "asiointi.cli", "collectstatic", "--noinput", "-v0"],
            env=env,
            cwd=checkout,
            check=True,
            timeout=300,
        )
        floor_url = f"{args.pg}/{args.floor_database}"
        if not args.reuse:
            recreate_database(args.pg, args.floor_database)
        else:
            with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as admin:
                exists = admin.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [args.floor_database]
                ).fetchone()
            if not exists:
                recreate_database(args.pg, args.floor_database)
        sys.path.insert(0, str(FLOOR_DIR))
        import floor_app

        floor_app.prepare(floor_url, args.floor_rows)
        floor_env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_SETTINGS")},
            "DJANGO_SETTINGS_MODULE": "floor_app",
            "FLOOR_DATABASE_URL": floor_url,
            "PYTHONPATH": pythonpath(None, FLOOR_DIR),
        }
        drafts = data.drafts
        for index, kind in enumerate(args.servers):
            print(f"Measuring {kind} …", flush=True)
            share = args.drafts_per_round * args.rounds
            data.drafts = drafts[index * share : (index + 1) * share]
            results.append(measure_server(args, kind, data, env, floor_env, work))
        out = report(args, results)
        if args.json:
            args.json.write_text(json.dumps(out, indent=2, default=lambda o: asdict(o)))
            print(f"Results written to {args.json}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
