"""Both identity providers as real HTTP servers (asiointi/simulators/oidc_provider.py), and a login
driven through them the way a browser follows the redirects."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from asiointi.simulators import oidc_provider

STAFF_GROUP_MAP = {
    "asiointi-kulttuuri-kasittelijat": [{"department": "culture", "role": "handler"}],
    "asiointi-talous": [
        {"department": "culture", "role": "finance"},
        {"department": "education", "role": "finance"},
    ],
    "asiointi-tuntematon": [{"department": "no-such-department", "role": "handler"}],
}


@pytest.fixture
def resident_provider():
    running = oidc_provider.start_resident_provider()
    yield running
    running.stop()


@pytest.fixture
def staff_provider():
    running = oidc_provider.start_staff_provider()
    yield running
    running.stop()


@pytest.fixture
def oidc(settings, resident_provider, staff_provider):
    settings.OIDC_ENABLED = True
    settings.OIDC_PROVIDERS = {
        "resident": resident_provider.config(),
        "staff": staff_provider.config(),
    }
    settings.ASIOINTI_STAFF_GROUP_MAP = STAFF_GROUP_MAP
    settings.OIDC_TIMEOUT = 5
    return settings


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def approved_callback(client, provider, kind: str, user: str, *, next_url="", language="fi"):
    """Press the login button of ``kind`` ("asukas" or "henkilosto") and pick ``user`` at the
    provider: the callback address (path and query) the provider sends the browser back to."""
    prefix = "" if language == "fi" else f"/{language}"
    start = client.get(
        f"{prefix}/oidc/{kind}/authenticate/", {"next": next_url} if next_url else {}
    )
    assert start.status_code == 302
    authorize = start["Location"]
    assert authorize.startswith(f"{provider.base_url}/authorize?")
    params = {key: values[0] for key, values in parse_qs(urlsplit(authorize).query).items()}
    approved = requests.post(
        f"{provider.base_url}/authorize",
        data={**params, "user": user},
        allow_redirects=False,
        timeout=5,
    )
    assert approved.status_code == 302, approved.text
    return path_and_query(approved.headers["Location"])


def oidc_login(client, provider, kind: str, user: str, **options):
    """Log in as ``user`` of ``provider``; Asiointi's answer to the callback."""
    return client.get(approved_callback(client, provider, kind, user, **options))
