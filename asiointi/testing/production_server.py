"""Asiointi as an operator runs it: ``asiointi serve`` in production mode on PostgreSQL.

Tests that must prove something of the production settings (login, headers, scanning, error
formats) start the real server in a child process with ``ASIOINTI_ENV=production`` and a fresh
PostgreSQL database of its own, exactly as docs/operating.md tells an operator to, and talk to it
over HTTP. The only settings relaxed are those that need TLS, which a loopback test has not:
``SECURE_SSL_REDIRECT``, ``SESSION_COOKIE_SECURE`` and ``CSRF_COOKIE_SECURE`` are off. Everything
else is production's own default.

Use the ``production_server`` fixture factory::

    def test_x(production_server):
        server = production_server({"ASIOINTI_ANTIVIRUS_SCANNER": "none"})
        requests.get(f"{server.url}/readyz")
        server.manage("shell", "-c", "...")  # a management command on the same database

Each server's database is a copy (``CREATE DATABASE … TEMPLATE``) of one the test run migrated
once with ``asiointi migrate`` in production mode, and its data directory starts with a copy of
the static files that run collected once (``production_template``; shared by pytest-xdist's
workers). ``asiointi serve`` still runs ``migrate`` and ``collectstatic`` at every start, as an
operator's does, and finds them already done, as on an operator's second start.

The pieces are public for tests that assemble more than one process on one database
(tests/test_multiple_processes.py): ``create_database``, ``start_serve``, ``start_worker``,
``stop_process_group``.
"""

import fcntl
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
ASIOINTI = str(Path(sys.executable).parent / "asiointi")
POSTGRES_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
# Migrating a fresh database and collecting static files takes a while on a busy machine.
START_TIMEOUT_SECONDS = 240

# The settings an operator must give in production (docs/operating.md), with test values.
PRODUCTION_BASE_ENV = {
    "ASIOINTI_ENV": "production",
    "SECRET_KEY": "test-only-" + "k" * 60,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    # Loopback HTTP has no TLS: the only relaxations, each one a TLS matter.
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "ASIOINTI_TASKS": "immediate",
    "ASIOINTI_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    # Both identity providers must be configured; these point at a port nobody answers. A test
    # that logs in passes its simulators' settings
    # (asiointi.simulators.oidc_provider ``settings()``).
    **{
        f"OIDC_{kind}_{key}": f"http://127.0.0.1:9/{kind.lower()}/{key.lower()}"
        for kind in ("RESIDENT", "STAFF")
        for key in (
            "AUTHORIZATION_ENDPOINT",
            "TOKEN_ENDPOINT",
            "USER_ENDPOINT",
            "JWKS_ENDPOINT",
            "END_SESSION_ENDPOINT",
        )
    },
    "OIDC_RESIDENT_CLIENT_ID": "asiointi",
    "OIDC_STAFF_CLIENT_ID": "asiointi-staff",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def operator_env(data_dir: Path, overrides: dict[str, str]) -> dict[str, str]:
    """A fresh operator shell: none of the test run's own settings leak into the server."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ASIOINTI_", "DATABASE_URL", "DJANGO_SETTINGS", "OIDC_"))
    }
    env.update(PRODUCTION_BASE_ENV)
    env["ASIOINTI_DATA_DIR"] = str(data_dir)
    env.update(overrides)
    return env


@dataclass
class ProductionServer:
    url: str
    database_url: str
    env: dict[str, str]
    process: subprocess.Popen
    log_path: Path
    _database: str = field(repr=False, default="")

    def manage(self, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
        """Run ``asiointi <args>`` against the server's database with the server's settings."""
        return subprocess.run(  # noqa: S603 (our own command, test arguments)
            [ASIOINTI, *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
            check=False,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        stop_process_group(self.process)
        drop_database(self._database)


def stop_process_group(process: subprocess.Popen, *, kill: bool = False) -> None:
    """End a process started by ``spawn`` with all its children (gunicorn's workers): SIGTERM
    and a grace period, or at once with SIGKILL, as a machine that dies would."""
    if process.poll() is not None:
        return
    if not kill:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
            return
        except subprocess.TimeoutExpired:
            pass
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=5)


def spawn(args: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen:
    """``asiointi <args>`` in a session of its own (so that ``stop_process_group`` reaches its
    children), its output in ``log_path``."""
    with log_path.open("w") as log:
        return subprocess.Popen(  # noqa: S603 (our own command)
            [ASIOINTI, *args],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def create_database(prefix: str = "asiointi_production", *, template: str = "") -> str:
    """A new PostgreSQL database named ``<prefix>_<random>``, empty or a copy of ``template``;
    returns its name."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    statement = f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")
    for attempt in range(50):
        try:
            with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
                connection.execute(statement)
            return name
        except psycopg.errors.ObjectInUse:
            # Another worker's CREATE DATABASE is copying the same template this moment.
            if attempt == 49:
                raise
            time.sleep(0.2)
    raise AssertionError("unreachable")


def drop_database(name: str) -> None:
    if not name:
        return
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_until_ready(server: ProductionServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"asiointi serve exited:\n{server.log()}")
        try:
            with urllib.request.urlopen(f"{server.url}/readyz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"asiointi serve did not answer /readyz:\n{server.log()}")


def start_serve(
    data_dir: Path, env: dict[str, str], *, workers: int = 2, database: str = ""
) -> ProductionServer:
    """``asiointi serve`` (migrate, collectstatic, gunicorn) with ``env`` on a free port of
    127.0.0.1; returns once it answers ``/readyz``. ``database`` is dropped when it stops."""
    port = free_port()
    log_path = data_dir / "server.log"
    args = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    server = ProductionServer(
        url=f"http://127.0.0.1:{port}",
        database_url=env["DATABASE_URL"],
        env=env,
        process=spawn(args, env, log_path),
        log_path=log_path,
        _database=database,
    )
    try:
        _wait_until_ready(server)
    except BaseException:
        server.stop()
        raise
    return server


def start_worker(env: dict[str, str], log_path: Path, worker_id: str) -> subprocess.Popen:
    """``asiointi worker`` (django-tasks-db's db_worker) under a known worker id, which the
    task rows it runs record; polls the queue every 0.2 seconds."""
    args = ["worker", "--worker-id", worker_id, "--interval", "0.2", "--no-startup-delay"]
    return spawn(args, env, log_path)


RUN_ID_VARIABLE = "ASIOINTI_TEST_RUN_ID"
TEMPLATE_PREFIX = "asiointi_template"


def _run_directory() -> Path:
    """A directory of this test run shared by its pytest-xdist workers
    (asiointi/testing/settings.py makes ASIOINTI_TEST_DATA_DIR in the main process)."""
    directory = Path(os.environ["ASIOINTI_TEST_DATA_DIR"]) / "production-template"
    directory.mkdir(exist_ok=True)
    return directory


@cache
def production_template() -> tuple[str, Path]:
    """The run's template database, migrated by ``asiointi migrate`` in production mode, and
    its collected static files: made by the first worker that needs them (the others wait for
    it), dropped at the end of the run (``pytest_unconfigure``). Returns (database, static dir).
    """
    directory = _run_directory()
    database = f"{TEMPLATE_PREFIX}_{os.environ[RUN_ID_VARIABLE]}"
    ready = directory / "ready"
    with (directory / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not ready.exists():
            drop_database(database)
            with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{database}"')
            env = operator_env(
                directory,
                {
                    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
                    "ASIOINTI_ANTIVIRUS_SCANNER": "none",
                },
            )
            for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
                done = subprocess.run(  # noqa: S603 (our own command)
                    [ASIOINTI, *command, "--verbosity", "0"],
                    env=env,
                    capture_output=True,
                    text=True,
                    cwd=ROOT,
                    check=False,
                )
                if done.returncode != 0:
                    drop_database(database)
                    raise RuntimeError(f"asiointi {command[0]} failed:\n{done.stderr}")
            ready.write_text(database)
    return database, directory / "static"


def pytest_configure(config):
    # Before pytest-xdist starts its workers, which inherit it: one template for the whole run.
    os.environ.setdefault(RUN_ID_VARIABLE, secrets.token_hex(4))


def pytest_unconfigure(config):
    if hasattr(config, "workerinput"):
        return  # a pytest-xdist worker: the main process drops the template after all of them
    directory = Path(os.environ.get("ASIOINTI_TEST_DATA_DIR", "")) / "production-template"
    if (directory / "ready").exists():
        drop_database((directory / "ready").read_text())


def start_production_server(data_dir: Path, overrides: dict[str, str]) -> ProductionServer:
    """Copy the run's template database and static files, then ``asiointi serve`` (migrate,
    collectstatic, gunicorn) on them."""
    template, static_files = production_template()
    database = create_database(template=template)
    shutil.copytree(static_files, data_dir / "static")
    database_url = f"postgres://postgres@127.0.0.1:5432/{database}"
    env = operator_env(data_dir, {"DATABASE_URL": database_url, **overrides})
    return start_serve(data_dir, env, database=database)


@pytest.fixture
def production_server(
    tmp_path_factory, clamd_server
) -> Iterator[Callable[[dict[str, str]], ProductionServer]]:
    """A factory: ``production_server(overrides)`` starts a server; all stop after the test.
    Production needs a virus scanner: the server's is the test session's real clamd (see
    asiointi/testing/clamd.py) unless the overrides name another."""
    started: list[ProductionServer] = []
    scanner = {
        "ASIOINTI_ANTIVIRUS_SCANNER": "clamd",
        "ASIOINTI_CLAMD_SOCKET": clamd_server.socket_path,
    }

    def start(overrides: dict[str, str] | None = None) -> ProductionServer:
        data_dir = tmp_path_factory.mktemp("production")
        server = start_production_server(data_dir, {**scanner, **(overrides or {})})
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
