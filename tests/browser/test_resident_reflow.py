"""Every page a resident sees, at a phone's narrowest width and at a desktop's, in Chromium.

WCAG 2.1 SC 1.4.10 (reflow): at 320 CSS pixels wide nothing needs horizontal scrolling, tables
become stacked rows, long Finnish compounds, file names and addresses wrap. ``reflow`` (tests/
browser/conftest.py) checks the page at a width — no horizontal scroll, axe-core finds nothing —
and this module runs it at 320 and at 1,280 px on each page. The main pages are also saved at
1,280 and 375 px (``screenshots``) into test-artifacts/screenshots/, which the run prints.

The data is made the way the other browser tests make it: the demo personas and catalogue
(``demo_data``), applications through the case services, fee reviews as in test_fee_review.py.
Issue 17, item 11 is checked here too: the board's cards and the tabs show no bullets.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from asiointi.accounts.models import ApplicantOrganisation
from asiointi.cases.constants import AttachmentKind
from asiointi.cases.services.attachments import attachment_add
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.messaging import message_send
from asiointi.cases.services.sending import case_send
from asiointi.catalogue.models import GrantCall
from asiointi.feedback.constants import Publication
from asiointi.feedback.intake import FeedbackInput, feedback_submit
from asiointi.feedback.models import Feedback
from asiointi.fees import consents, records
from asiointi.fees.constants import (
    Channel,
    IncomeChoice,
    IncomeKind,
    IncomeSource,
    Registry,
    Subject,
)
from asiointi.testing.builders import grant_answers
from asiointi.testing.fixtures import PDF_BYTES
from tests.browser.test_fee_review import eino_review, fee_rules  # noqa: F401 (fixtures)
from tests.browser.test_payments import granted_application

pytestmark = pytest.mark.browser

MATTI = "Matti Meikäläinen"
EINO = "Eino Eläkeläinen"
RAILI = "Raili Rahoitus"
KAISA_USERNAME = "kaisa"
ASSOCIATION = "Kallion Kulttuuriyhdistys ry (1234567-1)"
NARROW, WIDE = 320, 1280

# What makes a narrow page overflow: a Finnish compound, a file name and an address with no
# place to break, and an amount with no-break spaces.
COMPOUND = "Lastenteatteriesitystoimintasuunnitelmakokonaisuusarviointiraportti"
LONG_FILE = "talousarvio_ja_toimintasuunnitelma_vuodelle_2027_lopullinen_versio_allekirjoitettu.pdf"
URL = "https://www.example.fi/kulttuuripalvelut/avustukset/toimintaavustukset/hakuohjeet/2027"


def log_in_as(page: Page, full_name: str, *, next_path: str) -> None:
    page.context.clear_cookies()
    page.goto(f"/kirjaudu/demo/?next={next_path}")
    page.get_by_label(full_name).check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{next_path}")


def act_for(page: Page, organisation: str) -> None:
    page.locator("#acting-for").select_option(label=organisation)
    page.locator("form[action$='/asioin/'] button[type=submit]").click()
    expect(page.locator("#acting-for option:checked")).to_have_text(organisation)


def both_widths(page: Page, reflow, name: str) -> None:
    reflow(page, name, NARROW)
    reflow(page, f"{name} (wide)", WIDE)


def path(name: str, *args, language: str = "fi") -> str:
    with translation.override(language):
        return reverse(name, args=args)


def assert_no_bullets(page: Page, selector: str) -> None:
    """The visible items of the lists at ``selector`` show no list marker (issue 17, item 11)."""
    styles = page.locator(selector).evaluate_all(
        "items => items.filter(item => item.getBoundingClientRect().width > 0)"
        ".map(item => getComputedStyle(item).listStyleType)"
    )
    assert styles, f"no visible items at {selector}"
    assert set(styles) == {"none"}, f"{selector}: {styles}"


def application_with_history(users):
    """Matti's association's grant application: two versions (the second with a long compound
    word and an address in it), an attachment with a long file name, messages both ways, the
    handler's with a file."""
    matti = users["matti"]
    organisation = ApplicantOrganisation.objects.get(business_id="1234567-1")
    call = GrantCall.objects.get(service__code="yleisavustus")
    case = case_create_draft(actor=matti, grant_call=call, organisation=organisation)
    answers = grant_answers(organisation, matti, "5000.00")
    case = case_send(actor=matti, case=case, data=answers)
    answers = {
        **answers,
        "purpose": f"{COMPOUND}: katso {URL}",
        "budget": [*answers["budget"], {"kind": "expense", "item": COMPOUND, "amount": "1.00"}],
    }
    case = case_send(actor=matti, case=case, data=answers)
    upload = SimpleUploadedFile(LONG_FILE, PDF_BYTES, content_type="application/pdf")
    attachment_add(actor=matti, case=case, upload=upload, kind=AttachmentKind.BUDGET)
    message_send(actor=matti, case=case, body=f"Liitteenä {COMPOUND}. Ohjeet: {URL}")
    reply = SimpleUploadedFile(LONG_FILE, PDF_BYTES, content_type="application/pdf")
    message_send(
        actor=users[KAISA_USERNAME],
        case=case,
        body="Kiitos, hakemus on käsittelyssä.",
        uploads=[reply],
        from_staff=True,
    )
    return case


def test_public_pages_reflow(page: Page, reflow, screenshots, demo_data):
    feedback = feedback_submit(
        FeedbackInput(
            type="idea",
            service_code="kirjastot",
            title=f"{COMPOUND} lauantaisin",
            description="Alkuperäinen teksti.",
            publish_consent=True,
        )
    )
    Feedback.objects.filter(pk=feedback.pk).update(
        publication=Publication.PUBLISHED,
        public_description=f"Kirjasto voisi olla auki pidempään: {COMPOUND}. Lisää: {URL}",
        public_answer="Aukioloa pidennetään syksyllä.",
        published_at=timezone.now(),
    )

    # The first page a fresh test worker's live server serves may take a while on a busy machine.
    page.goto("/", timeout=30_000)
    both_widths(page, reflow, "front page")
    screenshots(page, "front-page")

    page.goto("/kirjaudu/?next=/")
    both_widths(page, reflow, "login")
    page.goto("/kirjaudu/demo/?next=/")
    both_widths(page, reflow, "demo login")

    page.goto("/palaute/")
    both_widths(page, reflow, "feedback form")
    screenshots(page, "feedback-form")
    page.locator("#id_type_1").check()
    page.locator("#id_description").fill("Rikki.")
    page.locator("main form[enctype] button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    both_widths(page, reflow, "feedback form with errors")
    page.locator("#id_description").fill(f"Keinu on rikki: {COMPOUND}. Kuva: {URL}")
    page.locator("main form[enctype] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/palaute/kiitos/[^/]+/$"))
    code = page.locator("#tracking-code").inner_text()
    both_widths(page, reflow, "feedback receipt")
    screenshots(page, "feedback-receipt")

    page.goto("/palaute/seuranta/")
    both_widths(page, reflow, "feedback tracking form")
    page.goto(f"/palaute/seuranta/{code}/")
    expect(page.locator("#feedback-status")).to_be_visible()
    both_widths(page, reflow, "feedback status")

    page.goto("/palaute/palsta/")
    expect(page.locator(".board-list > li")).to_have_count(1)
    assert_no_bullets(page, ".board-list > li")
    both_widths(page, reflow, "feedback board")
    screenshots(page, "feedback-board")
    page.locator(".board-list a").first.click()
    page.wait_for_url(f"**/palaute/palsta/{feedback.request_id}/")
    both_widths(page, reflow, "feedback board item")

    page.goto("/saavutettavuusseloste/")
    both_widths(page, reflow, "accessibility statement")
    page.goto("/tietosuojaseloste/")
    both_widths(page, reflow, "privacy notice")
    response = page.goto("/ei-ole-olemassa/")
    assert response is not None and response.status == 404
    both_widths(page, reflow, "404")


def test_application_pages_reflow(page: Page, reflow, screenshots, demo_data):
    case = application_with_history(demo_data)
    draft = case_create_draft(
        actor=demo_data["matti"],
        grant_call=GrantCall.objects.get(service__code="yleisavustus"),
        organisation=case.organisation,
    )

    log_in_as(page, MATTI, next_path="/asiointikansio/")
    act_for(page, ASSOCIATION)
    expect(page.locator("#applications-table tbody tr")).to_have_count(2)
    assert_no_bullets(page, "nav.asi-tabs li")
    both_widths(page, reflow, "folder")
    screenshots(page, "folder")

    page.goto(path("cases:start_service", "toimeentulotuki"))
    expect(page.locator("#start-refused")).to_be_visible()  # acting for the association
    both_widths(page, reflow, "benefit start page")

    # A new grant application, sent empty: the error summary and every field in error.
    page.goto("/asiointikansio/")
    page.locator("form[action*='/uusi/']", has_text="Kulttuurin yleisavustus").locator(
        "button"
    ).click()
    page.wait_for_url(re.compile(r"/asiointikansio/\d+/muokkaa/$"))
    both_widths(page, reflow, "new application form")
    page.locator("main form input[name='budget__0__item']").fill(COMPOUND)
    page.locator("main form button[name=action][value=send]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    both_widths(page, reflow, "application form with errors")
    screenshots(page, "application-form-with-errors")

    page.goto(path("cases:detail", case.pk))
    expect(page.locator("#messages article.message")).to_have_count(2)
    expect(page.locator("#attachments")).to_contain_text(LONG_FILE)
    both_widths(page, reflow, "application with messages and attachments")
    screenshots(page, "application")

    page.goto(path("cases:version", case.pk, 2) + "?vs=1")
    expect(page.locator("#changes-title")).to_be_visible()
    both_widths(page, reflow, "version 2 with changes")
    screenshots(page, "version")

    page.goto(path("cases:withdraw", case.pk))
    both_widths(page, reflow, "withdraw confirmation")
    page.goto(path("cases:detail", draft.pk))
    both_widths(page, reflow, "draft")
    page.goto(path("cases:delete", draft.pk))
    both_widths(page, reflow, "delete confirmation")


def test_swedish_folder_and_application_reflow(page: Page, reflow, screenshots, demo_data):
    case = application_with_history(demo_data)
    log_in_as(page, MATTI, next_path="/sv/asiointikansio/")
    act_for(page, ASSOCIATION)
    page.wait_for_url("**/sv/asiointikansio/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    both_widths(page, reflow, "folder (sv)")
    screenshots(page, "folder-sv")
    page.goto(path("cases:detail", case.pk, language="sv"))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    both_widths(page, reflow, "application (sv)")
    screenshots(page, "application-sv")
    page.goto(path("cases:edit", case.pk, language="sv"))
    both_widths(page, reflow, "application form (sv)")


def test_payment_pages_reflow(page: Page, reflow, screenshots, demo_data):
    case = granted_application(demo_data)
    log_in_as(page, MATTI, next_path=path("cases:detail", case.pk))
    expect(page.locator("#payment-table tbody tr")).to_have_count(2)
    both_widths(page, reflow, "application with instalments")
    page.locator("#payment-report").fill(f"{COMPOUND}.")
    page.locator("#payment-request-submit").click()  # no attachment: the errors
    expect(page.locator("#payment-errors")).to_be_visible()
    both_widths(page, reflow, "payment request with errors")
    screenshots(page, "payment-request")

    # The finance pages' tabs (staff, but issue 17 item 11 names them): no bullets.
    log_in_as(page, RAILI, next_path="/kasittely/maksatus/")
    assert_no_bullets(page, "nav.asi-tabs li")


def test_fee_pages_reflow(page: Page, reflow, screenshots, eino_review, registry_simulators):  # noqa: F811
    review = eino_review
    review_path = path("fees_folder:detail", review.pk)
    log_in_as(page, EINO, next_path=review_path)
    both_widths(page, reflow, "fee review before the choice")
    screenshots(page, "fee-review")

    # The choice: radios and checkboxes in selection groups, each input beside its own label.
    options = page.locator("#choice-group .hds-radio-button, #registries-group .hds-checkbox")
    expect(options).to_have_count(len(IncomeChoice.values) + len(Registry.values))
    for option in options.all():
        box, label = option.locator("input"), option.locator("label")
        assert label.get_attribute("for") == box.get_attribute("id")
        # The (design system's) box is drawn at the start of its own label's first line.
        input_box, label_box = box.bounding_box(), label.bounding_box()
        centre_x = input_box["x"] + input_box["width"] / 2
        centre_y = input_box["y"] + input_box["height"] / 2
        assert label_box["x"] - 1 <= centre_x <= label_box["x"] + 40, (input_box, label_box)
        assert label_box["y"] - 4 <= centre_y <= label_box["y"] + 40, (input_box, label_box)
    assert page.locator("#choice table, #choice td").count() == 0

    page.locator(f"input[name=choice][value={IncomeChoice.CONSENT}]").check()
    for registry in Registry.values:
        page.locator(f"input[name=registries][value={registry}]").check()
    page.locator("#save-choice").click()
    page.wait_for_url(re.compile(rf"{review_path}(#.*)?$"))
    expect(page.locator("#consents")).to_be_visible()
    both_widths(page, reflow, "fee review with a consent")

    page.locator("[id^=withdraw-consent-]").click()
    expect(page.locator("#confirm-withdraw")).to_be_visible()
    both_widths(page, reflow, "consent withdrawal confirmation")

    page.goto("/asiointikansio/")
    expect(page.locator("#client-fees-table")).to_be_visible()
    both_widths(page, reflow, "folder with client fees")
    screenshots(page, "folder-client-fees")


def test_declared_incomes_reflow(page: Page, reflow, eino_review):  # noqa: F811
    """The client declares his incomes himself: the table of declared incomes (a long payer's
    name and file name) and the form for another one, with its errors."""
    review, eino = eino_review, eino_review.client.person
    consents.review_record_choice(
        review, choice=IncomeChoice.DECLARED, channel=Channel.ONLINE, actor=eino
    )
    start = review.period_start
    records.income_record_add(
        review,
        actor=eino,
        source=IncomeSource.DECLARED,
        subject=Subject.CLIENT,
        kind=IncomeKind.PENSION,
        gross_monthly="1450.00",
        net_monthly="1180.00",
        period_start=start,
        period_end=start.replace(year=start.year + 1),
        payer=f"Keskinäinen {COMPOUND}",
        upload=SimpleUploadedFile(LONG_FILE, PDF_BYTES, content_type="application/pdf"),
    )
    review_path = path("fees_folder:detail", review.pk)
    log_in_as(page, EINO, next_path=review_path)
    expect(page.locator("#declared-incomes-table tbody tr")).to_have_count(1)
    both_widths(page, reflow, "declared incomes")
    page.locator("#add-income").click()  # nothing filled in: the errors
    expect(page.locator("#error-summary")).to_be_visible()
    both_widths(page, reflow, "declared incomes with errors")
