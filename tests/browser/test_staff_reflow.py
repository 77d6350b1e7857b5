"""The staff pages outside the work queues and the case page, each with realistic data, at 1,024
and 1,280 px (issue 17: "every staff page at 1,024 px" without horizontal scrolling): the page
never scrolls sideways, no table scrolls inside its own region either (secondary columns and
long headings wrap instead), and axe-core finds nothing at either width. The main pages are
saved as screenshots for people to look at. Payments and decision lists show their amounts in
the Finnish format (1 234,56 €) and their statuses as HDS status labels.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from asiointi.accounts.models import ApplicantOrganisation
from asiointi.cases.constants import CaseStatus, DecisionOutcome
from asiointi.cases.models import Case, CaseReadAudit, ReadPurpose
from asiointi.cases.services.decisions import case_decide, case_propose_decision
from asiointi.cases.services.processing import case_start_processing
from asiointi.catalogue.constants import DecisionMaker
from asiointi.catalogue.models import GrantCall, Service
from asiointi.feedback.intake import FeedbackInput, feedback_submit
from asiointi.feedback.services import feedback_claim, feedback_request_statement
from asiointi.fees.constants import Channel, IncomeChoice
from asiointi.fees.models import IncomeRecord
from asiointi.grants import services as decision_lists
from asiointi.grants.constants import DecisionListStatus
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.payments.constants import BatchStatus, PaymentStatus
from asiointi.payments.models import Payment
from asiointi.payments.services.batches import batch_create
from asiointi.reports.tests.conftest import make_case
from tests.browser import test_fee_review, test_feedback_stats, test_reports
from tests.browser.test_handler_queue import KAISA, log_in_as, submitted_application
from tests.browser.test_payments import fi

pytestmark = pytest.mark.browser

# The data of other browser tests, as fixtures of this module too.
eino_review = test_fee_review.eino_review
fee_rules = test_fee_review.fee_rules
feedback_data = test_feedback_stats.feedback_data
granted_cases = test_reports.granted_cases

STAFF_WIDTHS = (1024, 1280)
RAILI = "Raili Rahoitus"
MAIJA = "Maija Maksu"
# An amount as the Finnish pages write it: 1 234,56 € with no-break spaces.
FINNISH_AMOUNT = re.compile(r"^\d{1,3}(\xa0\d{3})*,\d{2}\xa0€$")
# A long unbroken word in a title: headings must wrap it rather than widen the page.
LONG_TITLE = "Kulttuurilautakunnan avustusjaoston lisäkokouspöytäkirjaluonnostarkastusvaihe 11/2026"


def tables_scrolling(page: Page, width: int) -> list[str]:
    """The tables that would scroll inside their own region at ``width`` px."""
    original = page.viewport_size
    page.set_viewport_size({"width": width, "height": 900})
    try:
        return page.evaluate(
            """() => [...document.querySelectorAll('.hds-table-container')]
                .filter(box => box.scrollWidth > box.clientWidth + 1)
                .map(box => ((box.querySelector('table') || box).id
                             || box.getAttribute('aria-label')
                             || box.getAttribute('aria-labelledby'))
                            + ` (${box.scrollWidth} px in ${box.clientWidth} px; columns `
                            + [...(box.querySelector('tr') || box).children]
                                .map(cell => Math.round(cell.getBoundingClientRect().width))
                                .join('+') + ')')"""
        )
    finally:
        page.set_viewport_size(original)


def check_widths(page: Page, reflow, name: str) -> None:
    """No horizontal scrolling of the page nor of any table, and axe passes, at 1,024 and 1,280."""
    for width in STAFF_WIDTHS:
        reflow(page, name, width)
        assert tables_scrolling(page, width) == [], f"{name}: tables scroll at {width} px"


def granted_applications(users, count: int) -> list[Case]:
    """Granted applications of the association, two instalments each, ready for payment (the
    call asks for no payment request)."""
    GrantCall.objects.filter(service__code="yleisavustus").update(
        instalments=2, payment_request_required=False
    )
    cases = []
    for number in range(count):
        case = submitted_application(users, f"{3000 + 1234 * number}.00")
        case_start_processing(actor=users["kaisa"], case=case)
        cases.append(
            case_decide(
                actor=users["kaisa"],
                case=case,
                outcome=DecisionOutcome.APPROVED,
                granted_amount=f"{2468 + 1234 * number}.50",
                reasoning="Hyvä toimintasuunnitelma.",
            )
        )
    return cases


def test_payment_pages(page: Page, reflow, screenshots, demo_data):
    cases = granted_applications(demo_data, 3)
    # One payee with a long name, as registered associations have.
    Payment.objects.filter(case=cases[0]).update(
        payee_name="Kallion Kulttuuri- ja Taideyhdistys Kulttuuritalo Vanhan Kirjaston Ystävät ry"
    )
    log_in_as(page, RAILI, next_path="/kasittely/maksatus/")
    expect(page.locator("#payments-table tbody tr")).to_have_count(6)
    # The tabs between the two lists are HDS-style tabs, no list bullets.
    tabs = page.locator("nav.asi-tabs li")
    expect(tabs).to_have_count(2)
    assert tabs.first.evaluate("li => getComputedStyle(li).listStyleType") == "none"
    amounts = page.locator("#payments-table tbody td.money", has_text="€")
    expect(amounts).to_have_count(6)
    for amount in amounts.all():
        expect(amount).to_have_text(FINNISH_AMOUNT)
    check_widths(page, reflow, "finance: payments ready for payment")

    first = Payment.objects.filter(case__in=cases, status=PaymentStatus.READY).order_by("pk")
    batch = batch_create(actor=demo_data["raili"], payment_ids=[p.pk for p in first[:4]])
    page.goto(f"/kasittely/maksatus/erat/{batch.pk}/")
    status = page.locator("#batch-status .hds-status-label")
    expect(status).to_have_text(fi(BatchStatus.EXPORTED.label))
    expect(page.locator("#batch-total")).to_have_text(FINNISH_AMOUNT)
    expect(page.locator("#batch-payments tbody tr")).to_have_count(4)
    check_widths(page, reflow, "finance: payment batch")
    screenshots(page, "staff-payment-batch")

    page.locator("#mark-paid-submit").click()
    page.wait_for_url(f"**/kasittely/maksatus/erat/{batch.pk}/")
    expect(page.locator("#batch-status .hds-status-label--success")).to_have_text(
        fi(BatchStatus.PAID.label)
    )
    page.goto("/kasittely/maksatus/erat/")
    expect(page.locator("#batches-table tbody tr")).to_have_count(1)
    expect(page.locator("#batches-table .hds-status-label--success")).to_have_text(
        fi(BatchStatus.PAID.label)
    )
    check_widths(page, reflow, "finance: payment batches")


def proposals(users, count: int) -> list[Case]:
    GrantCall.objects.filter(service__code="yleisavustus").update(
        decision_maker=DecisionMaker.BOARD
    )
    cases = []
    for number in range(count):
        case = submitted_application(users, f"{4000 + 1111 * number}.00")
        case_start_processing(actor=users["kaisa"], case=case)
        cases.append(
            case_propose_decision(
                actor=users["kaisa"],
                case=case,
                outcome=DecisionOutcome.PARTIALLY_APPROVED,
                granted_amount=f"{2500 + 1111 * number}.00",
                reasoning="Osa kuluista ei ole avustuskelpoisia.",
            )
        )
    return cases


def test_decision_list_pages(page: Page, reflow, screenshots, demo_data):
    kaisa = demo_data["kaisa"]
    culture = Department.objects.get(code="culture")
    cases = proposals(demo_data, 4)
    approved = decision_lists.decision_list_create(
        actor=kaisa, department=culture, body_name="Kulttuurilautakunta", title="Kokous 10/2026"
    )
    decision_lists.decision_list_add_cases(actor=kaisa, decision_list=approved, cases=cases[:1])
    decision_lists.decision_list_approve(
        actor=kaisa,
        decision_list=approved,
        meeting_date=timezone.localdate() - datetime.timedelta(days=1),
        section="§ 45",
    )
    draft = decision_lists.decision_list_create(
        actor=kaisa,
        department=culture,
        body_name="Kulttuuri- ja vapaa-aikalautakunta",
        title=LONG_TITLE,
    )
    decision_lists.decision_list_add_cases(actor=kaisa, decision_list=draft, cases=cases[1:3])

    log_in_as(page, KAISA, next_path="/kasittely/paatoslistat/")
    rows = page.locator("#decision-lists tbody tr")
    expect(rows).to_have_count(2)
    # Item 1 of issue 17: an approved list reads "approved", as an HDS status label.
    expect(page.locator("#decision-lists .hds-status-label--success")).to_have_text(
        fi(DecisionListStatus.APPROVED.label)
    )
    check_widths(page, reflow, "decision lists")

    page.goto(f"/kasittely/paatoslistat/{draft.pk}/")
    expect(page.locator("#entries tbody tr")).to_have_count(2)
    for amount in page.locator("#entries td.money").all():
        expect(amount).to_have_text(FINNISH_AMOUNT)
    expect(page.locator("#add-cases .hds-checkbox")).to_have_count(1)
    check_widths(page, reflow, "decision list, draft")
    screenshots(page, "staff-decision-list")

    page.goto(f"/kasittely/paatoslistat/{approved.pk}/")
    expect(page.locator("#list-status .hds-status-label--success")).to_have_text(
        fi(DecisionListStatus.APPROVED.label)
    )
    check_widths(page, reflow, "decision list, approved")


def test_fee_review_page(
    page: Page, reflow, screenshots, demo_data, eino_review, registry_simulators
):
    from asiointi.fees import consents, proposals, records

    maija = demo_data["maija"]
    review = consents.review_record_choice(
        eino_review, choice=IncomeChoice.CONSENT, channel=Channel.PHONE, actor=maija
    )
    proposals.review_fetch_and_propose(review, actor=maija)
    review.refresh_from_db()
    assert IncomeRecord.objects.filter(review=review).count() > 2  # fetched from the registries
    varma = IncomeRecord.objects.get(review=review, subject="client", payer__icontains="Varma")
    records.income_record_correct(
        varma,
        actor=maija,
        gross_monthly="1450,00",
        net_monthly="1180,00",
        reason="Varman eläkepäätös 1.1.2026: 1 450,00 € kuukaudessa, takautuvasti korjattu.",
    )

    log_in_as(page, MAIJA, next_path=f"/kasittely/asiakasmaksut/{review.pk}/")
    expect(page.locator("#incomes .corrections")).to_be_visible()
    # Item 11 of issue 17: each withdrawal radio sits beside its own label, outside the table.
    withdraw = page.locator("form.asi-withdraw")
    expect(withdraw).to_have_count(1)
    expect(page.locator("#consents table form")).to_have_count(0)
    radios = withdraw.locator("input[type=radio]")
    for index in range(radios.count()):
        radio = radios.nth(index)
        label = withdraw.locator(f"label[for='{radio.get_attribute('id')}']")
        expect(label).to_have_count(1)
        radio_box, label_box = radio.bounding_box(), label.bounding_box()
        assert abs(radio_box["y"] - label_box["y"]) < 8  # the same line
        assert 0 <= label_box["x"] - radio_box["x"] < 40  # right after its own radio
    check_widths(page, reflow, "fee review")
    screenshots(page, "staff-fee-review")


def test_feedback_pages(page: Page, reflow, screenshots, demo_data):
    feedback = feedback_submit(
        FeedbackInput(
            service_code="kirjastot",
            title="Kirjaston aukioloajat ja lehtilukusalin sulkeminen kesäksi",
            description=(
                "Kirjaston aukioloajat ovat liian lyhyet arki-iltaisin, ja lehtilukusali on "
                "suljettu koko kesän. Toivoisin, että ainakin lauantaisin olisi auki pidempään. "
                "https://example.com/kirjasto/aukioloajat/kesa-2026/lehtilukusali?lahde=palaute"
            ),
            contact_name="Maija Meikäläinen-Virtanen",
            contact_email="maija.meikalainen-virtanen@example.com",
            contact_phone="040 111 2222",
            reply_wanted=True,
            publish_consent=True,
        )
    )
    kaisa = demo_data["kaisa"]
    feedback = feedback_claim(actor=kaisa, feedback=feedback)
    feedback_request_statement(
        actor=kaisa,
        feedback=feedback,
        question="Onko lehtilukusalin kesäsulku välttämätön remontin vuoksi?",
        department=Department.objects.get(code="education"),
    )
    log_in_as(page, KAISA, next_path=f"/kasittely/palaute/{feedback.pk}/")
    expect(page.locator("#feedback-handler")).to_have_text(KAISA)
    expect(page.locator("#feedback-status .hds-status-label")).to_be_visible()
    expect(page.locator("#statements [data-statement]")).to_have_count(1)
    check_widths(page, reflow, "feedback item")
    screenshots(page, "staff-feedback-item")

    page.goto("/kasittely/palaute/kirjaus/")
    check_widths(page, reflow, "register feedback")


def test_feedback_statistics_page(page: Page, reflow, screenshots, feedback_data):
    log_in_as(page, KAISA, next_path="/kasittely/palaute/tilastot/")
    expect(page.locator("#groups-table tbody tr")).to_have_count(2)
    expect(page.locator("#late-table tbody tr")).to_have_count(2)
    check_widths(page, reflow, "feedback statistics")
    screenshots(page, "staff-feedback-statistics")


def test_report_pages(page: Page, reflow, screenshots, demo_data, granted_cases):
    # The association was also granted money by another department this year: the overlap report.
    now = timezone.now()
    make_case(
        service=Service.objects.get(code="projektiavustus"),
        applicant=demo_data["matti"],
        organisation=ApplicantOrganisation.objects.get(business_id="1234567-1"),
        submitted_at=now - datetime.timedelta(days=10),
        requested="6000.00",
        status=CaseStatus.DECIDED,
        outcome=DecisionOutcome.APPROVED,
        granted="5500.00",
        decided_at=now - datetime.timedelta(days=2),
    )
    log_in_as(page, KAISA, next_path="/kasittely/raportit/")
    expect(page.locator("#grants-table tbody tr")).to_have_count(2)
    check_widths(page, reflow, "grant report by department")
    screenshots(page, "staff-grant-report")
    page.goto("/kasittely/raportit/?by=applicant")
    expect(page.locator("#grants-table tbody tr")).to_have_count(2)
    check_widths(page, reflow, "grant report by applicant")

    page.goto("/kasittely/paallekkaisyydet/")
    expect(page.locator("#overlap-report tbody tr")).to_have_count(1)
    check_widths(page, reflow, "overlap report")


def test_intake_and_read_audit_pages(page: Page, reflow, demo_data):
    kaisa = demo_data["kaisa"]
    Membership.objects.create(
        user=kaisa, department=Department.objects.get(code="education"), role=StaffRole.REPORTING
    )
    readers = [demo_data[name] for name in ("kaisa", "tiina", "raili")]
    for number in range(3):
        case = submitted_application(demo_data, f"{1000 + number}.00")
        CaseReadAudit.objects.create(
            reader=readers[number],
            case=case,
            read_at=timezone.now() - datetime.timedelta(hours=number),
            purpose=ReadPurpose.CROSS_DEPARTMENT,
            what="documents" if number else "case",
        )
    log_in_as(page, KAISA, next_path="/kasittely/lukuloki/")
    expect(page.locator("#read-audit tbody tr")).to_have_count(3)
    check_widths(page, reflow, "read audit")

    page.goto("/kasittely/kirjaus/")
    check_widths(page, reflow, "intake: choose the grant call")
    general = GrantCall.objects.get(service__code="yleisavustus")
    page.goto(f"/kasittely/kirjaus/{general.pk}/")
    page.locator("#register").click()  # nothing filled in: every error shown
    expect(page.locator("#error-summary")).to_be_visible()
    check_widths(page, reflow, "intake form with errors")


def test_amount_pattern_matches_the_finnish_format():
    """The pattern the tests above use: it must refuse the formats issue 17 (item 10) saw."""
    assert FINNISH_AMOUNT.match("1\xa0234,56\xa0€")
    assert FINNISH_AMOUNT.match("178,43\xa0€")
    assert not FINNISH_AMOUNT.match("178.43")
    assert not FINNISH_AMOUNT.match("1234,56\xa0€")
