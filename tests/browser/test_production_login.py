"""Logging in and out in production settings, in a real Chromium, through both identity
providers.

``asiointi serve`` runs with ``ASIOINTI_ENV=production`` on a fresh PostgreSQL database (the
``production_server`` fixture: only the TLS-needing settings are relaxed, since loopback HTTP has
no TLS). The residents' provider (Suomi.fi through the city's broker) and the staff's (the city's
directory) are the HTTP simulators of asiointi/simulators/oidc_provider.py on 127.0.0.1, where
both the browser and the server reach them. The tester picks the person on the provider's page, as
one would at a test identity provider.
"""

import json

import pytest
from playwright.sync_api import Page, expect

from asiointi.simulators import oidc_provider

pytestmark = pytest.mark.browser

GROUP_MAP = {"asiointi-kulttuuri-kasittelijat": [{"department": "culture", "role": "handler"}]}
CREATE_DEPARTMENT = (
    "from asiointi.organisation.models import Department\n"
    "Department.objects.create(code='culture', name_fi='Kulttuuri ja vapaa-aika',"
    " name_sv='Kultur och fritid', name_en='Culture and Leisure')"
)
LOGGED_IN_SESSIONS = (
    "from django.contrib.sessions.models import Session\n"
    "print(sum(1 for s in Session.objects.all() if s.get_decoded().get('_auth_user_id')))"
)
STAFF_MEMBERSHIPS = (
    "from asiointi.organisation.models import Membership\n"
    "print(sorted((m.user.username, m.user.is_staff, m.department.code, m.role)"
    " for m in Membership.objects.all()))"
)
RESIDENTS = (
    "from asiointi.accounts.models import User\n"
    "print(list(User.objects.filter(is_staff=False).values_list('username', 'national_id')))"
)


@pytest.fixture
def providers():
    resident = oidc_provider.start_resident_provider()
    staff = oidc_provider.start_staff_provider()
    yield resident, staff
    resident.stop()
    staff.stop()


@pytest.fixture
def server(production_server, providers):
    resident, staff = providers
    running = production_server(
        {
            **resident.settings("OIDC_RESIDENT_"),
            **staff.settings("OIDC_STAFF_"),
            "ASIOINTI_STAFF_GROUP_MAP": json.dumps(GROUP_MAP),
            "ASIOINTI_ANTIVIRUS_SCANNER": "none",
        }
    )
    created = running.manage("shell", "-c", CREATE_DEPARTMENT)
    assert created.returncode == 0, created.stderr
    return running


@pytest.fixture
def page(browser) -> Page:
    context = browser.new_context(locale="fi-FI")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def shell(server, code: str) -> str:
    result = server.manage("shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_resident_and_staff_log_in_and_out_in_production(server, providers, page):
    resident, staff = providers

    # A resident: the login button, Suomi.fi (the broker's simulator), the folder.
    page.goto(f"{server.url}/kirjaudu/")
    page.click("#resident-login")
    page.wait_for_url(f"{resident.base_url}/authorize?*")
    page.click("button[value=aino]")
    page.wait_for_url(f"{server.url}/asiointikansio/")
    expect(page.locator(".who")).to_have_text("Aino Asukas")
    assert shell(server, RESIDENTS) == "[('oidc:suomifi-aino-0001', '131052-308T')]"
    assert shell(server, LOGGED_IN_SESSIONS) == "1"

    # Logging out ends the session here and at the provider (RP-initiated logout).
    page.click("form[action='/kirjaudu-ulos/'] button")
    page.wait_for_url(f"{server.url}/")
    assert resident.logouts == [
        {
            "sub": "suomifi-aino-0001",
            "post_logout_redirect_uri": f"{server.url}/",
            "client_id": "asiointi",
        }
    ]
    assert shell(server, LOGGED_IN_SESSIONS) == "0"
    page.goto(f"{server.url}/asiointikansio/")
    page.wait_for_url(f"{server.url}/kirjaudu/?next=/asiointikansio/")

    # A staff member: the staff button, the directory, the handling area with the membership
    # the groups claim gave.
    page.click("#staff-login")
    page.click("button[value=kaisa]")
    page.wait_for_url(f"{server.url}/kasittely/")
    expect(page.locator(".who")).to_have_text("Kaisa Käsittelijä")
    expect(page.locator("h1")).to_be_visible()
    assert shell(server, STAFF_MEMBERSHIPS) == "[('staff:entra-kaisa', True, 'culture', 'handler')]"

    page.click("form[action='/kirjaudu-ulos/'] button")
    page.wait_for_url(f"{server.url}/")
    assert staff.logouts == [
        {
            "sub": "entra-kaisa",
            "post_logout_redirect_uri": f"{server.url}/",
            "client_id": "asiointi",
        }
    ]
    assert shell(server, LOGGED_IN_SESSIONS) == "0"
    page.goto(f"{server.url}/kasittely/")
    page.wait_for_url(f"{server.url}/kirjaudu/?next=/kasittely/")
