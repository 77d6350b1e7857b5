"""The calculation aid on the social worker's case page: the proposal line by line for a date,
saving it on the case, and the decision form prefilled with it. Through HTTP as Sanna and Tero;
Maija (the social department, no team) and Kaisa (culture) are refused and change nothing.

Aino's application (asiointi.testing.fixtures.assistance_answers): living alone, wage 1000.00,
housing allowance 250.00, rent 650.00, electricity 40.00, medicines 35.50.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from asiointi.assistance.models import AssistanceCalculation
from asiointi.assistance.tests.conftest import audit_rows
from asiointi.cases.tests.conftest import snapshot
from asiointi.testing.fixtures import url

pytestmark = pytest.mark.django_db

# 1.1.–28.2.2026: basic amount 596.32, earned-income exemption 20 % at most 150 €.
JANUARY = "2026-01-15"
# 2025: the derived (unverified) table, basic amount 593.55.
LAST_YEAR = "2025-06-15"


def case_page(client, case, language="fi", **query):
    response = client.get(url("handling:case", case.pk, language=language), query)
    assert response.status_code == 200
    return response


def test_the_panel_shows_the_calculation_line_by_line(client, submitted_assistance, social_worker):
    client.force_login(social_worker)
    response = case_page(client, submitted_assistance, language="en", calculation_date=JANUARY)
    calculation = response.context["aid"].calculation
    assert (
        calculation.basic_amount,
        calculation.recognised_expenses,
        calculation.counted_incomes,
        calculation.monthly_assistance,
        calculation.unverified,
    ) == (
        Decimal("596.32"),
        Decimal("725.50"),
        Decimal("1100.00"),
        Decimal("221.82"),
        False,
    )
    assert [(line.kind, line.amount) for line in calculation.lines] == [
        ("basic", Decimal("596.32")),
        ("expense", Decimal("650.00")),
        ("expense", Decimal("40.00")),
        ("expense", Decimal("35.50")),
        ("income", Decimal("1000.00")),
        ("exemption", Decimal("150.00")),
        ("income", Decimal("250.00")),
        ("total", Decimal("221.82")),
    ]
    page = response.content.decode()
    assert '<caption id="calculation-lines-caption">Proposed social assistance for' in page
    assert page.count('<tr data-kind="') == 8
    assert '<tr data-kind="exemption">' in page
    assert "€221.82" in page
    assert 'id="calculation-unverified"' not in page
    assert 'value="2026-01-15"' in page
    # One page view, one read logged.
    assert audit_rows() == [(social_worker.pk, submitted_assistance.pk, "confidential", "case")]


def test_the_date_defaults_to_today(client, submitted_assistance, social_worker):
    client.force_login(social_worker)
    aid = case_page(client, submitted_assistance).context["aid"]
    assert aid.on == timezone.localdate()
    not_understood = case_page(client, submitted_assistance, calculation_date="15.1.2026")
    assert not_understood.context["aid"].on == timezone.localdate()
    assert 'id="calculation-date-error"' in not_understood.content.decode()


def test_an_unverified_rule_is_warned_about(client, submitted_assistance, social_worker):
    client.force_login(social_worker)
    response = case_page(client, submitted_assistance, language="en", calculation_date=LAST_YEAR)
    assert response.context["aid"].calculation.monthly_assistance == Decimal("219.05")
    assert response.context["aid"].calculation.unverified is True
    assert "<strong>Unverified rule:</strong>" in response.content.decode()


def test_a_date_without_rules_is_an_error_in_the_panel(client, submitted_assistance, social_worker):
    client.force_login(social_worker)
    response = case_page(client, submitted_assistance, calculation_date="2020-01-01")
    aid = response.context["aid"]
    # The page is in Finnish, the default language.
    assert (aid.calculation, aid.error.errors) == (
        None,
        {"date": ["Päivälle 2020-01-01 ei ole kirjattu toimeentulotuen sääntöjä."]},
    )
    page = response.content.decode()
    assert 'id="calculation-error"' in page
    assert "2020-01-01" in page
    # Nothing to save.
    assert 'id="calculation-save"' not in page


def test_saving_stores_the_calculation_and_prefills_the_decision(
    client, in_processing, social_worker
):
    response = client.post(
        url("handling:calculation_save", in_processing.pk), {"calculation_date": JANUARY}
    )
    assert response.status_code == 302
    assert response["Location"] == (
        url("handling:case", in_processing.pk) + "?calculation_date=2026-01-15#calculation"
    )
    saved = AssistanceCalculation.objects.get()
    assert (
        saved.case_id,
        saved.version_number,
        saved.calculation_date,
        saved.monthly_assistance,
        saved.saved_by,
    ) == (in_processing.pk, 1, datetime.date(2026, 1, 15), Decimal("221.82"), social_worker)
    assert saved.inputs == {
        "members": [{"type": "alone"}],
        "incomes": [
            {"type": "wage", "amount": "1000.00", "person": "Aino Asukas"},
            {"type": "housing-allowance", "amount": "250.00", "person": "Aino Asukas"},
        ],
        "expenses": [
            {"type": "rent", "amount": "650.00", "description": ""},
            {"type": "electricity", "amount": "40.00", "description": ""},
            {"type": "medicines", "amount": "35.50", "description": "Reseptilääkkeet"},
        ],
    }
    assert (saved.result["monthly_assistance"], saved.result["date"]) == ("221.82", JANUARY)
    assert len(saved.result["lines"]) == 8
    assert audit_rows() == [(social_worker.pk, in_processing.pk, "confidential", "calculation")]

    # Shown today, whatever the date of the current figures: the saved proposal is prefilled.
    page = case_page(client, in_processing, language="en").content.decode()
    assert 'id="decide-granted_amount" name="granted_amount" value="221.82"' in page
    assert "the proposal of the aid; the worker decides." in page
    assert "saved by Sanna Sosiaalityö" in page


def test_before_saving_the_current_proposal_is_prefilled(client, in_processing):
    page = case_page(client, in_processing, calculation_date=JANUARY).content.decode()
    # A Finnish page writes the amount as the rest of the page does (221,82), not 221.82.
    assert 'id="decide-granted_amount" name="granted_amount" value="221,82"' in page
    assert 'id="decide-proposal-label"' in page


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_prefilled_amount_is_written_as_the_page_writes_amounts(
    client, in_processing, language
):
    page = case_page(client, in_processing, language=language, calculation_date=JANUARY)
    html = page.content.decode()
    assert "221,82\u00a0€" in html  # the proposal in the calculation table
    assert 'name="granted_amount" value="221,82"' in html
    assert "221.82" not in html


def test_a_worker_of_another_team_saves_too(client, submitted_assistance, social_worker_east):
    client.force_login(social_worker_east)
    response = client.post(
        url("handling:calculation_save", submitted_assistance.pk), {"calculation_date": LAST_YEAR}
    )
    assert response.status_code == 302
    saved = AssistanceCalculation.objects.get()
    assert (saved.monthly_assistance, saved.saved_by) == (Decimal("219.05"), social_worker_east)


def test_a_date_without_rules_saves_nothing(client, submitted_assistance, social_worker):
    client.force_login(social_worker)
    response = client.post(
        url("handling:calculation_save", submitted_assistance.pk),
        {"calculation_date": "2020-01-01"},
    )
    assert response.status_code == 302
    assert not AssistanceCalculation.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "Päivälle 2020-01-01 ei ole kirjattu toimeentulotuen sääntöjä." in page


@pytest.mark.parametrize("persona", ["fee_official", "handler_culture"])
def test_staff_outside_the_teams_cannot_save(client, request, submitted_assistance, persona):
    before = snapshot(submitted_assistance)
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        url("handling:calculation_save", submitted_assistance.pk), {"calculation_date": JANUARY}
    )
    assert response.status_code == 404
    assert client.get(url("handling:case", submitted_assistance.pk)).status_code == 404
    assert not AssistanceCalculation.objects.exists()
    assert audit_rows() == []
    assert snapshot(submitted_assistance) == before


def test_a_grant_case_has_no_panel(client, submitted, handler_culture):
    client.force_login(handler_culture)
    response = case_page(client, submitted)
    assert response.context["aid"] is None
    assert 'id="calculation"' not in response.content.decode()
    response = client.post(url("handling:calculation_save", submitted.pk))
    assert response.status_code == 302
    assert not AssistanceCalculation.objects.exists()
