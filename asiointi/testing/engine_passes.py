"""Which tests each of ``./run test``'s two passes runs (a pytest plugin).

``./run test`` runs the suite twice, on SQLite and on PostgreSQL, each run with
``--engine-pass``. A test runs in both passes only when its outcome can depend on the database
engine of the run, that is when it uses the test database; everything else runs once:

- ``postgres_only``: needs PostgreSQL (its row locks, PgBouncer, or a production server, which
  runs on a PostgreSQL database of its own; set here on every test that uses the
  ``production_server`` fixture): only in the PostgreSQL pass.
- ``engine_independent``: cannot depend on the run's database engine: only in the SQLite pass.
  Set here on every test that has no database access (no ``django_db`` mark, no ``db`` or
  ``transactional_db`` fixture: pytest-django refuses it any query), such as the pure unit
  tests; set by hand on the console-script tests (their script has an SQLite database of its
  own, asiointi/testing/console.py) and on the browser tests (tests/browser/conftest.py says
  why).
- every other test (it queries the run's database): in both passes.

Without ``--engine-pass`` (a developer's ``pytest``) nothing is left out, and the markers still
select (``-m "not engine_independent"``). Each pass reports what it left out as "deselected".
A test marked both ways needs PostgreSQL and runs in that pass.
"""

import pytest

DATABASE_FIXTURES = frozenset({"db", "transactional_db"})
# Production runs on PostgreSQL: so does every production server a test starts.
PRODUCTION_SERVER_FIXTURE = "production_server"


def pytest_addoption(parser):
    parser.addoption(
        "--engine-pass",
        action="store_true",
        help="this run is one of ./run test's two passes (SQLite, PostgreSQL): run only the "
        "tests this database engine must run (asiointi/testing/engine_passes.py)",
    )


def uses_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def engine_of_the_run() -> str:
    from django.db import connection

    return connection.vendor


# First, so that ``-m`` (pytest's own hook) sees the markers set here.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if PRODUCTION_SERVER_FIXTURE in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres_only)
        if item.get_closest_marker("postgres_only") is None and not uses_database(item):
            item.add_marker(pytest.mark.engine_independent)
    if not config.getoption("engine_pass"):
        return
    left_out = "engine_independent" if engine_of_the_run() == "postgresql" else "postgres_only"
    kept, deselected = [], []
    for item in items:
        marked = item.get_closest_marker(left_out) is not None
        # A test marked both ways needs PostgreSQL: it runs in that pass.
        if left_out == "engine_independent" and item.get_closest_marker("postgres_only"):
            marked = False
        (deselected if marked else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept
