"""Per-process caches of what is built from the catalogue, invalidated by the database.

The catalogue (services, departments, grant calls) changes a few times a year, yet the Open311
service list and every Open311 request list read it. Each web process keeps what it built in
memory, under the catalogue's *version token*, and costs one primary-key query per use to check
that the token is still current.

Why a token in the database and not Django's cache framework or model signals: the city runs
several web processes (and several hosts). Django's default ``LocMemCache`` is per process, and
a ``post_save`` signal reaches only the process that saved; another process would go on serving
the old list. Signals also miss ``QuerySet.update()``, ``bulk_create`` and SQL typed in a shell.
So the database changes the token itself: statement triggers on ``catalogue_service``,
``organisation_department`` and ``catalogue_grantcall`` upsert a new random token into
``catalogue_catalogueversion`` in the same transaction as the change. Every process sees the
new token the moment the change commits, and not before.

Correctness details:

- The token is read *before* the rows are built from. Under READ COMMITTED each statement sees
  the latest commits, so what is cached is never older than its token; at worst newer, which
  only costs one extra rebuild.
- Tokens are random, not a counter: a change rolled back after a process cached its
  uncommitted result cannot come back as a later, different change with the same number.
- The triggers are installed (idempotently) after every ``migrate``, and after the test
  runner's flush, not in a migration: SQLite rebuilds a table for many schema changes and
  drops its triggers with it.
"""

import threading
from collections.abc import Callable

from django.db import connections, transaction

from asiointi.catalogue.models import CatalogueVersion

NAME = "catalogue"
TABLES = ("catalogue_service", "organisation_department", "catalogue_grantcall")
_VERSION_TABLE = "catalogue_catalogueversion"
_MISSING = object()
# The advisory lock key of install_triggers (any number no other lock of the database uses).
_INSTALL_LOCK = 0x43415456  # "CATV"

# The SQL is fixed text: the only values formatted into it are the table names above.
_POSTGRESQL = """
CREATE OR REPLACE FUNCTION catalogue_version_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO catalogue_catalogueversion (name, token)
    VALUES ('catalogue', gen_random_uuid()::text)
    ON CONFLICT (name) DO UPDATE SET token = EXCLUDED.token;
    RETURN NULL;
END $$;
"""
_POSTGRESQL_TRIGGER = """
CREATE OR REPLACE TRIGGER catalogue_version_bump
AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION catalogue_version_bump();
"""
# SQLite has only row triggers; a change of many rows sets the token many times, which is fine.
_SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS catalogue_version_{table}_{event} AFTER {event} ON {table}
BEGIN
    INSERT INTO catalogue_catalogueversion (name, token)
    VALUES ('catalogue', lower(hex(randomblob(16))))
    ON CONFLICT (name) DO UPDATE SET token = excluded.token;
END;
"""


def install_triggers(using: str = "default", **_kwargs) -> None:
    """Create the triggers that change the token (a ``post_migrate`` receiver; idempotent)."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if _VERSION_TABLE not in existing:
        return
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Several processes may migrate at once (``asiointi serve`` starting on several
            # machines); PostgreSQL refuses a concurrent CREATE OR REPLACE of the same function
            # ("tuple concurrently updated"), so they take turns until each one commits.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_INSTALL_LOCK])
            cursor.execute(_POSTGRESQL)
        for table in TABLES:
            if table not in existing:
                continue
            if connection.vendor == "postgresql":
                cursor.execute(_POSTGRESQL_TRIGGER.format(table=table))
            elif connection.vendor == "sqlite":
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(_SQLITE_TRIGGER.format(table=table, event=event))


def current_token() -> str | None:
    """The catalogue's version token: one primary-key lookup. None before the first change."""
    return CatalogueVersion.objects.filter(name=NAME).values_list("token", flat=True).first()


class CatalogueCached[T]:
    """A value built from the catalogue, kept per process until the catalogue changes.

    ``get()`` runs one query when the cached value is current, and the build's queries besides
    when it is not. The entry is replaced as one tuple, so threads never see a token paired with
    another token's value.
    """

    def __init__(self, build: Callable[[], T]):
        self._build = build
        self._entry: tuple[object, T | None] = (_MISSING, None)
        self._lock = threading.Lock()

    def get(self) -> T:
        token = current_token()
        cached_token, value = self._entry
        if cached_token == token:
            return value
        with self._lock:
            value = self._build()
            self._entry = (token, value)
        return value

    def clear(self) -> None:
        self._entry = (_MISSING, None)
