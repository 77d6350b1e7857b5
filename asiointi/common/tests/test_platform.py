"""The platform as an operator meets it: health checks, settings, modes and the command line."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import translation

from asiointi.accounts.demo import load_people
from asiointi.common.env import env_bool, env_int
from asiointi.testing.fixtures import en
from asiointi.testing.production_server import START_TIMEOUT_SECONDS

ROOT = Path(__file__).resolve().parents[3]
ASIOINTI = str(Path(sys.executable).parent / "asiointi")

PRODUCTION_ENV = {
    "ASIOINTI_ENV": "production",
    "SECRET_KEY": "x7Hq9!vR2#mT5pL8wZ3nK6jB1cF4gD0sA-eY7uI9oP2qW5rT8yU1iO4pL7kJ0hG3fD6sA9",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "ALLOWED_HOSTS": "asiointi.example.fi",
    # A real scanner; the tests that need it answering set ASIOINTI_CLAMD_SOCKET to the test clamd.
    "ASIOINTI_ANTIVIRUS_SCANNER": "clamd",
    **{
        f"OIDC_{kind}_{key}": f"https://{host}/{key.lower()}"
        for kind, host in (("RESIDENT", "tunnistus.example.fi"), ("STAFF", "login.example.fi"))
        for key in (
            "AUTHORIZATION_ENDPOINT",
            "TOKEN_ENDPOINT",
            "USER_ENDPOINT",
            "JWKS_ENDPOINT",
            "END_SESSION_ENDPOINT",
        )
    },
    "OIDC_RESIDENT_CLIENT_ID": "asiointi",
    "OIDC_RESIDENT_CLIENT_SECRET": "secret",
    "OIDC_STAFF_CLIENT_ID": "asiointi-staff",
    "OIDC_STAFF_CLIENT_SECRET": "secret",
}


def clean_env(tmp_path, **overrides) -> dict:
    """The environment of a fresh operator shell: none of the test run's settings leak in."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("ASIOINTI_", "DATABASE_URL", "DJANGO_SETTINGS"))
    }
    env.update({"ASIOINTI_DATA_DIR": str(tmp_path)}, **overrides)
    return env


def run_asiointi(*args, env_overrides: dict, tmp_path) -> subprocess.CompletedProcess:
    env = clean_env(tmp_path, **env_overrides)
    return subprocess.run(
        [ASIOINTI, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=False,
    )


@pytest.mark.django_db
def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ok"}


def test_production_mode_passes_check_deploy(tmp_path, clamd_server):
    result = run_asiointi(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={**PRODUCTION_ENV, "ASIOINTI_CLAMD_SOCKET": clamd_server.socket_path},
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "change,message",
    [
        (
            {"ASIOINTI_DEMO_LOGIN": "true"},
            "ASIOINTI_DEMO_LOGIN cannot be enabled in production mode",
        ),
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set in production mode"),
        ({"DEBUG": "true"}, "DEBUG cannot be on in production mode"),
        ({"DATABASE_URL": ""}, "Production mode needs PostgreSQL"),
        ({"ASIOINTI_ANTIVIRUS_SCANNER": ""}, "Production mode needs a virus scanner"),
        (
            {"ASIOINTI_ANTIVIRUS_SCANNER": "asiointi.common.antivirus.NoOpScanner"},
            "Production mode needs a virus scanner",
        ),
        (
            {"OIDC_RESIDENT_CLIENT_ID": ""},
            "Production mode needs the resident login: set OIDC_RESIDENT_CLIENT_ID",
        ),
        (
            {"OIDC_STAFF_END_SESSION_ENDPOINT": ""},
            "Production mode needs the staff login: set OIDC_STAFF_END_SESSION_ENDPOINT",
        ),
        (
            {"ASIOINTI_STAFF_GROUP_MAP": '{"handlers": {"department": "culture"}}'},
            "ASIOINTI_STAFF_GROUP_MAP['handlers'] must be a list of",
        ),
        ({"OIDC_RESIDENT_ACR_LEVELS": "loa3=high"}, "OIDC_RESIDENT_ACR_LEVELS must be a JSON"),
    ],
)
def test_production_mode_refuses_unsafe_settings(tmp_path, change, message):
    result = run_asiointi("check", env_overrides={**PRODUCTION_ENV, **change}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_mode_has_no_demo_login_url(tmp_path):
    result = run_asiointi(
        "shell",
        "-c",
        "from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/kirjaudu/demo/')\nexcept Resolver404:\n    print('no demo login')",
        env_overrides=PRODUCTION_ENV,
        tmp_path=tmp_path,
    )
    assert result.stdout.strip().splitlines()[-1] == "no demo login", result.stderr


def test_embedded_mode_generates_and_keeps_a_secret_key(tmp_path):
    command = ["shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"]
    first = run_asiointi(*command, env_overrides={"ASIOINTI_ENV": "demo"}, tmp_path=tmp_path)
    second = run_asiointi(*command, env_overrides={"ASIOINTI_ENV": "demo"}, tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.strip()) >= 50
    assert first.stdout == second.stdout
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_env_helpers_reject_malformed_values(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be true or false"):
        env_bool("X_FLAG", False)
    monkeypatch.setenv("X_SIZE", "20MB")
    with pytest.raises(ImproperlyConfigured, match="X_SIZE must be a whole number"):
        env_int("X_SIZE", 20)


@pytest.mark.django_db
def test_demo_login_lists_personas_and_logs_in(client, catalogue):
    users = load_people()
    page = client.get(reverse("accounts:demo_login"))
    assert "Matti Meikäläinen" in page.content.decode()
    response = client.post(
        reverse("accounts:demo_login"),
        {"persona": users["matti"].pk, "next": reverse("cases:folder")},
    )
    assert response.status_code == 302
    assert client.get(reverse("cases:folder")).context["user"] == users["matti"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "description"),
    [
        ("fi", "Käsittelijä, kulttuurin ja vapaa-ajan toimiala"),
        ("sv", "Handläggare, kultur- och fritidssektorn"),
        ("en", "Handler, Culture and Leisure"),
    ],
)
def test_demo_personas_are_described_in_the_pages_language(
    client, catalogue, language, description
):
    load_people()
    with translation.override(language):
        page = client.get(reverse("accounts:demo_login")).content.decode()
    assert f"<strong>Kaisa Käsittelijä</strong> – {description}</label>" in page


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["", "abc", "999999"])
def test_demo_login_without_a_valid_persona_asks_again(client, catalogue, persona):
    users = load_people()
    not_a_persona = {"999999": users["matti"].pk + 999999}.get(persona, persona)
    with translation.override("en"):
        response = client.post(en("accounts:demo_login"), {"persona": not_a_persona})
    assert response.status_code == 400
    assert "Choose one of the personas below." in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_demo_login_view_refuses_when_switched_off(client, settings, catalogue):
    users = load_people()
    settings.DEMO_LOGIN = False
    response = client.post("/kirjaudu/demo/", {"persona": users["matti"].pk})
    assert response.status_code == 404
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_demo_login_offers_only_demo_personas(client, catalogue, resident):
    response = client.post(reverse("accounts:demo_login"), {"persona": resident.pk})
    assert response.status_code == 400  # the list again with an error, not logged in
    assert "_auth_user_id" not in client.session


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_migrates_loads_demo_data_and_serves(tmp_path):
    port = free_port()
    env = clean_env(tmp_path, ASIOINTI_ENV="demo")
    process = subprocess.Popen(
        [ASIOINTI, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # Migrating a fresh database and loading the demo data: well under a minute on a quiet
        # machine, minutes when the suite shares two cores with other work.
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, (
                    f"the server did not start in {START_TIMEOUT_SECONDS} s"
                )
                time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=5) as response:
            home = response.read().decode()
        assert "Operating grant for cultural associations" in home
        assert (tmp_path / "asiointi.sqlite3").exists()
    finally:
        process.terminate()
        process.wait(timeout=20)
    # The first start says where the site is without burying it: no WeasyPrint steps, no line
    # per task, no email bodies (the demo's emails are files), no list of migrations.
    output = process.stdout.read()
    before_server = output.split("Starting gunicorn")[0]
    assert f"Asiointi is at http://127.0.0.1:{port}/" in before_server
    assert f"Emails are written to {tmp_path / 'emails'}" in before_server
    for noise in ("Step 1 - Fetching", "Task id=", "Content-Type:", "Subject:"):
        assert noise not in output
    assert "Applying " not in output
    assert len(before_server.splitlines()) < 15, before_server


def test_serve_on_a_port_in_use_says_so_once_and_exits(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [ASIOINTI, "serve", "--port", str(port)],
            env=clean_env(tmp_path, ASIOINTI_ENV="demo"),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stderr.count(f"Port {port} on 127.0.0.1 is already in use") == 1
    assert f"./run demo --port {port + 1}" in result.stderr
    assert "Connection in use" not in result.stdout + result.stderr
    # Refused before anything was set up.
    assert not (tmp_path / "asiointi.sqlite3").exists()
