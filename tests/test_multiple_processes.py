"""Nothing ties Asiointi to one machine (issue 15).

Two web processes (``asiointi serve`` in production mode, each with a data directory of its own,
as on two machines) and two task workers (``asiointi worker``) share one PostgreSQL database
through PgBouncer in transaction pooling mode (``DATABASE_PGBOUNCER=transaction``) and one
S3-compatible bucket for attachments (moto's server on 127.0.0.1). Migrations are run once,
directly against PostgreSQL, before anything starts, as docs/operating.md ("Several machines")
tells an operator to. Uploads are scanned by the test session's one clamd, shared by both web
processes; email goes to files in one folder, the test's stand-in for the mail server.

Each test proves something an operator relies on when running several machines: a file stored
through one machine is served by another; a task queued by one machine is done once; a rate
limit counts across machines; a machine that dies loses nothing it had answered. The last two
tests kill web process A and worker 1 for good, so they run last; the others use either.

The test talks to the processes over HTTP only; what they stored it reads directly from
PostgreSQL and from the bucket. It runs once, in the PostgreSQL pass of ``./run test``.
"""

import concurrent.futures
import email.policy
import json
import os
import threading
import time
from dataclasses import dataclass
from email import message_from_string
from email.message import EmailMessage
from pathlib import Path

import psycopg
import pytest
import requests

from asiointi.simulators import oidc_provider
from asiointi.testing.fixtures import PDF_BYTES
from asiointi.testing.object_storage import S3Server, start_s3_server
from asiointi.testing.pgbouncer import PgBouncer, start_pgbouncer
from asiointi.testing.production_server import (
    ProductionServer,
    create_database,
    drop_database,
    operator_env,
    spawn,
    start_serve,
    start_worker,
    stop_process_group,
)

pytestmark = [
    pytest.mark.multiprocess,
    pytest.mark.postgres_only,
    # One pytest-xdist worker runs them all, on one set of processes, in this order.
    pytest.mark.xdist_group("multiple_processes"),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL and PgBouncer; runs once, in the PostgreSQL pass of ./run test",
    ),
]

BUCKET = "asiointi-attachments"
FEEDBACK_SERVICE = "katujen-kunnossapito"
RECEIPT_TASK = "asiointi.feedback.tasks.send_receipt"
WORKERS = ("worker-1", "worker-2")
# Aino's token at the residents' identity provider (DEMO_TOKENS of
# asiointi/simulators/oidc_provider.py).
BEARER = {"Authorization": "Bearer demo-token-aino"}
RATE_LIMIT = 5
TASK_TIMEOUT_SECONDS = 60
IN_FLIGHT = "Lennossa: kuoppa pyörätiellä."

# Run once, directly on PostgreSQL: the catalogue (grant calls, feedback services) and one
# Open311 key per test, so that each test's posts count against a rate limit of their own.
SETUP = """
import json
from asiointi.catalogue.demo import load_catalogue
from asiointi.catalogue.models import GrantCall
from asiointi.feedback.open311.keys import api_client_create
load_catalogue()
keys = {name: api_client_create(name=name)[1] for name in ("tasks", "rate", "web", "worker")}
call = GrantCall.objects.get(service__code="yleisavustus").pk
print(json.dumps({"grant_call": call, "keys": keys}))
"""


@dataclass
class Cluster:
    web_a: ProductionServer
    web_b: ProductionServer
    workers: dict  # worker id → its process
    bouncer: PgBouncer
    s3: S3Server
    direct_database_url: str
    mail_dir: Path
    grant_call: int
    keys: dict[str, str]

    def query(self, sql: str, params=()) -> list[tuple]:
        """What is stored, read directly from PostgreSQL (not through the processes)."""
        with psycopg.connect(self.direct_database_url) as connection:
            return connection.execute(sql, params).fetchall()

    def receipt_tasks(self, emails: list[str]) -> list[tuple]:
        """(email, status, worker ids) of every receipt task of feedback from ``emails``."""
        return self.query(
            "SELECT f.contact_email, t.status, t.worker_ids"
            " FROM django_tasks_database_dbtaskresult t"
            " JOIN feedback_feedback f ON f.id = (t.args_kwargs -> 'args' ->> 0)::bigint"
            " WHERE t.task_path = %s AND f.contact_email = ANY(%s) ORDER BY f.contact_email",
            (RECEIPT_TASK, emails),
        )

    def wait_until_receipts_done(self, emails: list[str]) -> list[tuple]:
        deadline = time.monotonic() + TASK_TIMEOUT_SECONDS
        while True:
            rows = self.receipt_tasks(emails)
            finished = [row for row in rows if row[1] in ("SUCCESSFUL", "FAILED")]
            if len(finished) >= len(emails) or time.monotonic() > deadline:
                return rows
            time.sleep(0.3)

    def emails_to(self, address: str) -> list[EmailMessage]:
        """The messages sent to ``address``, from the files of Django's file backend."""
        messages = []
        for path in sorted(self.mail_dir.glob("*.log")):
            # The file backend writes each message followed by a line of 79 dashes.
            for raw in path.read_text().split("-" * 79 + "\n"):
                message = message_from_string(raw.lstrip(), policy=email.policy.default)
                if raw.strip() and message["To"] == address:
                    messages.append(message)
        return messages


def open311_fields(key: str, **fields: str) -> dict[str, str]:
    return {
        "api_key": key,
        "service_code": FEEDBACK_SERVICE,
        "lat": "60.1699",
        "long": "24.9384",
        "description": "Pyörätiellä on syvä kuoppa.",
        **fields,
    }


def open311_post(web: ProductionServer, key: str, **fields: str) -> requests.Response:
    return requests.post(
        f"{web.url}/open311/v2/requests.json", data=open311_fields(key, **fields), timeout=60
    )


def _run(env: dict[str, str], log_path: Path, *args: str) -> str:
    process = spawn(list(args), env, log_path)
    assert process.wait(timeout=300) == 0, log_path.read_text()
    return log_path.read_text()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, clamd_server):
    directory = tmp_path_factory.mktemp("machines")
    database = create_database("asiointi_multi")
    started: list = []
    workers: dict = {}  # worker id → its process
    # Its default tokens include Aino's bearer token (DEMO_TOKENS).
    provider = oidc_provider.start()
    try:
        s3 = start_s3_server(directory)
        started.append(s3)
        s3.create_private_bucket(BUCKET)
        bouncer = start_pgbouncer(directory, [database])
        started.append(bouncer)
        mail_dir = directory / "mail"
        shared = {
            "DATABASE_URL": bouncer.url(database),
            "DATABASE_PGBOUNCER": "transaction",
            "ASIOINTI_TASKS": "database",
            "ASIOINTI_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "ASIOINTI_EMAIL_FILE_PATH": str(mail_dir),
            "ASIOINTI_ANTIVIRUS_SCANNER": "clamd",
            "ASIOINTI_CLAMD_SOCKET": clamd_server.socket_path,
            "ASIOINTI_OPEN311_POST_RATE_LIMIT": f"{RATE_LIMIT}/86400",
            **s3.settings(BUCKET),
            **provider.settings("OIDC_RESIDENT_"),
        }

        def machine(name: str) -> dict[str, str]:
            return operator_env(directory / name, shared)

        # Migrations and the set-up go directly to PostgreSQL, not through PgBouncer.
        direct_url = f"postgres://postgres@127.0.0.1:5432/{database}"
        admin = {**machine("admin"), "DATABASE_URL": direct_url}
        for name in ("admin", "web-a", "web-b", *WORKERS):
            (directory / name).mkdir()
        _run(admin, directory / "migrate.log", "migrate", "--no-input", "-v", "0")
        setup = json.loads(
            _run(admin, directory / "setup.log", "shell", "-c", SETUP).splitlines()[-1]
        )

        with concurrent.futures.ThreadPoolExecutor(2) as pool:
            starting = [
                pool.submit(start_serve, directory / name, machine(name), workers=1)
                for name in ("web-a", "web-b")
            ]
        started += [future.result() for future in starting if future.exception() is None]
        web_a, web_b = (future.result() for future in starting)
        for worker_id in WORKERS:
            log_path = directory / worker_id / "worker.log"
            workers[worker_id] = start_worker(machine(worker_id), log_path, worker_id)
        yield Cluster(
            web_a=web_a,
            web_b=web_b,
            workers=workers,
            bouncer=bouncer,
            s3=s3,
            direct_database_url=direct_url,
            mail_dir=mail_dir,
            grant_call=setup["grant_call"],
            keys=setup["keys"],
        )
    finally:
        for process in workers.values():
            stop_process_group(process)
        for each in reversed(started):
            each.stop()
        provider.stop()
        drop_database(database)


def test_an_attachment_uploaded_through_one_web_process_downloads_through_the_other(cluster):
    created = requests.post(
        f"{cluster.web_a.url}/api/v1/applications",
        json={"grant_call_id": cluster.grant_call},
        headers=BEARER,
        timeout=60,
    )
    assert created.status_code == 201, created.text
    case_id = created.json()["id"]
    uploaded = requests.post(
        f"{cluster.web_a.url}/api/v1/applications/{case_id}/attachments",
        files={"file": ("talousarvio.pdf", PDF_BYTES, "application/pdf")},
        data={"kind": "budget"},
        headers=BEARER,
        timeout=60,
    )
    assert uploaded.status_code == 201, uploaded.text

    # In the bucket, and in no machine's own data directory.
    stored = cluster.s3.objects(BUCKET)
    assert list(stored.values()) == [PDF_BYTES]
    (key,) = stored
    assert not (Path(cluster.web_a.env["ASIOINTI_DATA_DIR"]) / "attachments").exists()
    # The bucket is private: no grant beyond its owner, and no anonymous read.
    grants = cluster.s3.client().get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    anonymous = requests.get(f"{cluster.s3.endpoint_url}/{BUCKET}/{key}", timeout=30)
    assert anonymous.status_code == 403

    downloaded = requests.get(
        f"{cluster.web_b.url}/api/v1/applications/{case_id}/attachments/"
        f"{uploaded.json()['id']}/content",
        headers=BEARER,
        allow_redirects=False,
        timeout=60,
    )
    # Streamed by web process B itself through the access check, not a redirect to the bucket.
    assert downloaded.status_code == 200
    assert downloaded.headers["Content-Type"] == "application/pdf"
    assert downloaded.content == PDF_BYTES


def test_a_task_queued_through_one_web_process_is_done_once_by_one_worker(cluster):
    answer = open311_post(cluster.web_a, cluster.keys["tasks"], email="tasks@example.com")
    assert answer.status_code == 200, answer.text
    tracking_code = answer.json()[0]["token"]

    [(_, status, worker_ids)] = cluster.wait_until_receipts_done(["tasks@example.com"])
    assert status == "SUCCESSFUL"
    # Claimed once, by one of the two workers.
    assert len(worker_ids) == 1
    assert worker_ids[0] in WORKERS
    [receipt] = cluster.emails_to("tasks@example.com")
    assert tracking_code in receipt.get_body().get_content()


def test_a_rate_limit_counts_requests_to_every_web_process(cluster):
    key = cluster.keys["rate"]
    webs = [cluster.web_a, cluster.web_b] * 4
    statuses = [
        open311_post(web, key, description=f"Rajoitustesti {number}: kuoppa.").status_code
        for number, web in enumerate(webs[: RATE_LIMIT + 2])
    ]
    # Alternating A, B, A, …: the sixth and seventh are refused, by B and by A.
    assert statuses == [200] * RATE_LIMIT + [429, 429]
    stored = cluster.query(
        "SELECT count(*) FROM feedback_feedback WHERE description LIKE 'Rajoitustesti %%'"
    )
    assert stored == [(RATE_LIMIT,)]


def test_killing_a_web_process_loses_nothing_it_answered(cluster):
    key = cluster.keys["web"]
    answered = []
    # Two, so that with the request in flight, its retry and one after, the key stays within
    # its rate limit of five.
    for number in range(2):
        answer = open311_post(cluster.web_a, key, description=f"Konetesti {number}: kuoppa.")
        assert answer.status_code == 200, answer.text
        answered.append(answer.json()[0]["service_request_id"])

    # A request in flight when the machine dies: the client (a load balancer) retries it on
    # another machine with the same Idempotency-Key, and it is stored exactly once.
    idempotency = {"Idempotency-Key": "7d1f3c2a-5b6e-4f80-9a1b-2c3d4e5f6a7b"}
    in_flight = {}

    def send_to_a() -> None:
        try:
            in_flight["answer"] = requests.post(
                f"{cluster.web_a.url}/open311/v2/requests.json",
                data=open311_fields(key, description=IN_FLIGHT),
                headers=idempotency,
                timeout=60,
            )
        except requests.ConnectionError as error:
            in_flight["error"] = error

    sender = threading.Thread(target=send_to_a)
    sender.start()
    time.sleep(0.05)
    stop_process_group(cluster.web_a.process, kill=True)
    sender.join(timeout=60)
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{cluster.web_a.url}/healthz", timeout=5)

    retried = requests.post(
        f"{cluster.web_b.url}/open311/v2/requests.json",
        data=open311_fields(key, description=IN_FLIGHT),
        headers=idempotency,
        timeout=60,
    )
    assert retried.status_code == 200, retried.text
    if "answer" in in_flight:  # A answered before it died: the retry gets that answer
        assert retried.json() == in_flight["answer"].json()
    stored = cluster.query(
        "SELECT count(*) FROM feedback_feedback WHERE description = %s", (IN_FLIGHT,)
    )
    assert stored == [(1,)]

    # B serves everything A had answered, and goes on taking new feedback.
    for request_id in answered:
        shown = requests.get(
            f"{cluster.web_b.url}/open311/v2/requests/{request_id}.json", timeout=60
        )
        assert shown.status_code == 200
        assert [item["service_request_id"] for item in shown.json()] == [request_id]
    assert requests.get(f"{cluster.web_b.url}/readyz", timeout=30).status_code == 200
    after = open311_post(cluster.web_b, key, description="Konetesti jälkeen: kuoppa.")
    assert after.status_code == 200, after.text


def test_killing_a_worker_loses_no_queued_task(cluster):
    dead, alive = WORKERS
    stop_process_group(cluster.workers[dead], kill=True)
    # Queued after the kill: no task can be claimed by the dead worker. (A task a worker was
    # running when it died stays RUNNING in django-tasks-db; docs/operating.md says what to do.)
    emails = [f"worker-{number}@example.com" for number in range(4)]
    for address in emails:
        answer = open311_post(cluster.web_b, cluster.keys["worker"], email=address)
        assert answer.status_code == 200, answer.text

    rows = cluster.wait_until_receipts_done(emails)
    assert rows == [(address, "SUCCESSFUL", [alive]) for address in emails]
    for address in emails:
        assert len(cluster.emails_to(address)) == 1
