"""What the benchmarks share: a fresh PostgreSQL database, sessions written straight into it,
gunicorn on a free loopback port, and bounded, timed request loops that report median and p95."""

import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import psycopg
import requests
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"

# --- 1. A fresh database ---------------------------------------------------------------------


def recreate_database(server_url: str, name: str) -> None:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        sys.exit(f"--database must be a plain lower-case identifier, not {name!r}")
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def migrate(env: dict) -> None:
    subprocess.run([str(BIN / "asiointi"), "migrate", "--verbosity", "0"], env=env, check=True)


# --- 3. Sessions and the server ----------------------------------------------------------------


def prepare_database(server_url: str, name: str, env: dict, *, reuse: bool, timings: dict) -> None:
    """Recreate the database (unless reusing a loaded one), migrate it — also on reuse, so that
    indexes added since the load are built before measuring — and set up Django here."""
    started = time.monotonic()
    if not reuse:
        recreate_database(server_url, name)
    migrate(env)
    timings["create + migrate"] = time.monotonic() - started
    import django

    django.setup()


def make_sessions(people: set[tuple[int, int | None]]) -> dict[tuple[int, int | None], str]:
    """Log people in by writing Django sessions directly into the database.

    The demo login form lists every demo persona on one page, which is meant for six personas,
    not 20,000; and logging in is not what is measured. A session written here is exactly what
    ``django.contrib.auth.login`` writes (user id, backend, password hash HMAC), plus the
    "acting for" organisation that the folder's switch form would store.
    """
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from asiointi.accounts.acting import SESSION_KEY as ACTING_FOR_KEY
    from asiointi.accounts.models import User

    users = User.objects.in_bulk({user_id for user_id, _ in people})
    keys = {}
    for user_id, organisation_id in people:
        store = SessionStore()
        store[SESSION_KEY] = str(user_id)
        store[BACKEND_SESSION_KEY] = SESSION_BACKEND
        store[HASH_SESSION_KEY] = users[user_id].get_session_auth_hash()
        if organisation_id:
            store[ACTING_FOR_KEY] = organisation_id
        store.create()
        keys[(user_id, organisation_id)] = store.session_key
    return keys


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "asiointi.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
    ]
    with log.open("wb") as output:
        server = subprocess.Popen(command, env=env, cwd=ROOT, stdout=output, stderr=output)
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                sys.exit(f"gunicorn stopped at start; see {log}:\n{log.read_text()[-2000:]}")
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=10).status_code == 200:
                    return server
            except requests.RequestException:
                pass
            time.sleep(0.3)
        sys.exit("gunicorn did not answer within 60 seconds")
    except BaseException:
        # Never leave a server behind: the caller only stops servers that started.
        server.terminate()
        server.wait(timeout=15)
        raise


def bench_env(server_url: str, database: str, data_dir: Path) -> dict:
    """The environment of this process and of gunicorn: demo mode on the benchmark database,
    tasks inline, mail discarded, and one secret shared by this process (which writes the
    sessions) and gunicorn (which reads them)."""
    return {
        **os.environ,
        "DATABASE_URL": f"{server_url}/{database}",
        "ASIOINTI_ENV": "demo",
        "ASIOINTI_DATA_DIR": str(data_dir),
        "ASIOINTI_TASKS": "immediate",
        "ASIOINTI_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SETTINGS_MODULE": "asiointi.settings",
        "LOG_LEVEL": "WARNING",
    }


def stop_gunicorn(server: subprocess.Popen | None) -> None:
    if server is None:
        return
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()


# --- 4. Measuring ----------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    latencies: list[float]
    errors: int
    wall: float

    def row(self) -> str:
        ok = len(self.latencies)
        if not ok:
            return f"{self.name:<34} {'–':>6} {'–':>9} {'–':>9} {'–':>9} {self.errors:>6}"
        median = statistics.median(self.latencies) * 1000
        p95 = (
            statistics.quantiles(self.latencies, n=20, method="inclusive")[18] * 1000
            if ok > 1
            else median
        )
        return (
            f"{self.name:<34} {ok:>6} {median:>8.1f}  {p95:>8.1f}  "
            f"{ok / self.wall:>8.1f} {self.errors:>6}"
        )


def run_bounded(name: str, count: int, threads: int, seconds: float, one: Callable) -> Result:
    """Call ``one(index)`` ``count`` times from ``threads`` threads; stop early after ``seconds``.

    ``one`` returns the measured duration in seconds, or None for a failed request."""
    lock = threading.Lock()
    next_index = iter(range(count))
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        while time.monotonic() < deadline:
            with lock:
                index = next(next_index, None)
            if index is None:
                return
            try:
                duration = one(index)
            except requests.RequestException:
                duration = None
            with lock:
                if duration is None:
                    errors += 1
                else:
                    latencies.append(duration)

    started = time.monotonic()
    pool = [threading.Thread(target=worker, name=f"{name}-{n}") for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return Result(name, latencies, errors, time.monotonic() - started)


def timed_get(base: str, path: str, session_key: str) -> float | None:
    started = time.perf_counter()
    response = requests.get(
        base + path, cookies={"sessionid": session_key}, timeout=60, allow_redirects=False
    )
    duration = time.perf_counter() - started
    return duration if response.status_code == 200 else None
