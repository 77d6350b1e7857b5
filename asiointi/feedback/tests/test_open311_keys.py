"""Open311 API keys: ``asiointi open311`` prints a key once, stores only its hash, revokes it."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command

from asiointi.feedback.models import ApiClient
from asiointi.feedback.open311.keys import api_client_authenticate

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("open311", *args, stdout=out)
    return out.getvalue()


def created_key(name: str = "Palautesovellus Oy") -> tuple[str, str]:
    output = run("create-key", name)
    key = output.splitlines()[1]
    return key, output


def test_create_key_prints_the_key_once_and_stores_only_its_hash():
    key, output = created_key()
    client = ApiClient.objects.get()
    assert client.name == "Palautesovellus Oy"
    assert client.active and client.revoked_at is None
    prefix, _dot, secret = key.partition(".")
    assert client.key_prefix == prefix and len(prefix) == 8
    assert len(secret) >= 40
    assert client.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert secret not in client.key_hash
    assert f"revoke-key {prefix}" in output and "admin" in output
    assert api_client_authenticate(key) == client


def test_wrong_keys_do_not_authenticate():
    key, _output = created_key()
    prefix = key.split(".")[0]
    assert api_client_authenticate(key + "x") is None
    assert api_client_authenticate(prefix + ".wrong") is None
    assert api_client_authenticate(prefix) is None
    assert api_client_authenticate("") is None


def test_list_keys_shows_name_prefix_and_active():
    key_a, _ = created_key("Sovellus A")
    key_b, _ = created_key("Sovellus B")
    run("revoke-key", key_b.split(".")[0])
    lines = run("list-keys").splitlines()
    assert lines[1].split() == [key_a.split(".")[0], "yes", "Sovellus", "A"]
    assert lines[2].split() == [key_b.split(".")[0], "no", "Sovellus", "B"]
    assert key_a not in "".join(lines)


def test_a_revoked_key_no_longer_authenticates():
    key, _output = created_key()
    output = run("revoke-key", key.split(".")[0])
    assert "revoked" in output
    client = ApiClient.objects.get()
    assert not client.active and client.revoked_at is not None
    assert api_client_authenticate(key) is None
    run("revoke-key", key.split(".")[0])  # idempotent
    assert ApiClient.objects.get().revoked_at == client.revoked_at


def test_revoking_an_unknown_prefix_is_an_error():
    created_key()
    with pytest.raises(CommandError, match="No Open311 key with the prefix 'nope'"):
        run("revoke-key", "nope")
    assert ApiClient.objects.filter(active=True).count() == 1


def test_a_key_needs_a_client_name():
    with pytest.raises(CommandError):
        run("create-key", "  ")
    assert not ApiClient.objects.exists()


def test_revoking_in_the_admin_refuses_the_key(admin_client):
    key, _output = created_key()
    client = ApiClient.objects.get()
    response = admin_client.post(
        "/yllapito/feedback/apiclient/",
        {"action": "revoke", "_selected_action": [client.pk]},
    )
    assert response.status_code == 302
    assert api_client_authenticate(key) is None
