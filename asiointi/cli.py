"""The ``asiointi`` command for operators.

``asiointi serve [--host H] [--port P] [--workers N] [--threads T] [--server S]`` migrates, loads
the demo data on the first start (demo mode only) and serves with gunicorn (sync or gthread
workers) or granian (docs/operating.md "Web server"). ``asiointi worker`` runs the background task
worker. Anything else is a Django management command: ``asiointi migrate``,
``asiointi createsuperuser``, ``asiointi load_demo``, …
"""

import argparse
import os
import sys

MINIMUM_PYTHON = (3, 12)


def _check_python() -> None:
    if sys.version_info < MINIMUM_PYTHON:
        sys.exit(
            f"Asiointi needs Python {'.'.join(map(str, MINIMUM_PYTHON))} or newer; this is "
            f"{sys.version.split()[0]}. Install python3.12 or python3.13."
        )


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asiointi.settings")
    import django

    django.setup()


def _start_registry_simulators(settings) -> None:
    """The demo's national registries (asiointi/simulators/registries.py) in a child process on
    the ports of the registry URL settings; it ends with the server. A port already taken is
    reported by the simulators themselves, and the server starts anyway."""
    import subprocess
    from urllib.parse import urlsplit

    ports = []
    for option, url in (
        ("--incomes-port", settings.INCOMES_REGISTER_URL),
        ("--tax-port", settings.TAX_REGISTRY_URL),
        ("--population-port", settings.POPULATION_REGISTRY_URL),
    ):
        parts = urlsplit(url)
        if parts.hostname not in ("127.0.0.1", "localhost") or parts.port is None:
            print(f"Registry simulators not started: {url} is not a local address with a port.")
            return
        ports += [option, str(parts.port)]
    print("Starting the registry simulators (Incomes Register, Tax, Population) …", flush=True)
    subprocess.Popen(  # noqa: S603 (our own module, fixed arguments)
        [sys.executable, "-m", "asiointi.simulators.registries", *ports, "--exit-with-parent"]
    )


SERVERS = ("gunicorn-sync", "gunicorn-gthread", "granian")
# Seconds a stopping server gives the requests in progress before it kills its workers.
GRACEFUL_SECONDS = 10


def server_command(server: str, *, host: str, port: int, workers: int, threads: int) -> list[str]:
    """The command line of ``server`` serving Asiointi's WSGI application, its access log on
    standard output. Each stops gracefully on SIGTERM (or Ctrl+C): no new connections, the
    requests in progress get GRACEFUL_SECONDS to finish."""
    if server == "granian":
        return [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "--host",
            host,
            "--port",
            str(port),
            "--workers",
            str(workers),
            # WSGI requests run in these threads; granian's own (Rust) threads do the I/O.
            "--blocking-threads",
            str(threads),
            "--no-ws",
            "--access-log",
            "--workers-kill-timeout",
            str(GRACEFUL_SECONDS),
            "asiointi.wsgi:application",
        ]
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "asiointi.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--graceful-timeout",
        str(GRACEFUL_SECONDS),
        # gunicorn 27's control socket is one path per user (~/.gunicorn/gunicorn.ctl): two
        # servers on one host would share it. Asiointi is stopped with signals, not through it.
        "--no-control-socket",
    ]
    if server == "gunicorn-gthread":
        command += ["--worker-class", "gthread", "--threads", str(threads)]
    return command


def _serve_arguments(argv: list[str]) -> argparse.Namespace:
    """The flags, with ASIOINTI_SERVER, ASIOINTI_WORKERS and ASIOINTI_THREADS as their defaults."""
    from django.core.exceptions import ImproperlyConfigured

    from asiointi.common.env import env_choice, env_int

    parser = argparse.ArgumentParser(
        prog="asiointi serve", description="Migrate, load demo data once, and serve."
    )
    try:
        default_server = env_choice("ASIOINTI_SERVER", "gunicorn-sync", SERVERS)
        default_workers = env_int("ASIOINTI_WORKERS", 2, minimum=1)
        default_threads = env_int("ASIOINTI_THREADS", 0, minimum=1) or None
    except ImproperlyConfigured as error:
        parser.error(str(error))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--server", choices=SERVERS, default=default_server)
    parser.add_argument(
        "--workers", type=int, default=default_workers, help="processes (default 2)"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=default_threads,
        help="requests each process serves at once (default 1 for gunicorn-sync, else 4)",
    )
    args = parser.parse_args(argv)
    if args.threads is None:
        args.threads = 1 if args.server == "gunicorn-sync" else 4
    if args.workers < 1 or args.threads < 1:
        parser.error("--workers and --threads must be at least 1")
    if args.server == "gunicorn-sync" and args.threads != 1:
        # gunicorn would quietly switch such workers to gthread.
        parser.error(
            "gunicorn-sync serves one request at a time in each process: use "
            "--server gunicorn-gthread or granian for --threads above 1"
        )
    return args


def _close_database_connections() -> None:
    """Before exec: the server's processes open their own connections (and pools)."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()


def _port_in_use(host: str, port: int) -> bool:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def serve(argv: list[str]) -> None:
    args = _serve_arguments(argv)
    # Said once and at once, before migrating (the server would retry and repeat itself).
    if _port_in_use(args.host, args.port):
        print(
            f"Port {args.port} on {args.host} is already in use. Stop the program that uses it, "
            f"or choose another port: ./run demo --port {args.port + 1} "
            f"(or asiointi serve --port {args.port + 1}).",
            file=sys.stderr,
        )
        sys.exit(1)
    # The settings of the server's processes size the database pool to their threads.
    os.environ["ASIOINTI_THREADS"] = str(args.threads)
    _django_setup()
    from django.conf import settings
    from django.core.management import call_command

    # Production's log lists the migrations applied; the demo says it in one line.
    if not settings.PRODUCTION:
        print(f"Preparing the database in {settings.DATA_DIR} …", flush=True)
    call_command("migrate", interactive=False, verbosity=1 if settings.PRODUCTION else 0)
    if settings.PRODUCTION:
        call_command("collectstatic", interactive=False, verbosity=0)
    else:
        from asiointi.organisation.models import Department

        if not Department.objects.exists():
            print("First start: loading the demo data …", flush=True)
            call_command("load_demo")
    if settings.START_REGISTRY_SIMULATORS and not settings.PRODUCTION:
        _start_registry_simulators(settings)
    _close_database_connections()
    mailer = settings.MAILERS["default"]
    if mailer["BACKEND"].endswith("filebased.EmailBackend"):
        print(f"Emails are written to {mailer['OPTIONS']['file_path']}", flush=True)
    print(
        f"Asiointi is at http://{args.host}:{args.port}/  ({args.server}, {args.workers} "
        f"processes × {args.threads} threads; Ctrl+C stops it)",
        flush=True,
    )
    os.execvp(  # noqa: S606 (replaces this process with the web server)
        sys.executable,
        server_command(
            args.server,
            host=args.host,
            port=args.port,
            workers=args.workers,
            threads=args.threads,
        ),
    )


def main(argv: list[str] | None = None) -> None:
    _check_python()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "serve":
        serve(argv[1:])
        return
    if argv and argv[0] == "worker":
        argv = ["db_worker", *argv[1:]]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asiointi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["asiointi", *argv])


if __name__ == "__main__":
    main()
