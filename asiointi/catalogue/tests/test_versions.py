"""The catalogue version triggers are installed after every migrate, also by several processes
migrating one database at once (asiointi/catalogue/versions.py)."""

import threading

import pytest
from django.db import connection

from asiointi.catalogue.versions import install_triggers

STARTING_AT_ONCE = 6


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_processes_migrating_at_once_install_the_triggers_in_turn():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    start = threading.Barrier(STARTING_AT_ONCE)
    errors: list[BaseException] = []

    def migrated() -> None:
        try:
            start.wait()
            install_triggers()
        except BaseException as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=migrated) for _ in range(STARTING_AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname = 'catalogue_version_bump' "
            "AND NOT tgisinternal"
        )
        assert cursor.fetchone()[0] == 3
