"""The floor: the least a Django project on the same server and database can do per request.

A one-file Django 6.1 project (settings, URLs and views here; ``floor_wsgi.py`` is its WSGI entry)
that bench/http_bench.py serves with exactly the server command, workers and threads it gives
Asiointi, on its own database in the same PostgreSQL server. Each view is one measurement's
irreducible work, with nothing of Asiointi's (no sessions, authentication, templates, CSP or
audit):

- ``POST /insert``  one ``INSERT … RETURNING id`` of the posted form, answered with JSON (201);
- ``GET /one/<id>`` one read by primary key, as JSON;
- ``GET /list?n=N`` N rows (at most 1,000) in id order, serialised as a JSON list;
- ``GET /healthz``  no database, for the start-up check.

The middleware is Django's ``SecurityMiddleware`` and ``CommonMiddleware`` only. The database
connection is configured like Asiointi's under test: ``FLOOR_DATABASE_URL`` names the database and
``FLOOR_DATABASE_SETTINGS`` (JSON: ``CONN_MAX_AGE``, ``CONN_HEALTH_CHECKS``, ``pool``) carries
what Asiointi's settings resolved to, so both persist connections (or pool them) the same way.
"""

import json
import os

import dj_database_url
from django.db import connection
from django.http import HttpResponseBadRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

TABLE = "floor_item"
COLUMNS = (
    "id",
    "title",
    "description",
    "status",
    "address",
    "lat",
    "long",
    "service_code",
    "received_at",
    "updated_at",
)
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {TABLE} (
    id bigserial PRIMARY KEY,
    title varchar(200) NOT NULL,
    description text NOT NULL,
    status varchar(20) NOT NULL,
    address varchar(300) NOT NULL,
    lat numeric(9, 6),
    long numeric(9, 6),
    service_code varchar(50) NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
)
"""

# --- Settings ----------------------------------------------------------------------------------

SECRET_KEY = os.environ.get("FLOOR_SECRET_KEY", "floor-bench-only-not-a-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS: list[str] = []
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
USE_TZ = True
TIME_ZONE = "Europe/Helsinki"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _database() -> dict:
    database = dj_database_url.parse(
        os.environ.get("FLOOR_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/floor_bench")
    )
    mirrored = json.loads(os.environ.get("FLOOR_DATABASE_SETTINGS") or "{}")
    database["CONN_MAX_AGE"] = mirrored.get("CONN_MAX_AGE", 0)
    database["CONN_HEALTH_CHECKS"] = mirrored.get("CONN_HEALTH_CHECKS", False)
    if mirrored.get("pool"):
        database.setdefault("OPTIONS", {})["pool"] = mirrored["pool"]
    return database


DATABASES = {"default": _database()}

# --- Views -------------------------------------------------------------------------------------


def _rows(cursor) -> list[dict]:
    return [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]


@csrf_exempt
def insert(request):
    if request.method != "POST":
        return HttpResponseBadRequest("POST only")
    form = request.POST
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (title, description, status, address, lat, long, service_code)"  # noqa: S608
            " VALUES (%s, %s, 'open', %s, %s, %s, %s) RETURNING id",
            [
                form.get("title", "")[:200],
                form.get("description", ""),
                form.get("address_string", "")[:300],
                form.get("lat") or None,
                form.get("long") or None,
                form.get("service_code", "")[:50],
            ],
        )
        (new_id,) = cursor.fetchone()
    return JsonResponse([{"service_request_id": new_id}], safe=False, status=201)


def one(request, item_id: int):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} WHERE id = %s", [item_id])  # noqa: S608
        rows = _rows(cursor)
    if not rows:
        return JsonResponse({"error": "not found"}, status=404)
    return JsonResponse(rows, safe=False)


def listing(request):
    try:
        count = max(1, min(int(request.GET.get("n", "500")), 1000))
    except ValueError:
        return HttpResponseBadRequest("n must be a number")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(COLUMNS)} FROM {TABLE} ORDER BY id LIMIT %s",  # noqa: S608
            [count],
        )
        rows = _rows(cursor)
    return JsonResponse(rows, safe=False)


def healthz(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("insert", insert),
    path("one/<int:item_id>", one),
    path("list", listing),
    path("healthz", healthz),
]


# --- Data --------------------------------------------------------------------------------------


def prepare(database_url: str, rows: int) -> None:
    """Create the table (if missing) and make sure it has at least ``rows`` rows to read."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as db:
        db.execute(SCHEMA)
        (have,) = db.execute(f"SELECT count(*) FROM {TABLE}").fetchone()  # noqa: S608
        if have < rows:
            db.execute(
                f"INSERT INTO {TABLE} (title, description, status, address, lat, long, "  # noqa: S608
                "service_code) SELECT 'Katuvalo ' || n, 'Katuvalo on ollut rikki jo kaksi "
                "viikkoa ja pyörätie on pimeä. ' || n, 'closed', 'Hämeentie ' || (n %% 120), "
                "60.15 + (n %% 1000) / 10000.0, 24.85 + (n %% 1000) / 10000.0, 'katuvalot' "
                "FROM generate_series(1, %s) AS n",
                [rows - have],
            )
        db.execute(f"ANALYZE {TABLE}")
