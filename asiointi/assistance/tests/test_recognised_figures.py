"""The social worker recognises the figures of the calculation aid on the case page: a lower rent,
an income found in a bank statement, a corrected member type; with a reason when they differ from
the application. Through HTTP as Sanna; the form's fields are read from the page and posted back
as a browser would. Maija (the social department, no team) is refused and changes nothing.

Aino's application (asiointi.testing.fixtures.assistance_answers): living alone, wage 1000.00,
housing allowance 250.00, rent 650.00, electricity 40.00, medicines 35.50. On 15.1.2026: basic
amount 596.32, earned-income exemption 150.00, so 596.32 + 725.50 − 1100.00 = 221.82.
"""

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from asiointi.assistance.models import AssistanceCalculation
from asiointi.assistance.tests.conftest import audit_rows
from asiointi.assistance.tests.test_letter import letter_text
from asiointi.cases.constants import CaseStatus, DecisionOutcome
from asiointi.cases.models import CaseReadAudit
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.sending import case_send
from asiointi.cases.tests.conftest import snapshot
from asiointi.testing.fixtures import assistance_answers, en, strongly_identified, url

pytestmark = pytest.mark.django_db

JANUARY = "2026-01-15"
APPLICATION_PROPOSAL = Decimal("221.82")
REASON = "Vain kohtuullinen vuokra 600 € hyväksytään."


class _FormFields(HTMLParser):
    """The fields of the form with id ``figures-form`` as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.in_form = False
        self.select = self.textarea = None
        self.first_option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == "figures-form"
        if not self.in_form:
            return
        if tag == "input" and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "select":
            self.select, self.first_option = attrs["name"], None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = attrs.get("value", "")
                self.fields.setdefault(self.select, self.first_option)
            if "selected" in attrs:
                self.fields[self.select] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.fields[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data.removeprefix("\n")


def form_fields(page: str) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(page)
    return parser.fields


@pytest.fixture
def worker(in_processing, social_worker):
    """Sanna, who has started processing Aino's case (so the decision form is offered)."""
    assert in_processing.status == CaseStatus.IN_PROCESSING
    return social_worker


def page_of(client, case, **query) -> str:
    response = client.get(en("handling:case", case.pk), {"calculation_date": JANUARY, **query})
    assert response.status_code == 200
    return response.content.decode()


def post_figures(client, case, fields: dict):
    CaseReadAudit.objects.all().delete()
    return client.post(
        en("handling:calculation_save", case.pk) + f"?calculation_date={JANUARY}", fields
    )


def test_the_form_is_prefilled_from_the_application(client, submitted_assistance, worker):
    fields = form_fields(page_of(client, submitted_assistance))
    assert fields == {
        "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
        "figures": "1",
        "calculation_date": JANUARY,
        "members-rows": "3",
        "incomes-rows": "4",
        "expenses-rows": "5",
        "members-0-type": "alone",
        "members-1-type": "",
        "members-2-type": "",
        "incomes-0-type": "wage",
        # Amounts as the page's language writes them (this page is in English).
        "incomes-0-amount": "1,000.00",
        "incomes-0-person": "Aino Asukas",
        "incomes-1-type": "housing-allowance",
        "incomes-1-amount": "250.00",
        "incomes-1-person": "Aino Asukas",
        **{f"incomes-{n}-{name}": "" for n in (2, 3) for name in ("type", "amount", "person")},
        "expenses-0-type": "rent",
        "expenses-0-amount": "650.00",
        "expenses-0-description": "",
        "expenses-1-type": "electricity",
        "expenses-1-amount": "40.00",
        "expenses-1-description": "",
        "expenses-2-type": "medicines",
        "expenses-2-amount": "35.50",
        "expenses-2-description": "Reseptilääkkeet",
        **{
            f"expenses-{n}-{name}": "" for n in (3, 4) for name in ("type", "amount", "description")
        },
        "reason": "",
    }


def test_every_input_has_a_label(client, submitted_assistance, worker):
    page = page_of(client, submitted_assistance)
    form = page[page.index('id="figures-form"') : page.index("</form>", page.index("figures-form"))]
    for name in ("members-0-type", "incomes-3-amount", "expenses-2-description", "reason"):
        assert f'<label class="visually-hidden" for="figures-{name}">' in form or (
            f'<label class="hds-text-input__label" for="figures-{name}">' in form
        ), name
    assert (
        '<label class="visually-hidden" for="figures-expenses-0-amount">Expenses, row 1: amount'
        in form
    )
    assert '<caption id="figures-members-caption">Household members</caption>' in form
    assert '<caption id="figures-incomes-caption">Incomes</caption>' in form
    assert '<caption id="figures-expenses-caption">Expenses</caption>' in form


def test_recognising_a_lower_rent_proposes_50_less(client, submitted_assistance, worker):
    fields = form_fields(page_of(client, submitted_assistance))
    fields.update({"expenses-0-amount": "600,00", "reason": REASON})
    response = post_figures(client, submitted_assistance, fields)
    assert response.status_code == 302
    assert response["Location"] == (
        en("handling:case", submitted_assistance.pk) + f"?calculation_date={JANUARY}#calculation"
    )
    saved = AssistanceCalculation.objects.get()
    assert (
        saved.monthly_assistance,
        saved.adjusted,
        saved.adjustment_reason,
        saved.calculation_date,
        saved.version_number,
        saved.saved_by,
    ) == (Decimal("171.82"), True, REASON, datetime.date(2026, 1, 15), 1, worker)
    assert APPLICATION_PROPOSAL - saved.monthly_assistance == Decimal("50.00")
    assert saved.inputs["expenses"] == [
        {"type": "rent", "amount": "600.00", "description": ""},
        {"type": "electricity", "amount": "40.00", "description": ""},
        {"type": "medicines", "amount": "35.50", "description": "Reseptilääkkeet"},
    ]
    assert (saved.result["recognised_expenses"], saved.result["monthly_assistance"]) == (
        "675.50",
        "171.82",
    )
    assert audit_rows() == [(worker.pk, submitted_assistance.pk, "confidential", "calculation")]

    page = page_of(client, submitted_assistance)
    # The proposal line by line now follows the recognised figures, and says so.
    lines = page[page.index('id="calculation-lines">') : page.index("</table>")]
    assert "with the recognised figures" in lines
    assert "€600.00" in lines and "€650.00" not in lines
    assert '<th scope="row">Proposed assistance</th>' in lines
    assert "€171.82" in lines and "€221.82" not in lines
    assert (
        '<span id="calculation-adjusted">The figures were adjusted from the application. '
        f"Reason: {REASON}</span>"
    ) in page
    # The decision form starts with the saved, adjusted proposal.
    assert 'id="decide-granted_amount" name="granted_amount" value="171.82"' in page
    # The form goes on from the adjusted figures, with their reason.
    again = form_fields(page)
    assert (again["expenses-0-amount"], again["reason"]) == ("600.00", REASON)


def test_another_date_is_calculated_from_the_recognised_figures(
    client, submitted_assistance, worker
):
    fields = form_fields(page_of(client, submitted_assistance))
    fields.update({"expenses-0-amount": "600,00", "reason": REASON})
    assert post_figures(client, submitted_assistance, fields).status_code == 302
    # From 1.3.2026: basic amount 578.43, no exemption; 578.43 + 675.50 − 1250.00 = 3.93 (the
    # application's rent would give 53.93).
    page = page_of(client, submitted_assistance, calculation_date="2026-03-15")
    lines = page[page.index('id="calculation-lines">') : page.index("</table>")]
    assert "€3.93" in lines and "€53.93" not in lines


def test_the_saved_line_is_in_finnish_by_default(client, submitted_assistance, worker):
    finnish = client.get(
        url("handling:case", submitted_assistance.pk), {"calculation_date": JANUARY}
    )
    shown = form_fields(finnish.content.decode())
    assert (shown["incomes-0-amount"], shown["expenses-0-amount"]) == ("1\xa0000,00", "650,00")
    fields = form_fields(page_of(client, submitted_assistance))
    fields.update({"expenses-0-amount": "600.00", "reason": REASON})
    assert post_figures(client, submitted_assistance, fields).status_code == 302
    page = client.get(url("handling:case", submitted_assistance.pk)).content.decode()
    assert 'id="calculation-adjusted"' in page
    assert REASON in page


def test_adding_an_income_row(client, submitted_assistance, worker):
    fields = form_fields(page_of(client, submitted_assistance))
    fields.update(
        {
            "incomes-2-type": "other",
            "incomes-2-amount": "80",
            "incomes-2-person": "Aino Asukas",
            "reason": "Tiliotteelta löytyi säännöllinen tulo 80 €.",
        }
    )
    assert post_figures(client, submitted_assistance, fields).status_code == 302
    saved = AssistanceCalculation.objects.get()
    assert saved.monthly_assistance == Decimal("141.82")
    assert saved.inputs["incomes"] == [
        {"type": "wage", "amount": "1000.00", "person": "Aino Asukas"},
        {"type": "housing-allowance", "amount": "250.00", "person": "Aino Asukas"},
        {"type": "other", "amount": "80.00", "person": "Aino Asukas"},
    ]
    assert saved.result["counted_incomes"] == "1180.00"
    assert saved.adjusted is True


def test_changing_a_member_type_and_adding_a_child(client, submitted_assistance, worker):
    fields = form_fields(page_of(client, submitted_assistance))
    fields.update(
        {
            "members-0-type": "single-parent",
            "members-1-type": "child-under-10",
            "reason": "Lapsi asuu hakijan luona.",
        }
    )
    assert post_figures(client, submitted_assistance, fields).status_code == 302
    saved = AssistanceCalculation.objects.get()
    # 679.80 + 375.68 + 725.50 − 1100.00
    assert (saved.monthly_assistance, saved.result["basic_amount"]) == (
        Decimal("680.98"),
        "1055.48",
    )
    assert saved.inputs["members"] == [{"type": "single-parent"}, {"type": "child-under-10"}]


def test_removing_a_row_by_emptying_its_amount(client, submitted_assistance, worker):
    fields = form_fields(page_of(client, submitted_assistance))
    fields.update({"expenses-1-amount": "", "reason": "Sähkö sisältyy vuokraan."})
    assert post_figures(client, submitted_assistance, fields).status_code == 302
    saved = AssistanceCalculation.objects.get()
    assert saved.monthly_assistance == Decimal("181.82")
    assert [item["type"] for item in saved.inputs["expenses"]] == ["rent", "medicines"]


def test_the_application_figures_unchanged_need_no_reason(client, submitted_assistance, worker):
    fields = form_fields(page_of(client, submitted_assistance))
    fields["reason"] = "Ei muutoksia."
    assert post_figures(client, submitted_assistance, fields).status_code == 302
    saved = AssistanceCalculation.objects.get()
    assert (saved.monthly_assistance, saved.adjusted, saved.adjustment_reason) == (
        APPLICATION_PROPOSAL,
        False,
        "",
    )
    assert 'id="calculation-adjusted"' not in page_of(client, submitted_assistance)


def test_a_missing_reason_saves_nothing_and_keeps_the_input(client, submitted_assistance, worker):
    before = snapshot(submitted_assistance)
    fields = form_fields(page_of(client, submitted_assistance))
    fields.update(
        {"expenses-0-amount": "600,00", "incomes-2-type": "gift", "incomes-2-amount": "20"}
    )
    response = post_figures(client, submitted_assistance, fields)
    assert response.status_code == 422
    assert response.context["figures_form"].errors == {
        "reason": ["Give the reason for the changes: the figures differ from the application."]
    }
    page = response.content.decode()
    assert (
        '<section class="error-summary hds-notification hds-notification--error" role="alert" '
        'id="figures-errors"' in page
    )
    assert '<a href="#figures-reason">Give the reason for the changes' in page
    assert (
        '<span class="error-message" id="figures-reason-error">Give the reason for the changes'
    ) in page
    assert 'aria-invalid="true"' in page
    kept = form_fields(page)
    assert (kept["expenses-0-amount"], kept["incomes-2-type"], kept["incomes-2-amount"]) == (
        "600,00",
        "gift",
        "20",
    )
    assert not AssistanceCalculation.objects.exists()
    assert snapshot(submitted_assistance) == before
    assert audit_rows() == [(worker.pk, submitted_assistance.pk, "confidential", "calculation")]


def test_a_bad_amount_and_an_unknown_type_are_shown_beside_their_fields(
    client, submitted_assistance, worker
):
    fields = form_fields(page_of(client, submitted_assistance))
    fields.update(
        {
            "incomes-0-amount": "tuhat",
            "expenses-1-type": "pizza",
            "expenses-3-amount": "12",
            "members-1-type": "cat",
            "reason": REASON,
        }
    )
    response = post_figures(client, submitted_assistance, fields)
    assert response.status_code == 422
    assert response.context["figures_form"].errors == {
        "members.1.type": ["Unknown type “cat”; choose the type from the list."],
        "incomes.0.amount": ["Enter an amount in euros, for example 600,00."],
        "expenses.1.type": ["Unknown type “pizza”; choose the type from the list."],
        "expenses.3.type": ["Choose the type from the list."],
    }
    page = response.content.decode()
    assert (
        '<span class="error-message" id="figures-incomes-0-amount-error">'
        "Enter an amount in euros, for example 600,00.</span>"
    ) in page
    assert 'aria-describedby="figures-expenses-1-type-error"' in page
    assert '<a href="#figures-expenses-3-type">Choose the type from the list.</a>' in page
    # What was typed stays, the unknown type too.
    kept = form_fields(page)
    assert (kept["incomes-0-amount"], kept["expenses-1-type"], kept["reason"]) == (
        "tuhat",
        "pizza",
        REASON,
    )
    assert not AssistanceCalculation.objects.exists()
    assert audit_rows() == [(worker.pk, submitted_assistance.pk, "confidential", "calculation")]


def test_the_calculators_errors_go_to_the_rows_posted(client, submitted_assistance, worker):
    fields = form_fields(page_of(client, submitted_assistance))
    # Electricity removed, so the new row 3 is the calculator's third expense.
    fields.update(
        {
            "members-0-type": "single-parent",
            "expenses-1-amount": "",
            "expenses-3-type": "other",
            "expenses-3-amount": "12.345",
        }
    )
    response = post_figures(client, submitted_assistance, fields)
    assert response.status_code == 422
    form = response.context["figures_form"]
    assert (form.message, form.errors) == (
        "Check the calculation's input.",
        {
            "members": ["A single parent's household needs at least one child."],
            "expenses.3.amount": ["Enter euros with at most two decimals."],
            "reason": ["Give the reason for the changes: the figures differ from the application."],
        },
    )
    page = response.content.decode()
    assert '<p class="error-message" id="figures-members-error">' in page
    assert 'id="figures-expenses-3-amount-error">Enter euros with at most two decimals.' in page
    assert not AssistanceCalculation.objects.exists()


def test_maija_is_refused_and_nothing_is_saved(
    client, submitted_assistance, social_worker, fee_official
):
    client.force_login(social_worker)
    fields = form_fields(page_of(client, submitted_assistance))
    fields.update({"expenses-0-amount": "600.00", "reason": REASON})
    before = snapshot(submitted_assistance)
    client.force_login(fee_official)
    response = post_figures(client, submitted_assistance, fields)
    assert response.status_code == 404
    assert not AssistanceCalculation.objects.exists()
    assert audit_rows() == []
    assert snapshot(submitted_assistance) == before


def test_the_decision_follows_the_adjusted_calculation_and_the_letter_prints_it(
    client, submitted_assistance, resident, worker, django_capture_on_commit_callbacks
):
    """Today's rules (from March 2026): basic amount 578.43, no earned-income exemption; with
    the rent recognised at 600.00: 578.43 + 675.50 − 1250.00 = 3.93."""
    resident.preferred_language = "fi"
    resident.save(update_fields=["preferred_language"])
    today = timezone.localdate().isoformat()
    page = client.get(en("handling:case", submitted_assistance.pk)).content.decode()
    fields = form_fields(page)
    assert fields["calculation_date"] == today
    fields.update({"expenses-0-amount": "600.00", "reason": REASON})
    response = client.post(
        en("handling:calculation_save", submitted_assistance.pk) + f"?calculation_date={today}",
        fields,
    )
    assert response.status_code == 302
    assert AssistanceCalculation.objects.get().monthly_assistance == Decimal("3.93")
    page = client.get(en("handling:case", submitted_assistance.pk)).content.decode()
    assert 'id="decide-granted_amount" name="granted_amount" value="3.93"' in page
    submitted_assistance.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            en("handling:decide", submitted_assistance.pk),
            {
                "lock_version": submitted_assistance.lock_version,
                "outcome": DecisionOutcome.APPROVED,
                "granted_amount": "3.93",
                "reasoning": REASON,
            },
        )
    assert response.status_code == 302
    submitted_assistance.refresh_from_db()
    assert (submitted_assistance.status, submitted_assistance.granted_amount) == (
        CaseStatus.DECIDED,
        Decimal("3.93"),
    )
    _reader, text = letter_text(client, resident, submitted_assistance)
    amounts = ["578,43 €", "600,00 €", "40,00 €", "35,50 €", "1 000,00 €", "250,00 €", "3,93 €"]
    for expected in amounts:
        assert expected in text, expected
    positions = [text.index(amount) for amount in amounts[:6]]
    assert positions == sorted(positions)
    assert "650,00 €" not in text
    assert "53,93 €" not in text


def test_a_family_application_posted_unchanged_is_not_adjusted(
    client, assistance_service, resident, social_worker
):
    """A single parent with a child, and texts with spaces around them as typed."""
    answers = assistance_answers(
        resident,
        household=[{"name": "Eetu Asukas", "relation": "child", "birth_date": "2019-05-01"}],
        expenses=[{"type": "rent", "amount": "650", "description": " Vuokra "}],
    )
    case = case_send(
        actor=resident,
        case=case_create_draft(actor=strongly_identified(resident), service=assistance_service),
        data=answers,
    )
    client.force_login(social_worker)
    fields = form_fields(page_of(client, case))
    assert (fields["members-0-type"], fields["members-1-type"]) == (
        "single-parent",
        "child-under-10",
    )
    assert post_figures(client, case, fields).status_code == 302
    saved = AssistanceCalculation.objects.get()
    # 679.80 + 375.68 + 650.00 − 1100.00
    assert (saved.monthly_assistance, saved.adjusted) == (Decimal("605.48"), False)
