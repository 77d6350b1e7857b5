"""The Content-Security-Policy: every HTML page carries the strict policy, no template or page
holds an inline script or style that the policy would block, and the identity providers' origins
are allowed as form targets (docs/operating.md, "Content-Security-Policy").

The browser tests (tests/browser/) fail on any violation a real Chromium reports; these tests pin
the header itself and keep inline code out before a browser ever sees it.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import path, reverse

from asiointi.accounts.models import User
from asiointi.common.csp import endpoint_origins
from asiointi.testing.fixtures import url

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
PACKAGE = Path(__file__).resolve().parents[2]

# Rendered only to PDF by WeasyPrint, never sent to a browser: a letter's print styles live
# in the letter so that the PDF needs no other file.
PDF_ONLY_TEMPLATES = {
    "cases/templates/cases/letters/_style.html",
    "fees/templates/fees/letters/fee_decision.html",
    "grants/templates/grants/decision_list_pdf.html",
}

# A <script> element without a src attribute (JSON data blocks are not run, so they may stay),
# an event handler attribute (onclick="…") or a javascript: address; a <style> element or a
# style="…" attribute.
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"
    r"|\son[a-z]+\s*=|=\s*[\"']?javascript:",
    re.IGNORECASE,
)
INLINE_STYLE = re.compile(r"<style\b[^>]*>|\sstyle\s*=", re.IGNORECASE)


def inline_code(html: str) -> list[str]:
    """The inline scripts and styles in ``html``, as the text that starts each."""
    return [match.group(0).strip() for match in INLINE_SCRIPT.finditer(html)] + [
        match.group(0).strip() for match in INLINE_STYLE.finditer(html)
    ]


def test_inline_code_finds_each_kind_and_passes_static_files():
    html = (
        '<script src="/static/a.js"></script><script type="application/json" id="d">{}</script>'
        '<script>alert(1)</script><script defer>x()</script><p style="color: red">'
        '<style>p {}</style><link rel="stylesheet" href="/static/site.css"><p class="styled">'
        '<button onclick="go()">Go</button><a href="javascript:go()">Go</a>'
        "<p>Someone = somebody; one style of writing.</p>"
    )
    assert inline_code(html) == [
        "<script>",
        "<script defer>",
        "onclick=",
        '="javascript:',
        "style=",
        "<style>",
    ]


def test_no_template_holds_an_inline_script_or_style():
    templates = sorted(PACKAGE.glob("**/templates/**/*.html"))
    assert len(templates) > 50
    found = {
        str(template.relative_to(PACKAGE)): inline_code(template.read_text())
        for template in templates
        if str(template.relative_to(PACKAGE)) not in PDF_ONLY_TEMPLATES
    }
    assert {name: code for name, code in found.items() if code} == {}
    # The exceptions are real files, so that the list cannot silently outlive them.
    assert all((PACKAGE / name).exists() for name in PDF_ONLY_TEMPLATES)


def _html_pages(client: Client, paths: list[str]) -> dict[str, tuple[int, str, str]]:
    pages = {}
    for page_path in paths:
        response = client.get(page_path)
        assert response["Content-Type"].startswith("text/html"), page_path
        pages[page_path] = (
            response.status_code,
            response.get("Content-Security-Policy"),
            response.content.decode(),
        )
    return pages


def _assert_strict(pages: dict[str, tuple[int, str, str]]) -> None:
    assert {page: status for page, (status, _policy, _html) in pages.items()} == {
        page: 200 for page in pages
    }
    assert {page: policy for page, (_status, policy, _html) in pages.items()} == {
        page: POLICY for page in pages
    }
    assert {page: inline_code(html) for page, (_status, _policy, html) in pages.items()} == {
        page: [] for page in pages
    }


@pytest.mark.django_db
def test_public_pages_carry_the_policy_and_no_inline_code(client):
    _assert_strict(
        _html_pages(
            client,
            [
                url("home"),
                url("home", language="sv"),
                url("home", language="en"),
                url("accessibility"),
                url("privacy"),
                url("accounts:login"),
                url("accounts:demo_login"),
                url("feedback:give"),
                url("feedback:track"),
                url("feedback:board"),
                "/yllapito/login/",
            ],
        )
    )


@pytest.mark.django_db
def test_folder_pages_carry_the_policy_and_no_inline_code(client, resident, own_draft, fee_review):
    client.force_login(resident)
    _assert_strict(
        _html_pages(
            client,
            [
                url("cases:folder"),
                url("cases:edit", own_draft.pk),
                url("cases:detail", own_draft.pk),
            ],
        )
    )
    client.force_login(fee_review.client.person)  # Eino, a home-care client
    _assert_strict(_html_pages(client, [url("fees_folder:detail", fee_review.pk)]))


@pytest.mark.django_db
def test_handling_pages_carry_the_policy_and_no_inline_code(client, handler_culture, submitted):
    client.force_login(handler_culture)
    _assert_strict(
        _html_pages(
            client,
            [
                url("handling:queue"),
                url("handling:case", submitted.pk),
                url("handling:search") + "?q=yhdistys",
                url("feedback_handling:queue"),
                url("reports:grants"),
                url("grants:lists"),
            ],
        )
    )


@pytest.mark.django_db
def test_admin_pages_carry_the_policy_and_no_inline_code(client, submitted):
    client.force_login(User.objects.create_superuser("admin", "admin@example.fi", "x" * 20))
    _assert_strict(
        _html_pages(
            client,
            [
                reverse("admin:index"),
                reverse("admin:accounts_user_changelist"),
                reverse("admin:accounts_user_add"),
                reverse("admin:catalogue_service_changelist"),
            ],
        )
    )


@pytest.mark.django_db
def test_api_docs_page_alone_allows_data_images(client):
    """Swagger UI comes from django-ninja's bundled static files; its stylesheet's icons are
    data: images, which only this page allows."""
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY.replace(
        "img-src 'self'", "img-src 'self' data:"
    )
    html = response.content.decode()
    assert inline_code(html) == []
    assert re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', html) == [
        "/static/ninja/swagger-ui.css",
        "/static/ninja/favicon.svg",
        "/static/ninja/favicon.png",
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
    ]


@pytest.mark.django_db
def test_not_found_page_carries_the_policy(client):
    response = client.get("/ei-tallaista-sivua/")
    assert response.status_code == 404
    assert response["Content-Security-Policy"] == POLICY
    assert inline_code(response.content.decode()) == []


@pytest.mark.django_db
def test_csrf_failure_page_styles_itself_with_a_nonce_of_its_own():
    """Django's built-in CSRF failure page has a <style> with the request's nonce: the header
    names that nonce for that response, and only there."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(url("feedback:give"), {"description": "Ei tokenia."})
    assert response.status_code == 403
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert response["Content-Security-Policy"] == POLICY.replace(
        "script-src 'self'", f"script-src 'self' 'nonce-{nonce}'"
    ).replace("style-src 'self'", f"style-src 'self' 'nonce-{nonce}'")
    assert client.get(url("feedback:give"))["Content-Security-Policy"] == POLICY


def _server_error(request):
    raise RuntimeError("a bug")


urlpatterns = [path("rikki/", _server_error)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_server_error_page_carries_the_policy():
    response = Client(raise_request_exception=False).get("/rikki/")
    assert response.status_code == 500
    assert response["Content-Security-Policy"] == POLICY
    assert inline_code(response.content.decode()) == []


def test_endpoint_origins_keeps_the_origins_of_endpoint_urls_only():
    assert endpoint_origins(
        {
            "OIDC_PROVIDERS": {
                "resident": {
                    "AUTHORIZATION_ENDPOINT": "https://tunnistus.example.fi/oauth/authorize",
                    "END_SESSION_ENDPOINT": "https://Tunnistus.Example.fi:8443/logout",
                    "CLIENT_ID": "https://not-an-endpoint.example.fi",
                    "SCOPES": "openid profile",
                },
                "staff": {"AUTHORIZATION_ENDPOINT": "http://127.0.0.1:8710/auth"},
                "empty": {"TOKEN_ENDPOINT": ""},
            },
            "OIDC_OP_JWKS_ENDPOINT": "https://avaimet.example.fi/jwks",
            "OIDC_LOGOUT_ENDPOINT": "javascript:alert(1)",
            # A level-of-assurance map: its URLs name levels, they are not places to go.
            "OIDC_RESIDENT_ACR_LEVELS": {"http://ftn.ficora.fi/2017/loa3": "high"},
            "OIDC_TIMEOUT": 5,
        }
    ) == [
        "http://127.0.0.1:8710",
        "https://avaimet.example.fi",
        "https://tunnistus.example.fi",
        "https://tunnistus.example.fi:8443",
    ]


def test_form_action_allows_the_configured_identity_providers_and_reports_where_told():
    """The settings read in a fresh interpreter with both providers configured, as at start-up."""
    environment = {
        **os.environ,
        "ASIOINTI_ENV": "demo",
        "OIDC_RESIDENT_CLIENT_ID": "asiointi",
        "OIDC_RESIDENT_AUTHORIZATION_ENDPOINT": "https://tunnistus.example.fi/oauth/authorize",
        "OIDC_RESIDENT_TOKEN_ENDPOINT": "https://tunnistus.example.fi/oauth/token",
        "OIDC_RESIDENT_END_SESSION_ENDPOINT": "https://tunnistus.example.fi/oauth/logout",
        "OIDC_STAFF_CLIENT_ID": "asiointi-staff",
        "OIDC_STAFF_AUTHORIZATION_ENDPOINT": "https://login.kaupunki.example/authorize",
        "OIDC_STAFF_JWKS_ENDPOINT": "https://keys.kaupunki.example/jwks",
        "ASIOINTI_CSP_REPORT_URI": "https://csp.example.fi/report",
    }
    policy = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.utils.csp import build_policy; import asiointi.settings as s;"
            " print(build_policy(s.SECURE_CSP))",
        ],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert (
        policy
        == POLICY.replace(
            "form-action 'self'",
            "form-action 'self' https://keys.kaupunki.example https://login.kaupunki.example"
            " https://tunnistus.example.fi",
        )
        + "; report-uri https://csp.example.fi/report"
    )
