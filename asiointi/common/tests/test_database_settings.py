"""DATABASES from the environment: the pool on PostgreSQL, persistent connections without it,
PgBouncer's transaction mode, and SQLite untouched (docs/operating.md "Database connections")."""

import pytest
from django.core.checks import Warning
from django.core.checks.registry import registry
from django.core.exceptions import ImproperlyConfigured

from asiointi.common.checks import database_connection_warnings, database_connections_check
from asiointi.common.database_settings import database_settings

POSTGRES_URL = "postgres://asiointi:salasana@db.internal:5432/asiointi"


@pytest.fixture
def env(monkeypatch):
    """A shell with none of the database settings of the test run; ``env(NAME=value)`` sets."""
    for name in (
        "DATABASE_URL",
        "DATABASE_POOL",
        "DATABASE_POOL_MIN_SIZE",
        "DATABASE_POOL_MAX_SIZE",
        "DATABASE_POOL_TIMEOUT",
        "DATABASE_CONN_MAX_AGE",
        "DATABASE_PGBOUNCER",
        "ASIOINTI_THREADS",
    ):
        monkeypatch.delenv(name, raising=False)

    def set_env(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def test_production_postgresql_pools_one_connection_per_thread(env, tmp_path):
    env(DATABASE_URL=POSTGRES_URL)

    database = database_settings(data_dir=tmp_path, mode="production")

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["NAME"] == "asiointi"
    assert database["OPTIONS"] == {"pool": {"min_size": 1, "max_size": 1, "timeout": 10}}
    assert database["CONN_MAX_AGE"] == 0
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is False


def test_pool_follows_the_servers_threads(env, tmp_path):
    env(DATABASE_URL=POSTGRES_URL, ASIOINTI_THREADS="6")

    database = database_settings(data_dir=tmp_path, mode="production")

    assert database["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 6, "timeout": 10}


def test_pool_sizes_and_timeout_can_be_set(env, tmp_path):
    env(
        DATABASE_URL=POSTGRES_URL,
        ASIOINTI_THREADS="6",
        DATABASE_POOL_MIN_SIZE="2",
        DATABASE_POOL_MAX_SIZE="3",
        DATABASE_POOL_TIMEOUT="4",
    )

    database = database_settings(data_dir=tmp_path, mode="demo")

    assert database["OPTIONS"]["pool"] == {"min_size": 2, "max_size": 3, "timeout": 4}


def test_without_the_pool_connections_persist_ten_minutes(env, tmp_path):
    env(DATABASE_URL=POSTGRES_URL, DATABASE_POOL="false")

    database = database_settings(data_dir=tmp_path, mode="production")

    assert "pool" not in database["OPTIONS"]
    assert database["CONN_MAX_AGE"] == 600
    assert database["CONN_HEALTH_CHECKS"] is True


def test_without_the_pool_the_connection_age_can_be_set(env, tmp_path):
    env(DATABASE_URL=POSTGRES_URL, DATABASE_POOL="false", DATABASE_CONN_MAX_AGE="0")

    database = database_settings(data_dir=tmp_path, mode="production")

    assert database["CONN_MAX_AGE"] == 0
    assert "pool" not in database["OPTIONS"]


def test_the_test_suite_neither_pools_nor_persists_unless_asked(env, tmp_path):
    env(DATABASE_URL=POSTGRES_URL)

    assert database_settings(data_dir=tmp_path, mode="test")["OPTIONS"] == {}
    assert database_settings(data_dir=tmp_path, mode="test")["CONN_MAX_AGE"] == 0
    env(DATABASE_POOL="true")
    assert database_settings(data_dir=tmp_path, mode="test")["OPTIONS"]["pool"]["max_size"] == 1


def test_pgbouncer_transaction_mode_drops_session_state(env, tmp_path):
    env(DATABASE_URL=POSTGRES_URL, DATABASE_PGBOUNCER="transaction")

    database = database_settings(data_dir=tmp_path, mode="production")

    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert database["OPTIONS"] == {
        "pool": {"min_size": 1, "max_size": 1, "timeout": 10},
        "prepare_threshold": None,
    }


def test_pgbouncer_transaction_mode_without_the_pool(env, tmp_path):
    env(DATABASE_URL=POSTGRES_URL, DATABASE_PGBOUNCER="Transaction", DATABASE_POOL="no")

    database = database_settings(data_dir=tmp_path, mode="production")

    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert database["OPTIONS"] == {"prepare_threshold": None}
    assert database["CONN_MAX_AGE"] == 600


def test_sqlite_has_no_pool(env, tmp_path):
    database = database_settings(data_dir=tmp_path, mode="demo")

    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "asiointi.sqlite3")
    assert database["CONN_MAX_AGE"] == 0
    assert database["OPTIONS"] == {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    assert database["TEST"] == {"NAME": str(tmp_path / "test.sqlite3")}


@pytest.mark.parametrize(
    "values,message",
    [
        (
            {"DATABASE_URL": POSTGRES_URL, "DATABASE_CONN_MAX_AGE": "600"},
            "DATABASE_CONN_MAX_AGE cannot be used with the connection pool",
        ),
        (
            {
                "DATABASE_URL": POSTGRES_URL,
                "DATABASE_POOL_MIN_SIZE": "3",
                "DATABASE_POOL_MAX_SIZE": "2",
            },
            "DATABASE_POOL_MIN_SIZE (3) cannot be more than DATABASE_POOL_MAX_SIZE (2)",
        ),
        (
            {"DATABASE_URL": POSTGRES_URL, "DATABASE_POOL_MAX_SIZE": "0"},
            "DATABASE_POOL_MAX_SIZE must be at least 1, not 0",
        ),
        (
            {"DATABASE_URL": POSTGRES_URL, "ASIOINTI_THREADS": "0"},
            "ASIOINTI_THREADS must be at least 1, not 0",
        ),
        (
            {"DATABASE_URL": POSTGRES_URL, "DATABASE_POOL": "sometimes"},
            "DATABASE_POOL must be true or false, not 'sometimes'",
        ),
        (
            {"DATABASE_URL": POSTGRES_URL, "DATABASE_PGBOUNCER": "statement"},
            "DATABASE_PGBOUNCER must be empty (no PgBouncer, or session pooling) or "
            "'transaction', not 'statement'",
        ),
        ({"DATABASE_POOL": "true"}, "DATABASE_POOL applies to PostgreSQL only"),
        ({"DATABASE_PGBOUNCER": "transaction"}, "DATABASE_PGBOUNCER applies to PostgreSQL only"),
    ],
)
def test_malformed_connection_settings_stop_the_start(env, tmp_path, values, message):
    env(**values)

    with pytest.raises(ImproperlyConfigured) as error:
        database_settings(data_dir=tmp_path, mode="demo")

    assert message in str(error.value)


@pytest.mark.parametrize(
    "values,warned",
    [
        ({"DATABASE_URL": POSTGRES_URL}, False),
        ({"DATABASE_URL": POSTGRES_URL, "DATABASE_POOL": "false"}, False),
        (
            {"DATABASE_URL": POSTGRES_URL, "DATABASE_POOL": "false", "DATABASE_CONN_MAX_AGE": "0"},
            True,
        ),
        ({}, False),  # SQLite: nothing to connect over the network
    ],
)
def test_check_deploy_warns_when_every_request_connects(env, tmp_path, values, warned):
    env(**values)

    warnings = database_connection_warnings(database_settings(data_dir=tmp_path, mode="demo"))

    assert [(type(w), w.id) for w in warnings] == ([(Warning, "database.W001")] if warned else [])


def test_the_connection_check_runs_with_deploy_only():
    assert database_connections_check in registry.get_checks(include_deployment_checks=True)
    assert database_connections_check not in registry.get_checks(include_deployment_checks=False)
