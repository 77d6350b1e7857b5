"""A PgBouncer of the test's own, in transaction pooling mode, in front of the local PostgreSQL.

Debian's ``pgbouncer`` (``./run test`` installs it; no system service is used) runs in a child
process with a configuration this module writes: it listens on a free port of 127.0.0.1 only,
trusts the ``postgres`` role as the local PostgreSQL does, and pools server connections per
transaction, as docs/operating.md ("Several machines") tells an operator to run it.

PgBouncer refuses to run as root ("PgBouncer should not run as root"). As root (CI, a container)
it is started with ``-u nobody``: it reads its configuration first and then drops to that user,
so the configuration may stay in a private temporary directory. As anyone else it runs as that
user.
"""

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from asiointi.testing.production_server import free_port, stop_process_group

PGBOUNCER = "/usr/sbin/pgbouncer"
START_TIMEOUT_SECONDS = 30


@dataclass
class PgBouncer:
    port: int
    process: subprocess.Popen
    log_path: Path

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        stop_process_group(self.process)


def _config(port: int, databases: list[str], users_file: Path) -> str:
    entries = "\n".join(f"{name} = host=127.0.0.1 port=5432 dbname={name}" for name in databases)
    return f"""[databases]
{entries}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {users_file}
pool_mode = transaction
max_client_conn = 200
default_pool_size = 10
"""


def start_pgbouncer(directory: Path, databases: list[str]) -> PgBouncer:
    """PgBouncer for ``databases`` (each on the local PostgreSQL under the same name); returns
    once a query through it is answered."""
    port = free_port()
    users_file = directory / "users.txt"
    users_file.write_text('"postgres" ""\n')
    config = directory / "pgbouncer.ini"
    config.write_text(_config(port, databases, users_file))
    as_user = ["-u", "nobody"] if os.geteuid() == 0 else []
    log_path = directory / "pgbouncer.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 (a fixed program, our own configuration)
            [PGBOUNCER, *as_user, str(config)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    bouncer = PgBouncer(port=port, process=process, log_path=log_path)
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"pgbouncer exited:\n{bouncer.log()}")
        try:
            with psycopg.connect(bouncer.url(databases[0]), connect_timeout=2) as connection:
                connection.execute("SELECT 1")
            return bouncer
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                bouncer.stop()
                raise RuntimeError(f"pgbouncer did not answer:\n{bouncer.log()}") from None
            time.sleep(0.2)
