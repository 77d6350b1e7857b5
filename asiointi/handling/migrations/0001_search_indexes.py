"""Trigram indexes for the handlers' search (PostgreSQL only).

The search matches any part of a record number or a name (``icontains``, which PostgreSQL runs
as ``UPPER(column::text) LIKE UPPER(%s)``); a GIN index with trigram operators over the same
expression answers it without reading a million rows. SQLite has no such index and scans, which
is fine at the embedded mode's size. ``pg_trgm`` ships with PostgreSQL; creating the extension
needs a role allowed to do so (docs/operating.md).
"""

from django.db import migrations

INDEXES = [
    ("case_record_trgm_idx", "cases_case", "record_number"),
    ("user_first_name_trgm_idx", "accounts_user", "first_name"),
    ("user_last_name_trgm_idx", "accounts_user", "last_name"),
    ("organisation_name_trgm_idx", "accounts_applicantorganisation", "name"),
    ("organisation_business_id_trgm_idx", "accounts_applicantorganisation", "business_id"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "  # noqa: S608 - constants above
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_queue_sort_indexes"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
