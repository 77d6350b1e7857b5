"""A language chosen with the selector sticks in a real browser: an unprefixed link (as in an
email) opens in that language, and choosing Finnish brings the unprefixed address back."""

from playwright.sync_api import Page, expect


def test_a_chosen_language_sticks_on_unprefixed_links(page: Page):
    page.goto("/tietosuojaseloste/")
    page.locator("form.language-switch button[value=sv]").click()
    page.wait_for_url("**/sv/tietosuojaseloste/")

    page.goto("/palaute/?fran=epost")  # a link from an email
    page.wait_for_url("**/sv/palaute/?fran=epost")
    expect(page.locator("html")).to_have_attribute("lang", "sv")

    page.goto("/tietosuojaseloste/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    page.locator("form.language-switch button[value=fi]").click()
    page.wait_for_url("**/tietosuojaseloste/")
    page.goto("/tietosuojaseloste/")
    assert "/sv/" not in page.url
    expect(page.locator("html")).to_have_attribute("lang", "fi")
