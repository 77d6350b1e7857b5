"""``asiointi check --deploy``: PostgreSQL connections are reused between requests."""

from django.conf import settings
from django.core.checks import Warning, register

from asiointi.common.database_settings import is_postgresql


# Not Tags.database: Django runs those only with --database, and this one reads settings only.
@register(deploy=True)
def database_connections_check(app_configs, **kwargs):
    return database_connection_warnings(settings.DATABASES["default"])


def database_connection_warnings(database: dict) -> list[Warning]:
    if not is_postgresql(database):
        return []
    if database.get("OPTIONS", {}).get("pool") or database.get("CONN_MAX_AGE", 0) != 0:
        return []
    return [
        Warning(
            "Every request opens a new PostgreSQL connection: neither the connection pool "
            "(DATABASE_POOL) nor persistent connections (DATABASE_CONN_MAX_AGE) are on.",
            hint="Unset DATABASE_POOL (the pool is the default), or set DATABASE_POOL=false "
            "with DATABASE_CONN_MAX_AGE=600 (docs/operating.md, Database connections).",
            id="database.W001",
        )
    ]
