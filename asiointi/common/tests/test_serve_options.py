"""``asiointi serve``'s choice of web server: the command line each choice runs, and the flags'
defaults from the environment (docs/operating.md "Web server"). The servers themselves are
started in production mode in test_database_connections_production.py."""

import sys

import pytest

from asiointi.cli import _serve_arguments, server_command


@pytest.fixture
def env(monkeypatch):
    for name in ("ASIOINTI_SERVER", "ASIOINTI_WORKERS", "ASIOINTI_THREADS"):
        monkeypatch.delenv(name, raising=False)

    def set_env(**values: str) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def test_the_default_is_gunicorn_with_two_sync_workers(env):
    args = _serve_arguments([])

    assert (args.server, args.workers, args.threads) == ("gunicorn-sync", 2, 1)
    assert server_command(args.server, host="127.0.0.1", port=8000, workers=2, threads=1) == [
        sys.executable,
        "-m",
        "gunicorn",
        "asiointi.wsgi:application",
        "--bind",
        "127.0.0.1:8000",
        "--workers",
        "2",
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "10",
        "--no-control-socket",
    ]


def test_gthread_runs_gunicorn_with_threads(env):
    args = _serve_arguments(["--server", "gunicorn-gthread", "--workers", "3"])

    assert (args.server, args.workers, args.threads) == ("gunicorn-gthread", 3, 4)
    command = server_command(args.server, host="10.0.0.5", port=8080, workers=3, threads=4)
    assert command[2:] == [
        "gunicorn",
        "asiointi.wsgi:application",
        "--bind",
        "10.0.0.5:8080",
        "--workers",
        "3",
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "10",
        "--no-control-socket",
        "--worker-class",
        "gthread",
        "--threads",
        "4",
    ]


def test_granian_runs_the_wsgi_interface_with_blocking_threads(env):
    command = server_command("granian", host="10.0.0.5", port=8080, workers=2, threads=8)

    assert command == [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "--host",
        "10.0.0.5",
        "--port",
        "8080",
        "--workers",
        "2",
        "--blocking-threads",
        "8",
        "--no-ws",
        "--access-log",
        "--workers-kill-timeout",
        "10",
        "asiointi.wsgi:application",
    ]


def test_the_environment_gives_the_flags_defaults(env):
    env(ASIOINTI_SERVER="granian", ASIOINTI_WORKERS="5", ASIOINTI_THREADS="3")

    assert vars(_serve_arguments([])) == {
        "host": "127.0.0.1",
        "port": 8000,
        "server": "granian",
        "workers": 5,
        "threads": 3,
    }
    flags = _serve_arguments(["--server", "gunicorn-gthread", "--workers", "1", "--threads", "2"])
    assert (flags.server, flags.workers, flags.threads) == ("gunicorn-gthread", 1, 2)


@pytest.mark.parametrize(
    "argv,values,message",
    [
        (["--threads", "4"], {}, "gunicorn-sync serves one request at a time in each process"),
        ([], {"ASIOINTI_THREADS": "4"}, "gunicorn-sync serves one request at a time"),
        (["--server", "uwsgi"], {}, "invalid choice: 'uwsgi'"),
        ([], {"ASIOINTI_SERVER": "uwsgi"}, "ASIOINTI_SERVER must be one of gunicorn-sync"),
        ([], {"ASIOINTI_WORKERS": "two"}, "ASIOINTI_WORKERS must be a whole number"),
        (["--server", "granian", "--threads", "0"], {}, "--threads must be at least 1"),
    ],
)
def test_impossible_server_options_stop_with_a_message(env, capsys, argv, values, message):
    env(**values)

    with pytest.raises(SystemExit) as exit_:
        _serve_arguments(argv)

    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
