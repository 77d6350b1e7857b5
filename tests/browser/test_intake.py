"""Intake by staff in a real Chromium: Kaisa Käsittelijä registers a paper application with its
scanned PDF, finds it in the queue, opens it and sees that it overlaps an application the same
association sent to another department. axe-core checks every page on the way."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from asiointi.accounts.models import ApplicantOrganisation
from asiointi.cases.constants import AttachmentKind, CaseStatus, Channel
from asiointi.cases.models import Case
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.sending import case_send
from asiointi.catalogue.models import GrantCall
from asiointi.testing.builders import grant_answers
from asiointi.testing.fixtures import PDF_BYTES
from tests.browser.test_handler_queue import KAISA, log_in_as

pytestmark = pytest.mark.browser

YEAR = timezone.localdate().year + 1
PURPOSE = "Kevään ja syksyn lastenteatteriesitykset sekä kesän avoimet työpajat."


def education_application(users) -> Case:
    """The association's project application to education: same year, similar purpose."""
    matti = users["matti"]
    organisation = ApplicantOrganisation.objects.get(business_id="1234567-1")
    call = GrantCall.objects.get(service__code="projektiavustus")
    data = grant_answers(organisation, matti, "4000.00")
    for name in ("activity_area", "target_groups", "member_count"):
        data.pop(name)
    data.update(
        project_name="Lastenteatteri",
        purpose="Lastenteatterin esitykset keväällä ja syksyllä sekä avoimet työpajat kesällä.",
        period={"start": f"{YEAR}-03-01", "end": f"{YEAR}-06-30"},
        budget=[{"kind": "expense", "item": "Lavasteet", "amount": "4000.00"}],
    )
    case = case_create_draft(actor=matti, grant_call=call, organisation=organisation)
    return case_send(actor=matti, case=case, data=data)


def fill_paper_application(page: Page) -> None:
    values = {
        "applicant_national_id": "131052-308T",
        "applicant_first_name": "Eeva",
        "applicant_last_name": "Esimerkki",
        "organisation_business_id": "1234567-1",
        "organisation_name": "Kallion Kulttuuriyhdistys ry",
        "business_id": "1234567-1",
        "contact_name": "Eeva Esimerkki",
        "contact_email": "eeva@example.com",
        "bank_account": "FI21 1234 5600 0007 85",
        "member_count": "120",
        "purpose": PURPOSE,
        "period__start": f"{YEAR}-01-01",
        "period__end": f"{YEAR}-12-31",
        "requested_amount": "3000",
        "budget__0__item": "Esiintyjien palkkiot",
        "budget__0__amount": "3000",
    }
    for name, value in values.items():
        page.locator(f"#intake-form [name={name}]").fill(value)
    page.locator("[name=activity_area][value=culture]").check()
    page.locator("[name=budget__0__kind]").select_option("expense")
    page.locator("[name=earlier_grants][value=no]").check()
    page.locator("[name=intake_channel][value=paper]").check()


def test_handler_registers_a_paper_application_and_sees_the_overlap(page, axe, demo_data):
    other = education_application(demo_data)

    log_in_as(page, KAISA, next_path="/kasittely/")
    page.locator("#intake-link").click()
    page.wait_for_url("**/kasittely/kirjaus/")
    axe(page, "intake: choose the grant call")

    general = GrantCall.objects.get(service__code="yleisavustus")
    page.locator(f"#intake-calls a[href='/kasittely/kirjaus/{general.pk}/']").click()
    page.wait_for_url(f"**/kasittely/kirjaus/{general.pk}/")
    axe(page, "intake form")

    # A mistyped henkilötunnus: the errors are listed, the typed values stay.
    fill_paper_application(page)
    page.locator("[name=applicant_national_id]").fill("131052-308X")
    page.locator("#register").click()
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#error-summary a[href='#intake-applicant_national_id']")).to_be_visible()
    expect(page.locator("[name=purpose]")).to_have_value(PURPOSE)
    axe(page, "intake form with errors")
    assert not Case.objects.filter(channel=Channel.PAPER).exists()

    page.locator("[name=applicant_national_id]").fill("131052-308T")
    page.locator("#intake-scanned_paper").set_input_files(
        {"name": "hakemus-skannattu.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.locator("#register").click()
    page.wait_for_url(re.compile(r"/kasittely/\d+/$"))
    case = Case.objects.get(channel=Channel.PAPER)
    expect(page.locator(".hds-notification--success")).to_contain_text(case.record_number)
    axe(page, "handler case page of a registered paper application")

    page.goto("/kasittely/")
    row = page.locator("#queue-table tbody tr", has_text=case.record_number)
    expect(row).to_have_count(1)
    row.locator("a").first.click()
    page.wait_for_url(f"**/kasittely/{case.pk}/")
    expect(page.locator("#attachments")).to_contain_text("hakemus-skannattu.pdf")
    flags = page.locator("#overlap-flags")
    expect(flags).to_contain_text(other.record_number)
    expect(flags.locator(".overlap-reason")).to_have_text(
        [
            re.compile(
                # The page is in Finnish, the default language.
                r"^Päällekkäiset toiminta-ajat \(1\.1\.\d{4}–31\.12\.\d{4} ja "
                r"1\.3\.\d{4}–30\.6\.\d{4}\) ja samankaltainen käyttötarkoitus: 50 % sanoista "
                r"yhteisiä \(lastenteatteriesitykset, avoimet, työpajat\)\.$"
            )
        ]
    )
    axe(page, "handler case page with an overlap flag")

    case.refresh_from_db()
    assert (case.status, case.applicant.national_id, case.organisation.business_id) == (
        CaseStatus.RECEIVED,
        "131052-308T",
        "1234567-1",
    )
    assert case.attachments.get().kind == AttachmentKind.SCANNED_PAPER
