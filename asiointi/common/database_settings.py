"""``DATABASES["default"]`` from the environment (docs/operating.md "Database connections").

- **SQLite** (the embedded mode): one file in the data directory, IMMEDIATE transactions and WAL.
  Neither the pool nor PgBouncer applies; asking for them stops the start.
- **PostgreSQL**: Django's built-in psycopg connection pool, on by default except in the test
  suite. A process serves at most ``ASIOINTI_THREADS`` requests at once (``asiointi serve``
  exports it to its workers), so that is the pool's default ``max_size``: no request ever waits
  for a connection, and no connection sits in a pool that can never lend it. Without the pool,
  connections persist for ``DATABASE_CONN_MAX_AGE`` seconds (Django refuses both at once).
- **Behind PgBouncer in transaction mode** (``DATABASE_PGBOUNCER=transaction``): a transaction
  may run on a different server connection than the one before it, so nothing may outlive a
  transaction on the server: no server-side cursors (``iterator()`` holds one open across
  fetches) and no prepared statements.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from asiointi.common.env import env_bool, env_int, env_str

SQLITE = "django.db.backends.sqlite3"
POSTGRESQL = ("django.db.backends.postgresql", "django.contrib.gis.db.backends.postgis")
PGBOUNCER_MODES = ("", "transaction")
# Without the pool, a connection is kept this many seconds (then reopened at a request's start).
PERSISTENT_CONNECTION_SECONDS = 600
# Seconds a request waits for a pooled connection before failing (psycopg's own default is 30,
# past gunicorn's worker timeout: better a clear error than a killed worker).
POOL_TIMEOUT_SECONDS = 10


def is_postgresql(database: dict) -> bool:
    return database["ENGINE"] in POSTGRESQL


def web_threads() -> int:
    """Requests one process serves at once: ``asiointi serve --threads`` exports it."""
    return env_int("ASIOINTI_THREADS", 1, minimum=1)


def database_settings(*, data_dir: Path, mode: str) -> dict:
    """The default database for ``mode`` (demo, production, test), read from the environment."""
    url = env_str("DATABASE_URL") or f"sqlite:///{data_dir / 'asiointi.sqlite3'}"
    database = dj_database_url.parse(url)
    if database["ENGINE"] == SQLITE:
        if mode == "production":
            raise ImproperlyConfigured(
                "Production mode needs PostgreSQL (DATABASE_URL=postgres://...)"
            )
        return _sqlite(database, data_dir)
    if is_postgresql(database):
        return _postgresql(database, mode)
    database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0)
    return database


def _sqlite(database: dict, data_dir: Path) -> dict:
    if env_bool("DATABASE_POOL", False):
        raise ImproperlyConfigured("DATABASE_POOL applies to PostgreSQL only, not to SQLite")
    if _pgbouncer_mode():
        raise ImproperlyConfigured("DATABASE_PGBOUNCER applies to PostgreSQL only, not to SQLite")
    database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0)
    # IMMEDIATE transactions take the write lock at BEGIN, so two concurrent writers queue up
    # instead of failing with "database is locked" when a read transaction upgrades.
    database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a real file too (not the shared in-memory database, which locks whole tables),
    # so they see the same locking as the embedded mode.
    database["TEST"] = {"NAME": str(data_dir / "test.sqlite3")}
    return database


def _postgresql(database: dict, mode: str) -> dict:
    database.setdefault("OPTIONS", {})
    # The test suite runs the application in its own threads (live servers, the test client)
    # and manages connections itself: no pool there unless asked for.
    pool = env_bool("DATABASE_POOL", mode != "test")
    # A persistent connection is checked before reuse (one round trip): a database restart
    # or a connection dropped by a proxy costs a reconnect instead of a failed request. With
    # the pool, Django passes the same choice on as the pool's check on lending a connection.
    database["CONN_HEALTH_CHECKS"] = True
    if pool:
        if env_int("DATABASE_CONN_MAX_AGE", 0) != 0:
            raise ImproperlyConfigured(
                "DATABASE_CONN_MAX_AGE cannot be used with the connection pool: the pool keeps "
                "the connections. Unset it, or set DATABASE_POOL=false."
            )
        database["CONN_MAX_AGE"] = 0
        database["OPTIONS"]["pool"] = _pool_options()
    else:
        default_age = 0 if mode == "test" else PERSISTENT_CONNECTION_SECONDS
        database["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", default_age)
    if _pgbouncer_mode() == "transaction":
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
        # Django 6 already turns psycopg's automatic preparing off by default; said here too,
        # because a prepared statement lives in one server connection, which transaction
        # pooling hands to another client after the transaction.
        database["OPTIONS"]["prepare_threshold"] = None
    return database


def _pool_options() -> dict:
    max_size = env_int("DATABASE_POOL_MAX_SIZE", web_threads(), minimum=1)
    min_size = env_int("DATABASE_POOL_MIN_SIZE", 1, minimum=0)
    if min_size > max_size:
        raise ImproperlyConfigured(
            f"DATABASE_POOL_MIN_SIZE ({min_size}) cannot be more than DATABASE_POOL_MAX_SIZE "
            f"({max_size})"
        )
    timeout = env_int("DATABASE_POOL_TIMEOUT", POOL_TIMEOUT_SECONDS, minimum=1)
    return {"min_size": min_size, "max_size": max_size, "timeout": timeout}


def _pgbouncer_mode() -> str:
    raw = env_str("DATABASE_PGBOUNCER")
    value = raw.strip().lower()
    if value not in PGBOUNCER_MODES:
        raise ImproperlyConfigured(
            f"DATABASE_PGBOUNCER must be empty (no PgBouncer, or session pooling) or "
            f"'transaction', not {raw!r}"
        )
    return value
