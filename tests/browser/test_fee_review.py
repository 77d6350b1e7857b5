"""An income review end to end in a real Chromium, with the registry simulators as real HTTP
servers: Eino consents online in his e-services folder; Maija Maksu opens the fee queue, fetches
his incomes from the registries, sees the figures with their sources, corrects one with a reason
and decides; the decision letter appears in Eino's folder and downloads as a PDF. axe-core checks
every page on the way.

The live server runs in a thread of this process, so the ``registry_simulators`` fixture's
settings (the registries' URLs) reach it.
"""

import datetime
import importlib
import re
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from asiointi.fees.constants import IncomeChoice, IncomeSource, Registry, ReviewStatus
from asiointi.fees.models import (
    FeeClient,
    FeeDecision,
    IncomeCorrection,
    IncomeRecord,
    IncomeReview,
    RegistryQuery,
)
from asiointi.organisation.models import Department

pytestmark = pytest.mark.browser

EINO = "Eino Eläkeläinen"
MAIJA = "Maija Maksu"
REASON = "Varman eläkepäätös 1.1.2026: 1 450,00 € kuukaudessa."


def log_in_as(page: Page, full_name: str, *, next_path: str) -> None:
    page.context.clear_cookies()  # the previous persona's session ends
    page.goto(f"/kirjaudu/demo/?next={next_path}")
    page.get_by_label(full_name).check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


def _next_month() -> datetime.date:
    today = timezone.localdate()
    return (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


@pytest.fixture
def fee_rules(transactional_db):
    """The rule tables come from data migrations; a live-server test before this one flushed
    every table, so load them again the way the migrations do."""
    from django.apps import apps

    from asiointi.fees.models import HomeCareIncomeLimit, VoucherFormula

    if not HomeCareIncomeLimit.objects.exists():
        importlib.import_module("asiointi.fees.migrations.0002_rule_data").load(apps, None)
    if not VoucherFormula.objects.exists():
        importlib.import_module("asiointi.fees.migrations.0004_voucher_formula").load(apps, None)


@pytest.fixture
def eino_review(demo_data, fee_rules) -> IncomeReview:
    client = FeeClient.objects.create(
        person=demo_data["eino"],
        department=Department.objects.get(code="social"),
        service="home-care",
        monthly_hours=12,
        monthly_cost=Decimal("1200.00"),
        current_amount=Decimal("150.00"),
        next_review_due=_next_month(),
    )
    return IncomeReview.objects.create(client=client, period_start=_next_month())


def test_official_fetches_corrects_and_decides_and_the_letter_reaches_the_folder(
    page, axe, eino_review, registry_simulators
):
    review = eino_review
    folder_path = f"/asiointikansio/asiakasmaksut/{review.pk}/"

    # Eino consents online in his folder.
    log_in_as(page, EINO, next_path=folder_path)
    axe(page, "client's fee review before the choice")
    page.locator(f"input[name=choice][value={IncomeChoice.CONSENT}]").check()
    for registry in Registry.values:
        page.locator(f"input[name=registries][value={registry}]").check()
    page.locator("#save-choice").click()
    page.wait_for_url(re.compile(rf"{folder_path}(#.*)?$"))
    review.refresh_from_db()
    assert (review.choice, review.choice_channel) == (IncomeChoice.CONSENT, "online")
    # The consent starts the fetch at once (inline in the demo and here): the official finds
    # the incomes and a proposal without waiting for the annual batch.
    assert len(registry_simulators.all_requests()) == 5
    assert review.status == ReviewStatus.PROPOSED

    # Maija finds the review among those needing work.
    log_in_as(page, MAIJA, next_path="/kasittely/asiakasmaksut/")
    expect(page.locator("#fee-tabs [data-count=manual]")).to_have_text("1")
    row = page.locator(f"#fee-queue tr[data-review='{review.pk}']")
    expect(row).to_contain_text(EINO)
    axe(page, "fee queue")
    row.get_by_role("link").click()
    page.wait_for_url(f"**/kasittely/asiakasmaksut/{review.pk}/")
    expect(page.locator("#consents")).to_contain_text(EINO)  # recorded by himself, online
    axe(page, "fee review page after the first fetch")

    # She fetches the incomes again: the registries answer, the lines show their sources.
    page.locator("#fetch-submit").click()
    page.wait_for_url(re.compile(rf"/kasittely/asiakasmaksut/{review.pk}/(#.*)?$"))
    expect(page.locator("#query-log tbody tr")).to_have_count(10)
    expect(page.locator("#query-log [data-query-ok=no]")).to_have_count(0)
    incomes = page.locator("#incomes")
    expect(incomes).to_contain_text("Varma")
    # The page is in Finnish, the default language: the tables carry the sources' names.
    with translation.override("fi"):
        incomes_register = str(IncomeSource.INCOMES_REGISTER.label)
        tax = str(IncomeSource.TAX.label)
    expect(incomes.locator(f"table[data-source='{incomes_register}']")).to_have_count(2)
    expect(incomes.locator(f"table[data-source='{tax}']")).to_have_count(1)
    expect(page.locator("#household-spouse")).to_contain_text("Elsa Eläkeläinen")
    expect(page.locator("#explanation li").first).to_be_visible()
    axe(page, "fee review page with fetched incomes")
    assert RegistryQuery.objects.filter(review=review, ok=True).count() == 10

    # She corrects Varma's pension with a reason.
    varma = IncomeRecord.objects.get(review=review, subject="client", payer__icontains="Varma")
    form = page.locator(f"form[action$='/tulot/{varma.pk}/korjaus/']")
    page.locator(f"details:has(form[action$='/tulot/{varma.pk}/korjaus/']) summary").click()
    form.locator(f"#id_correct-{varma.pk}-gross_monthly").fill("1450,00")
    form.locator(f"#id_correct-{varma.pk}-net_monthly").fill("1180,00")
    form.locator(f"#id_correct-{varma.pk}-reason").fill(REASON)
    form.locator(f"#correct-{varma.pk}-submit").click()
    page.wait_for_url(re.compile(rf"/kasittely/asiakasmaksut/{review.pk}/(#.*)?$"))
    expect(page.locator("#incomes .corrections")).to_contain_text(REASON)
    axe(page, "fee review page after a correction")
    correction = IncomeCorrection.objects.get(record=varma)
    assert (correction.new_gross_monthly, correction.corrected_by.username) == (
        Decimal("1450.00"),
        "maija",
    )

    # She decides on the proposal's amount.
    review.refresh_from_db()
    proposed_amount = review.proposal.amount
    # Written as the Finnish page writes amounts (180,20), not 180.20.
    expect(page.locator("#id_decide-amount")).to_have_value(
        f"{proposed_amount:.2f}".replace(".", ",")
    )
    page.locator("#decide-submit").click()
    page.wait_for_url(re.compile(rf"/kasittely/asiakasmaksut/{review.pk}/(#.*)?$"))
    expect(page.locator("#decision-letter")).to_be_visible()
    expect(page.locator("#decide-submit")).to_have_count(0)
    axe(page, "fee review page after the decision")
    decision = FeeDecision.objects.get(review=review)
    review.refresh_from_db()
    assert (decision.amount, decision.decided_by.username, review.status) == (
        proposed_amount,
        "maija",
        ReviewStatus.DECIDED,
    )

    # The letter is in Eino's folder and downloads as a PDF.
    log_in_as(page, EINO, next_path=folder_path)
    link = page.locator("#decision-letter")
    expect(link).to_be_visible()
    axe(page, "client's fee review with the decision")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
