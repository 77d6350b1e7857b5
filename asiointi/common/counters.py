"""Counters in the database, incremented in one statement.

``increment`` runs ``INSERT … ON CONFLICT (keys) DO UPDATE SET field = field + 1 RETURNING
field``: it creates the row at 1 or adds one to it and says the new value, in a single round trip
(PostgreSQL, and SQLite from 3.35; Django's ORM cannot return a value from an upsert). The
statement takes the row's write lock, so concurrent callers are counted exactly: each sees its own
value, and inside a transaction the lock is held until it ends (record numbers rely on that to
stay gap-free). Used by the rate limiter (common/ratelimit.py) and record numbers
(cases/record_numbers.py).
"""

from django.db import connection
from django.db.models import Model


def increment(model: type[Model], *, keys: dict, field: str) -> int:
    """Add one to ``field`` of the ``model`` row identified by ``keys``, creating it at 1.

    ``keys`` must be exactly the fields of a unique constraint (or the primary key) of
    ``model``; every other column needs a database default or must be nullable.
    """
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    key_columns = [quote(model._meta.get_field(name).column) for name in keys]
    column = quote(model._meta.get_field(field).column)
    sql = (
        f"INSERT INTO {table} ({', '.join(key_columns)}, {column}) "  # noqa: S608 (names are quoted model metadata)
        f"VALUES ({', '.join(['%s'] * len(keys))}, 1) "
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {column} = {table}.{column} + 1 "
        f"RETURNING {column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(keys.values()))
        # fetchall, not fetchone: SQLite finishes (and in autocommit mode commits) the statement
        # only once its rows have been read to the end.
        ((value,),) = cursor.fetchall()
    return value
