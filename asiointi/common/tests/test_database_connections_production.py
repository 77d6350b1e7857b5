"""Database connections in production: ``asiointi serve`` on PostgreSQL reuses its connections.

Each web server choice (docs/operating.md "Web server") is started as an operator starts it
(asiointi/testing/production_server.py, two processes) and sent two batches of concurrent
requests that use the database. PostgreSQL's own view of the server's database
(``pg_stat_activity``) must show connections that outlive the requests, no more than the
processes' pools may hold (processes × threads), and none replaced between the batches. On
SIGTERM the server stops, and its connections with it.

The server is always PostgreSQL, whatever the test run's database: these run in the PostgreSQL
pass of ``./run test`` only, to start each server once.
"""

import os
import re
import signal
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import requests

from asiointi.testing import production_server as production

pytestmark = pytest.mark.postgres_only
postgresql_pass_only = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="starts production servers once per ./run test: in the PostgreSQL pass",
)

WORKERS = 2  # the production_server fixture's --workers
REQUESTS = 50
CLIENTS = 8
TIMEOUT = 30


def database_name(server: production.ProductionServer) -> str:
    return server.database_url.rsplit("/", 1)[1]


def backend_pids(database: str) -> set[int]:
    """The client connections PostgreSQL has open to ``database`` (ours is to another one)."""
    with psycopg.connect(production.POSTGRES_ADMIN_URL, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = "
            "'client backend'",
            [database],
        ).fetchall()
    return {pid for (pid,) in rows}


def readiness_batch(server: production.ProductionServer) -> list[int]:
    """REQUESTS answers of /readyz (it queries the database), CLIENTS at a time."""

    def ready(_number: int) -> int:
        return requests.get(f"{server.url}/readyz", timeout=TIMEOUT).status_code

    with ThreadPoolExecutor(max_workers=CLIENTS) as clients:
        return list(clients.map(ready, range(REQUESTS)))


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@postgresql_pass_only
@pytest.mark.parametrize(
    "server_env,threads,access_log",
    [
        # The default: gunicorn, sync workers, one request (and one connection) per process.
        ({}, 1, r'"GET /readyz HTTP/1\.1" 200'),
        (
            {"ASIOINTI_SERVER": "gunicorn-gthread", "ASIOINTI_THREADS": "3"},
            3,
            r'"GET /readyz HTTP/1\.1" 200',
        ),
        (
            {"ASIOINTI_SERVER": "granian", "ASIOINTI_THREADS": "3"},
            3,
            r'"GET /readyz HTTP/1\.1" 200',
        ),
    ],
    ids=["gunicorn-sync", "gunicorn-gthread", "granian"],
)
def test_server_reuses_at_most_one_pool_of_connections_per_process(
    production_server, server_env, threads, access_log
):
    server = production_server(server_env)
    database = database_name(server)

    assert readiness_batch(server) == [200] * REQUESTS
    first = backend_pids(database)
    assert readiness_batch(server) == [200] * REQUESTS
    second = backend_pids(database)

    # Kept open between requests (per-request connections would all be gone by now) ...
    assert first, "no connection outlived its request"
    # ... none closed and reopened by the second batch; a pool may only have grown ...
    assert first <= second, f"connections replaced: {sorted(first)} → {sorted(second)}"
    # ... and never more than each process's pool: as many connections as threads.
    assert len(second) <= WORKERS * threads, sorted(second)
    assert re.search(access_log, server.log()), server.log()[-3000:]

    # SIGTERM (what systemd sends) stops the server gracefully, and its connections end.
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=30) == 0, server.log()[-3000:]
    assert wait_for(lambda: not backend_pids(database), seconds=10), backend_pids(database)


def run_asiointi(tmp_path, clamd_server, overrides: dict[str, str], *args: str):
    """``asiointi <args>`` in a production operator's shell, on the cluster's postgres database."""
    env = production.operator_env(
        tmp_path,
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
            "ASIOINTI_ANTIVIRUS_SCANNER": "clamd",
            "ASIOINTI_CLAMD_SOCKET": clamd_server.socket_path,
            **overrides,
        },
    )
    # The operator's own TLS and email settings: check --deploy should find nothing else to say.
    for relaxed in (
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "ASIOINTI_EMAIL_BACKEND",
    ):
        env.pop(relaxed)
    return subprocess.run(
        [production.ASIOINTI, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=production.ROOT,
        check=False,
    )


def test_production_pool_is_sized_to_the_servers_threads(tmp_path, clamd_server):
    """What a production process builds: psycopg's pool, max_size from ASIOINTI_THREADS."""
    show = (
        "from django.db import connection\n"
        "with connection.cursor() as cursor: cursor.execute('SELECT 1')\n"
        "pool = connection.pool\n"
        "print(type(pool).__name__, pool.min_size, pool.max_size, pool.timeout,"
        " connection.settings_dict['CONN_MAX_AGE'], connection.connection._pool is pool)"
    )

    result = run_asiointi(tmp_path, clamd_server, {"ASIOINTI_THREADS": "5"}, "shell", "-c", show)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "ConnectionPool 1 5 10 0 True"


@pytest.mark.parametrize(
    "overrides,warned",
    [
        ({}, False),
        ({"DATABASE_POOL": "false"}, False),
        ({"DATABASE_POOL": "false", "DATABASE_CONN_MAX_AGE": "0"}, True),
    ],
    ids=["pool", "persistent", "neither"],
)
def test_check_deploy_warns_when_every_request_opens_a_connection(
    tmp_path, clamd_server, overrides, warned
):
    result = run_asiointi(
        tmp_path, clamd_server, overrides, "check", "--deploy", "--fail-level", "WARNING"
    )

    output = result.stdout + result.stderr
    assert ("database.W001" in output) is warned, output
    assert result.returncode == (1 if warned else 0), output
