"""The ``asiointi`` command for operators.

``asiointi serve [--host H] [--port P] [--workers N]`` migrates, loads the demo data on the first
start (demo mode only) and serves with gunicorn. ``asiointi worker`` runs the background task
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
    """The demo's national registries (simulators/registries.py) in a child process on the
    ports of the registry URL settings; it ends with the server. A port already taken is
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
        [sys.executable, "-m", "simulators.registries", *ports, "--exit-with-parent"],
        cwd=settings.BASE_DIR.parent,
    )


def serve(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(
        prog="asiointi serve", description="Migrate, load demo data once, and serve."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    _django_setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    if settings.PRODUCTION:
        call_command("collectstatic", interactive=False, verbosity=0)
    else:
        from asiointi.organisation.models import Department

        if not Department.objects.exists():
            print("First start: loading the demo data …", flush=True)
            call_command("load_demo")
    if settings.START_REGISTRY_SIMULATORS and not settings.PRODUCTION:
        _start_registry_simulators(settings)
    print(f"Asiointi is at http://{args.host}:{args.port}/  (Ctrl+C stops it)", flush=True)
    os.execvp(  # noqa: S606 (replaces this process with gunicorn)
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "asiointi.wsgi:application",
            "--bind",
            f"{args.host}:{args.port}",
            "--workers",
            str(args.workers),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
        ],
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
