"""The municipality's colours reach every page as design-system tokens, and a colour that would
make white text or links unreadable is refused when the settings load."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from asiointi.common.theme import Theme, contrast


def test_contrast_is_wcag_ratio():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    # Grey #767676 on white is the classic just-passing AA pair (4.54:1).
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def test_default_theme_is_neutral_and_readable():
    theme = Theme()
    assert theme.primary != "#0072c6"  # not Helsinki's coat of arms
    assert contrast(theme.primary, "#ffffff") >= 4.5
    assert contrast(theme.primary_dark, "#ffffff") >= 4.5


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"primary": "#ffd700"}, "ASIOINTI_THEME_PRIMARY #ffd700 has a contrast of 1.4:1"),
        ({"primary_dark": "#9fc9eb"}, "ASIOINTI_THEME_PRIMARY_DARK #9fc9eb has a contrast"),
        ({"primary": "blue"}, "ASIOINTI_THEME_PRIMARY must be a colour like #2a4858"),
        ({"primary_light": "#fff"}, "ASIOINTI_THEME_PRIMARY_LIGHT must be a colour"),
        ({"logo_url": "https://cdn.example.org/logo.svg"}, "ASIOINTI_LOGO_URL must be an address"),
        ({"logo_url": "//cdn.example.org/logo.svg"}, "ASIOINTI_LOGO_URL must be an address"),
    ],
)
def test_unreadable_or_foreign_settings_are_refused(options, message):
    with pytest.raises(ImproperlyConfigured, match=re.escape(message)):
        Theme(**options)


@pytest.mark.django_db
def test_theme_css_sets_the_design_system_tokens(client):
    theme = Theme(primary="#005a32", primary_dark="#003d22", primary_light="#e3f1e8")
    with override_settings(THEME=theme):
        response = client.get("/theme.css")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert "max-age=3600" in response["Cache-Control"]
    css = response.content.decode()
    assert "--asi-primary: #005a32;" in css
    assert "--asi-primary-dark: #003d22;" in css
    # HDS's components take the brand colour from these tokens.
    assert "--color-bus: var(--asi-primary);" in css
    assert "--color-coat-of-arms: var(--asi-primary);" in css


@pytest.mark.django_db
def test_pages_load_the_design_system_then_the_theme_then_the_site(client):
    html = client.get("/").content.decode()
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert [re.sub(r"\.[0-9a-f]{12}\.", ".", sheet) for sheet in sheets] == [
        "/static/hds/base.min.css",
        "/static/hds/components.min.css",
        "/static/hds/icons.min.css",
        "/theme.css",
        "/static/asiointi/site.css",
    ]


@pytest.mark.django_db
def test_logo_and_city_name_come_from_settings(client):
    with override_settings(
        THEME=Theme(logo_url="/static/asiointi/favicon.svg"), CITY_NAME="Testilä"
    ):
        html = client.get("/").content.decode()
    assert '<img class="asi-header__logo" src="/static/asiointi/favicon.svg" alt="">' in html
    assert '<span class="asi-header__city">Testilä</span>' in html
