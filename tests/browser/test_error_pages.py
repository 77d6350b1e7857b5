"""The error pages in a real Chromium: a missing page in Swedish at a phone's width, and the
500 page, both without WCAG 2.1 A/AA violations (axe-core)."""

import pytest
from django.test import RequestFactory
from django.views import defaults
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_a_missing_page_has_the_sites_frame_a_way_back_and_no_violations(page: Page, axe):
    page.set_viewport_size({"width": 320, "height": 640})
    response = page.goto("/sv/finns-inte/")

    assert response is not None and response.status == 404
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("h1")).to_have_text("Sidan hittades inte")
    axe(page, "404 (sv, 320 px)")
    # Nothing runs past the right edge at 320 px (WCAG 2.1 SC 1.4.10, reflow).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.locator("main a[href='/sv/']").click()
    expect(page).to_have_url("/sv/")


def test_the_500_page_has_no_violations(page: Page, axe):
    html = defaults.server_error(RequestFactory().get("/")).content.decode()
    page.goto("/")  # the same origin, so that its stylesheet loads as on the real page
    page.set_content(html)

    expect(page.locator("h1")).to_have_text("Palvelussa tapahtui virhe")
    axe(page, "500")
