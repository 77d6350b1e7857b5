"""The Content-Security-Policy in production: ``asiointi serve`` (gunicorn, collected static
files) on PostgreSQL with both identity providers configured, over real HTTP
(asiointi/testing/production_server.py). The pages carry the strict policy with the providers'
origin as a form target, and the static scripts that replaced the inline ones are served.
"""

import re

import pytest
import requests

from asiointi.common.tests.test_content_security_policy import POLICY, inline_code
from asiointi.testing import production_server as production

pytestmark = pytest.mark.postgres_only

TIMEOUT = 30
# Every OIDC endpoint of the production test settings is on this origin (production_server.py).
PROVIDERS = "http://127.0.0.1:9"


def test_production_pages_carry_the_policy_and_load_their_static_scripts(
    production_server, monkeypatch
):
    # Migrating a fresh database takes longer than the default wait on a busy test machine.
    monkeypatch.setattr(production, "START_TIMEOUT_SECONDS", 300)
    server = production_server()
    policy = POLICY.replace("form-action 'self'", f"form-action 'self' {PROVIDERS}")

    pages = {
        path: requests.get(f"{server.url}{path}", timeout=TIMEOUT)
        for path in ("/", "/sv/", "/palaute/", "/kirjaudu/", "/yllapito/login/", "/ei-ole/")
    }
    assert {path: answer.status_code for path, answer in pages.items()} == {
        "/": 200,
        "/sv/": 200,
        "/palaute/": 200,
        "/kirjaudu/": 200,
        "/yllapito/login/": 200,
        "/ei-ole/": 404,
    }
    assert {path: answer.headers["Content-Security-Policy"] for path, answer in pages.items()} == {
        path: policy for path in pages
    }
    assert {path: inline_code(answer.text) for path, answer in pages.items()} == {
        path: [] for path in pages
    }

    docs = requests.get(f"{server.url}/api/v1/docs", timeout=TIMEOUT)
    assert docs.headers["Content-Security-Policy"] == policy.replace(
        "img-src 'self'", "img-src 'self' data:"
    )

    # The feedback form's script and the site's stylesheet and icon, under their collected
    # (hashed) names: served by the application itself, so 'self' covers them.
    assets = re.findall(
        r'<(?:script|link)\b[^>]*\b(?:src|href)="(/static/[^"]+)"', pages["/palaute/"].text
    )
    assert [re.sub(r"\.[0-9a-f]{12}\.", ".", asset) for asset in assets] == [
        "/static/asiointi/favicon.svg",
        "/static/hds/base.min.css",
        "/static/hds/components.min.css",
        "/static/hds/icons.min.css",
        "/static/asiointi/site.css",
        "/static/asiointi/use-location.js",
    ]
    served = {asset: requests.get(f"{server.url}{asset}", timeout=TIMEOUT) for asset in assets}
    assert {asset: answer.status_code for asset, answer in served.items()} == {
        asset: 200 for asset in assets
    }
    assert "navigator.geolocation.getCurrentPosition" in served[assets[5]].text
    # The design system's icons are files on the site (img-src 'self'), under their collected
    # names, not data: addresses the policy would block.
    icons = re.findall(r'url\("?([^")]+\.svg)"?\)', served[assets[3]].text)
    assert icons and not any(icon.startswith("data:") for icon in icons)
    icon = requests.get(f"{server.url}/static/hds/{icons[0]}", timeout=TIMEOUT)
    assert (icon.status_code, icon.headers["Content-Type"]) == (200, "image/svg+xml")
    # The city's colours, from the settings.
    theme = requests.get(f"{server.url}/theme.css", timeout=TIMEOUT)
    assert theme.status_code == 200 and "--asi-primary:" in theme.text
