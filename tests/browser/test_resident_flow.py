"""The resident's whole flow in a real Chromium, with axe-core on every page it passes.

Matti represents Kallion Kulttuuriyhdistys ry: he logs in through the demo login, applies for the
culture department's operating grant on the association's behalf, saves a draft, comes back to it,
meets the error summary, attaches a file, sends, reads the receipt and writes to the handler.

The locators use ids, field names, button values and form actions rather than visible texts: the
translation catalogues change independently of these tests, the URLs and field names do not.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case
from asiointi.testing.fixtures import PDF_BYTES

pytestmark = pytest.mark.browser

MATTI = "Matti Meikäläinen"
ASSOCIATION = "Kallion Kulttuuriyhdistys ry (1234567-1)"
SERVICE = "Kulttuurin yleisavustus"
RECORD_NUMBER = re.compile(r"^ASI-\d{4}-\d{6}$")
PURPOSE = "Kevään ja syksyn lastenteatteriesitykset sekä kesän avoimet työpajat."
MESSAGE = "Hei, liitimme talousarvion. Toimitamme tilinpäätöksen toukokuussa."


def finnish_amount(text: str) -> re.Pattern:
    """An amount as the page shows it again: Django groups thousands with a no-break space."""
    return re.compile("^" + re.escape(text).replace(r"\ ", r"[ \u00a0]") + "$")


def log_in_as(page: Page, full_name: str, *, next_path: str = "/asiointikansio/") -> None:
    page.goto(f"/kirjaudu/demo/?next={next_path}")
    page.get_by_label(full_name).check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


def act_for(page: Page, organisation: str) -> None:
    page.locator("#acting-for").select_option(label=organisation)
    page.locator("form[action$='/asioin/'] button[type=submit]").click()
    expect(page.locator("#acting-for option:checked")).to_have_text(organisation)


def start_application(page: Page, service_name: str) -> int:
    page.locator("form[action*='/uusi/']", has_text=service_name).locator("button").click()
    page.wait_for_url(re.compile(r"/asiointikansio/\d+/muokkaa/$"))
    return int(re.search(r"/asiointikansio/(\d+)/muokkaa/", page.url).group(1))


def press(page: Page, name: str, value: str) -> None:
    page.locator(f"main form button[name='{name}'][value='{value}']").click()
    page.wait_for_load_state()


def field(page: Page, name: str):
    return page.locator(f"main form [name='{name}']")


def fill_application(page: Page, *, bank_account: str, earlier_grants: bool | None) -> None:
    """Every required field except those the caller wants wrong; two budget rows."""
    next_year = timezone.localdate().year + 1
    field(page, "organisation_name").fill("Kallion Kulttuuriyhdistys ry")
    field(page, "business_id").fill("1234567-1")
    field(page, "contact_phone").fill("040 123 4567")
    field(page, "bank_account").fill(bank_account)
    page.locator("main form input[name='activity_area'][value='culture']").check()
    page.locator("main form input[name='target_groups'][value='children']").check()
    page.locator("main form input[name='target_groups'][value='youth']").check()
    field(page, "member_count").fill("120")
    field(page, "purpose").fill(PURPOSE)
    field(page, "period__start").fill(f"{next_year}-01-01")
    field(page, "period__end").fill(f"{next_year}-12-31")
    field(page, "requested_amount").fill("5 000,00")
    field(page, "budget__0__kind").select_option("income")
    field(page, "budget__0__item").fill("Jäsenmaksut")
    field(page, "budget__0__amount").fill("2 400,00")
    press(page, "_add_row", "budget")
    expect(field(page, "budget__1__item")).to_be_visible()
    expect(field(page, "budget__0__amount")).to_have_value(finnish_amount("2 400,00"))
    field(page, "budget__1__kind").select_option("expense")
    field(page, "budget__1__item").fill("Tilavuokrat")
    field(page, "budget__1__amount").fill("7 400,00")
    if earlier_grants is not None:
        value = "yes" if earlier_grants else "no"
        page.locator(f"main form input[name='earlier_grants'][value='{value}']").check()


def expected_answers() -> dict:
    next_year = timezone.localdate().year + 1
    return {
        "organisation_name": "Kallion Kulttuuriyhdistys ry",
        "business_id": "1234567-1",
        "contact_name": MATTI,
        "contact_email": "matti.meikalainen@example.com",
        "contact_phone": "040 123 4567",
        "bank_account": "FI2112345600000785",
        "activity_area": "culture",
        "target_groups": ["children", "youth"],
        "member_count": 120,
        "purpose": PURPOSE,
        "period": {"start": f"{next_year}-01-01", "end": f"{next_year}-12-31"},
        "requested_amount": "5000.00",
        "budget": [
            {"kind": "income", "item": "Jäsenmaksut", "amount": "2400.00"},
            {"kind": "expense", "item": "Tilavuokrat", "amount": "7400.00"},
        ],
        "earlier_grants": True,
        "earlier_grants_details": "2025 kulttuuri 3 000 €",
    }


def upload_attachment(page: Page, path) -> None:
    page.locator("#attachment-file").set_input_files(path)
    page.locator("#attachment-kind").select_option("budget")
    page.locator("button[name=action][value=attach]").click()
    page.wait_for_load_state()
    expect(page.locator("#attachments table")).to_contain_text(path.name)


def test_association_applies_for_a_grant_and_writes_to_the_handler(page, axe, tmp_path):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    axe(page, "home")
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    page.locator("header a[href^='/kirjaudu/']").click()
    page.wait_for_url("**/kirjaudu/?next=/")
    axe(page, "login")
    page.locator("main a[href*='/kirjaudu/demo/']").click()
    page.wait_for_url("**/kirjaudu/demo/**")
    axe(page, "demo login")
    page.get_by_label(MATTI).check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))
    page.locator("header a[href='/asiointikansio/']").click()
    page.wait_for_url("**/asiointikansio/")
    axe(page, "folder")

    act_for(page, ASSOCIATION)
    axe(page, "folder acting for the association")
    case_id = start_application(page, SERVICE)
    # Known details are filled in from the association and the person.
    expect(field(page, "organisation_name")).to_have_value("Kallion Kulttuuriyhdistys ry")
    expect(field(page, "contact_email")).to_have_value("matti.meikalainen@example.com")
    axe(page, "empty form")

    field(page, "contact_phone").fill("040 123 4567")
    field(page, "purpose").fill(PURPOSE)
    press(page, "action", "save")
    expect(page.locator(".hds-notification--success")).to_be_visible()
    assert Case.objects.get(pk=case_id).draft_data["purpose"] == PURPOSE

    # Leave, then come back to the draft through the folder.
    page.locator("header a[href='/asiointikansio/']").click()
    page.locator(f"main table a[href='/asiointikansio/{case_id}/']").click()
    axe(page, "draft detail")
    page.locator(f"main .actions a[href='/asiointikansio/{case_id}/muokkaa/']").click()
    expect(field(page, "purpose")).to_have_value(PURPOSE)
    expect(field(page, "contact_phone")).to_have_value("040 123 4567")

    # A mistyped IBAN and an unanswered yes/no question: the error summary lists both.
    fill_application(page, bank_account="FI2112345600000786", earlier_grants=None)
    press(page, "action", "send")
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^\S+: " + SERVICE))
    links = summary.locator("a")
    expect(links).to_have_count(2)
    assert [links.nth(i).get_attribute("href") for i in range(2)] == [
        "#f-bank_account",
        "#f-earlier_grants",
    ]
    axe(page, "form with errors")
    links.nth(0).click()
    expect(field(page, "bank_account")).to_be_focused()
    expect(field(page, "bank_account")).to_have_attribute("aria-invalid", "true")
    links.nth(1).click()
    expect(page.locator("main form input[name='earlier_grants'][value='yes']")).to_be_focused()
    # What was typed survived the failed send, in the Finnish format it was typed in.
    expect(field(page, "requested_amount")).to_have_value(finnish_amount("5 000,00"))
    expect(field(page, "budget__1__item")).to_have_value("Tilavuokrat")
    assert Case.objects.get(pk=case_id).status == CaseStatus.DRAFT

    field(page, "bank_account").fill("FI2112345600000785")
    page.locator("main form input[name='earlier_grants'][value='yes']").check()
    field(page, "earlier_grants_details").fill("2025 kulttuuri 3 000 €")
    press(page, "action", "save")
    expect(page.locator("#error-summary")).to_have_count(0)

    attachment = tmp_path / "talousarvio.pdf"
    attachment.write_bytes(PDF_BYTES)
    upload_attachment(page, attachment)
    axe(page, "form with an attachment")
    press(page, "action", "send")

    # The fragment of the page the form was on (#attachments) carries over the redirect.
    page.wait_for_url(re.compile(rf"/asiointikansio/{case_id}/(#\w+)?$"))
    record_number = page.locator("#record-number").inner_text().strip()
    assert RECORD_NUMBER.match(record_number), record_number
    assert record_number.startswith(f"ASI-{timezone.localdate().year}-")
    receipt = page.locator(".receipt")
    expect(receipt).to_contain_text("Kulttuuripalvelut, avustukset")
    expect(receipt).to_contain_text("09 310 12345")
    expect(receipt.locator("a[href='mailto:kulttuuriavustukset@example.fi']")).to_be_visible()
    expect(page.locator("#attachments")).to_contain_text("talousarvio.pdf")
    axe(page, "receipt")

    page.locator(f"a[href='/asiointikansio/{case_id}/versiot/1/']").first.click()
    expect(page.locator("main")).to_contain_text(PURPOSE)
    axe(page, "version 1")
    page.go_back()

    page.locator("#message-body").fill(MESSAGE)
    page.locator("#message-form button[type=submit]").click()
    page.wait_for_url(f"**/asiointikansio/{case_id}/#messages")
    expect(page.locator("#messages article.message")).to_contain_text(MESSAGE)
    axe(page, "detail with a message")

    page.locator("footer a[href='/saavutettavuusseloste/']").click()
    axe(page, "accessibility statement")
    page.locator("footer a[href='/tietosuojaseloste/']").click()
    axe(page, "privacy notice")

    case = Case.objects.get(pk=case_id)
    assert case.status == CaseStatus.RECEIVED
    assert case.record_number == record_number
    assert case.organisation.business_id == "1234567-1"
    assert case.applicant.username == "matti"
    assert list(case.versions.values_list("number", flat=True)) == [1]
    assert case.versions.get().data == expected_answers()
    assert [(a.display_name, a.kind, a.size) for a in case.attachments.all()] == [
        ("talousarvio.pdf", "budget", len(PDF_BYTES))
    ]
    assert [(m.body, m.from_staff, m.sender.username) for m in case.messages.all()] == [
        (MESSAGE, False, "matti")
    ]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_folder_and_form_are_accessible_in_other_languages(page, axe, language):
    log_in_as(page, MATTI, next_path=f"/{language}/asiointikansio/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    axe(page, f"folder ({language})")
    act_for(page, ASSOCIATION)
    page.wait_for_url(f"**/{language}/asiointikansio/")
    service = {"sv": "Allmänt understöd för kultur", "en": "Operating grant for cultural"}
    case_id = start_application(page, service[language])
    assert page.url.endswith(f"/{language}/asiointikansio/{case_id}/muokkaa/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    axe(page, f"empty form ({language})")
    press(page, "action", "send")
    expect(page.locator("#error-summary")).to_be_visible()
    axe(page, f"form with errors ({language})")
    page.goto(f"/{language}/")
    axe(page, f"home ({language})")


def test_application_can_be_saved_and_sent_without_javascript(page_without_js, tmp_path):
    page = page_without_js
    assert page.evaluate("1 + 1") == 2  # Playwright's own world still runs
    log_in_as(page, MATTI)
    act_for(page, ASSOCIATION)
    case_id = start_application(page, SERVICE)

    fill_application(page, bank_account="FI21 1234 5600 0007 85", earlier_grants=True)
    field(page, "earlier_grants_details").fill("2025 kulttuuri 3 000 €")
    press(page, "action", "save")
    expect(page.locator(".hds-notification--success")).to_be_visible()
    expect(page.locator("#error-summary")).to_have_count(0)
    attachment = tmp_path / "talousarvio.pdf"
    attachment.write_bytes(PDF_BYTES)
    upload_attachment(page, attachment)
    press(page, "action", "send")

    # The fragment of the page the form was on (#attachments) carries over the redirect.
    page.wait_for_url(re.compile(rf"/asiointikansio/{case_id}/(#\w+)?$"))
    assert RECORD_NUMBER.match(page.locator("#record-number").inner_text().strip())
    case = Case.objects.get(pk=case_id)
    assert case.status == CaseStatus.RECEIVED
    assert case.versions.get().data == expected_answers()
    assert case.attachments.count() == 1


def test_language_switch_changes_the_page_language(page):
    page.goto("/tietosuojaseloste/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    for language, prefix in [("sv", "/sv/"), ("en", "/en/"), ("fi", "/")]:
        page.locator(f"form.language-switch button[value={language}]").click()
        page.wait_for_url(f"**{prefix}tietosuojaseloste/")
        expect(page.locator("html")).to_have_attribute("lang", language)
        current = page.locator("form.language-switch button[aria-current=true]")
        expect(current).to_have_attribute("value", language)
    # The choice sticks: the unprefixed address now stays Finnish, as chosen last.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
