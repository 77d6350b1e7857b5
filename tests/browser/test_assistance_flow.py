"""A social-assistance application end to end in a real Chromium, with axe-core on every page:
Aino starts an application from her folder, fills in her household (one child), incomes and
expenses, attaches a receipt and sends; Sanna Sosiaalityö finds it in her team's queue, starts
processing, looks at the calculation aid, recognises only a reasonable rent (a reason is
required), saves the calculation and decides; Aino sees the
decision in her folder and downloads the letter, which carries the calculation.

The locators use ids, field names and URLs rather than visible texts: the translation catalogues
change independently of these tests.
"""

import importlib
import io
import re
from decimal import Decimal

import pypdf
import pytest
from playwright.sync_api import Page, expect

from asiointi.assistance.models import AssistanceCalculation
from asiointi.cases.constants import AttachmentKind, CaseStatus, DecisionOutcome
from asiointi.cases.models import Case
from asiointi.testing.fixtures import PDF_BYTES

pytestmark = pytest.mark.browser

AINO = "Aino Asukas"
SANNA = "Sanna Sosiaalityö"
START = "/asiointikansio/uusi/palvelu/toimeentulotuki/"
CHILD_BORN = "2018-05-04"
REASON = "Lapsen lääkkeisiin ja sähkölaskuun ei riitä rahaa tässä kuussa."


def log_in_as(page: Page, full_name: str, *, next_path: str) -> None:
    page.context.clear_cookies()  # the previous persona's session ends
    page.goto(f"/kirjaudu/demo/?next={next_path}")
    page.get_by_label(full_name).check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


def field(page: Page, name: str):
    return page.locator(f"main form [name='{name}']")


def add_row(page: Page, group: str) -> None:
    page.locator(f"main form button[name='_add_row'][value='{group}']").click()
    page.wait_for_load_state()


def fill_row(page: Page, group: str, index: int, **values: str) -> None:
    """Fill one group row, adding it first when the form does not show it yet."""
    first = next(iter(values))
    if not field(page, f"{group}__{index}__{first}").count():
        add_row(page, group)
    for name, value in values.items():
        target = field(page, f"{group}__{index}__{name}")
        if target.evaluate("element => element.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)


@pytest.fixture
def assistance_rules(transactional_db):
    """The rule tables come from a data migration; a live-server test before this one flushed
    every table, so load them again the way the migration does."""
    from django.apps import apps

    from asiointi.assistance.models import BasicAmount

    if not BasicAmount.objects.exists():
        importlib.import_module("asiointi.assistance.migrations.0002_rule_data").load(apps, None)


def test_resident_applies_social_worker_decides_and_the_letter_reaches_the_folder(
    page, axe, demo_data, assistance_rules, tmp_path
):
    # Aino starts from her folder.
    log_in_as(page, AINO, next_path="/asiointikansio/")
    page.locator(f"main a[href='{START}']").click()
    page.wait_for_url(f"**{START}")
    axe(page, "assistance start page")
    page.locator("#start-application").click()
    page.wait_for_url(re.compile(r"/asiointikansio/\d+/muokkaa/$"))
    case_id = int(re.search(r"/asiointikansio/(\d+)/muokkaa/", page.url).group(1))
    axe(page, "empty assistance form")

    field(page, "contact_phone").fill("040 123 4567")
    field(page, "street_address").fill("Kauppamiehentie 4 B 12")
    field(page, "postal_code").fill("00320")
    field(page, "post_office").fill("Helsinki")
    field(page, "bank_account").fill("FI2112345600000785")
    fill_row(page, "household", 0, name="Eetu Asukas", relation="child", birth_date=CHILD_BORN)
    fill_row(page, "incomes", 0, person=AINO, type="wage", amount="1 000,00")
    fill_row(page, "incomes", 1, person=AINO, type="housing-allowance", amount="250,00")
    fill_row(page, "expenses", 0, type="rent", amount="650,00")
    fill_row(page, "expenses", 1, type="electricity", amount="40,00")
    fill_row(page, "expenses", 2, type="medicines", amount="35,50", description="Lapsen lääkkeet")
    field(page, "reason").fill(REASON)
    page.locator("main form input[name='urgent'][value='no']").check()
    page.locator("main form button[name='action'][value='save']").click()
    page.wait_for_load_state()
    expect(page.locator("#error-summary")).to_have_count(0)
    axe(page, "filled assistance form")

    receipt = tmp_path / "apteekkikuitti.pdf"
    receipt.write_bytes(PDF_BYTES)
    page.locator("#attachment-file").set_input_files(receipt)
    page.locator("#attachment-kind").select_option(AttachmentKind.RECEIPTS)
    page.locator("button[name=action][value=attach]").click()
    page.wait_for_load_state()
    expect(page.locator("#attachments table")).to_contain_text(receipt.name)

    page.locator("main form button[name='action'][value='send']").click()
    page.wait_for_url(re.compile(rf"/asiointikansio/{case_id}/(\?.*)?(#.*)?$"))
    axe(page, "assistance receipt")
    case = Case.objects.get(pk=case_id)
    assert (case.status, case.team.code, case.urgent) == (CaseStatus.RECEIVED, "lansi", False)
    assert case.versions.get().data["household"] == [
        {"name": "Eetu Asukas", "relation": "child", "birth_date": CHILD_BORN}
    ]
    assert case.attachments.filter(kind=AttachmentKind.RECEIPTS).count() == 1

    # Sanna finds it in her team's queue and starts processing.
    log_in_as(page, SANNA, next_path="/kasittely/")
    row = page.locator(f"#queue-table a[href='/kasittely/{case_id}/']")
    expect(row).to_be_visible()
    axe(page, "social worker's queue")
    row.click()
    page.wait_for_url(f"**/kasittely/{case_id}/")
    page.locator("#start-processing").click()
    page.wait_for_url(f"**/kasittely/{case_id}/")
    expect(page.locator("#case-handler")).to_have_text(SANNA)

    # The calculation aid: a single parent with one child under 10.
    lines = page.locator("#calculation-lines")
    expect(lines.locator("tr[data-kind=total]")).to_be_visible()
    axe(page, "case page with the calculation aid")
    proposed = Decimal(
        lines.locator("tr[data-kind=total] td.money").inner_text().split()[0].replace(",", ".")
    )

    # She recognises only a reasonable rent; without a reason nothing is saved.
    rent = page.locator("#figures-expenses-0-amount")
    expect(rent).to_have_value("650,00")
    rent.fill("600,00")
    page.locator("#calculation-save").click()
    page.wait_for_load_state()
    expect(page.locator("#figures-errors")).to_be_visible()
    expect(page.locator("#figures-reason")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#figures-expenses-0-amount")).to_have_value("600,00")
    assert not AssistanceCalculation.objects.filter(case_id=case_id).exists()
    axe(page, "recognised figures with an error")
    page.locator("#figures-reason").fill("Kohtuullinen vuokra alueella on 600 euroa.")
    page.locator("#calculation-save").click()
    page.wait_for_url(re.compile(rf"/kasittely/{case_id}/(\?.*)?(#.*)?$"))
    saved = AssistanceCalculation.objects.get(case_id=case_id)
    assert saved.saved_by.username == "sanna"
    assert (saved.adjusted, saved.monthly_assistance) == (True, proposed - Decimal(50))
    expect(page.locator("#calculation-adjusted")).to_contain_text("600 euroa")
    # The proposal line by line now follows the recognised figures.
    expect(lines.locator("tr[data-kind=total]")).to_contain_text(
        f"{saved.monthly_assistance:.2f}".replace(".", ",")
    )
    expect(page.locator("#calculation-saved")).to_contain_text(
        f"{saved.monthly_assistance:.2f}".replace(".", ",")
    )
    axe(page, "case page with a saved calculation")

    # She decides the calculated amount.
    amount = f"{saved.monthly_assistance:.2f}"
    page.locator(f"#outcome-{DecisionOutcome.APPROVED}").check()
    page.locator("#decide-granted_amount").fill(amount.replace(".", ","))
    page.locator("#decide-reasoning").fill("Tuki myönnetään laskelman mukaisesti.")
    page.locator("#decide-submit").click()
    page.wait_for_url(re.compile(rf"/kasittely/{case_id}/(\?.*)?(#.*)?$"))
    expect(page.locator("#case-decision")).to_contain_text(amount.replace(".", ","))
    axe(page, "case page decided")
    case.refresh_from_db()
    assert (case.status, case.decision_outcome, case.granted_amount) == (
        CaseStatus.DECIDED,
        DecisionOutcome.APPROVED,
        saved.monthly_assistance,
    )

    # Aino sees the decision and downloads the letter from her folder.
    log_in_as(page, AINO, next_path=f"/asiointikansio/{case_id}/")
    expect(page.locator("#decision")).to_be_visible()
    link = page.locator("#decision-letter")
    expect(link).to_be_visible()
    axe(page, "decided application in the folder")
    response = page.request.get(link.get_attribute("href"))
    assert (response.status, response.headers["content-type"]) == (200, "application/pdf")
    reader = pypdf.PdfReader(io.BytesIO(response.body()))
    text = " ".join(
        "\n".join(pdf_page.extract_text() for pdf_page in reader.pages).replace("\xa0", " ").split()
    )
    assert reader.trailer["/Root"]["/Lang"] == "fi"
    for expected in (
        "Aino Asukas Kauppamiehentie 4 B 12 00320 Helsinki",
        amount.replace(".", ","),
        "600,00 €",
        "1 000,00 €",
        "Lapsen lääkkeet",
        case.record_number,
    ):
        assert expected in text, expected
