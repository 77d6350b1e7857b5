"""What a request costs the database: its statements and its commits (issue 15).

``assert_database_work(queries=N, commits=M)`` around one request asserts both exactly.

Statements are observed with ``connection.execute_wrapper``, which sees every statement Django
sends, logged or not. ``BEGIN`` is left out of the figure: Django sends it itself on SQLite (the
IMMEDIATE transaction mode) while psycopg sends it implicitly on PostgreSQL, so counting it would
only make the engines differ by one. Savepoints are counted: each is a round trip.

Commits are not statements in Django's log: ``atomic()`` ends its outermost block by calling
``connection.commit()`` (``Atomic.__exit__`` in django/db/transaction.py), which commits through
the driver. The helper wraps that method with ``mock.patch.object(..., wraps=...)`` — it observes
Django and changes nothing in our code — and adds every writing statement run outside an atomic
block: in autocommit mode each of those is a transaction and a commit of its own.

The figures are truthful only where real commits happen. Under pytest-django's default
``django_db`` a test runs inside a transaction, so a request's outermost ``atomic()`` is only a
savepoint and nothing commits; tests that count commits use ``django_db(transaction=True)``, and
the helper refuses to count inside an atomic block rather than report zero.
"""

import contextlib
import dataclasses
from collections.abc import Iterator
from unittest import mock

from django.db import DEFAULT_DB_ALIAS, connections

_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@dataclasses.dataclass
class DatabaseWork:
    statements: list[str] = dataclasses.field(default_factory=list)
    autocommitted_writes: int = 0
    explicit_commits: int = 0

    @property
    def queries(self) -> int:
        return len(self.statements)

    @property
    def commits(self) -> int:
        return self.explicit_commits + self.autocommitted_writes

    def describe(self) -> str:
        lines = [f"{self.queries} queries, {self.commits} commits:"]
        lines += [f"  {number}. {sql}" for number, sql in enumerate(self.statements, 1)]
        return "\n".join(lines)


@contextlib.contextmanager
def count_database_work(using: str = DEFAULT_DB_ALIAS) -> Iterator[DatabaseWork]:
    """Count the statements and commits on the ``using`` connection inside the block."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise AssertionError(
            "Commits cannot be counted inside a transaction: use django_db(transaction=True)."
        )
    work = DatabaseWork()

    def observe(execute, sql, params, many, context):
        text = sql.lstrip().upper()
        if not text.startswith("BEGIN"):
            work.statements.append(sql)
            if not connection.in_atomic_block and text.startswith(_WRITES):
                work.autocommitted_writes += 1
        return execute(sql, params, many, context)

    with (
        connection.execute_wrapper(observe),
        mock.patch.object(connection, "commit", wraps=connection.commit) as commit,
    ):
        yield work
        work.explicit_commits = commit.call_count


@contextlib.contextmanager
def assert_database_work(*, queries: int, commits: int) -> Iterator[DatabaseWork]:
    """Assert that the block runs exactly ``queries`` statements and ``commits`` commits."""
    with count_database_work() as work:
        yield work
    assert (work.queries, work.commits) == (queries, commits), work.describe()
