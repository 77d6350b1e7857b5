"""The form engine: what a person types becomes data, and every error is explained per field."""

from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import translation

from asiointi.catalogue.forms import load_form
from asiointi.eforms.display import diff, display_rows
from asiointi.eforms.formats import parse_decimal
from asiointi.eforms.parsing import data_from_post, extra_rows_from_post
from asiointi.eforms.rendering import bind, error_summary
from asiointi.eforms.spec import FormSpec
from asiointi.eforms.validation import validate


def general_form() -> FormSpec:
    form = load_form("yleisavustus")
    return FormSpec(form["schema"], form["presentation"])


VALID = {
    "organisation_name": "Kallion Kulttuuriyhdistys ry",
    "business_id": "1234567-1",
    "contact_name": "Matti Meikäläinen",
    "contact_email": "matti@example.com",
    "bank_account": "FI2112345600000785",
    "activity_area": "culture",
    "purpose": "Lastenteatteriesitykset ja avoimet työpajat koko vuoden ajan.",
    "period": {"start": "2027-01-01", "end": "2027-12-31"},
    "requested_amount": "5000.00",
    "budget": [{"kind": "expense", "item": "Tilavuokrat", "amount": "6000.00"}],
    "member_count": 120,
    "earlier_grants": False,
}


def post(**fields) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in fields.items():
        if isinstance(value, list):
            query.setlist(key, value)
        else:
            query[key] = value
    return query


def test_valid_data_has_no_errors():
    assert validate(general_form(), VALID) == {}


def test_empty_form_lists_every_required_field_in_form_order():
    with translation.override("en"):
        errors = validate(general_form(), {})
    assert list(errors)[:4] == ["organisation_name", "business_id", "contact_name", "contact_email"]
    assert errors["bank_account"] == ["This field is required."]
    assert "target_groups" not in errors  # optional


def test_each_format_gets_its_own_message():
    data = dict(
        VALID,
        business_id="1234567-2",
        bank_account="FI0012345600000785",
        contact_email="not-an-email",
        requested_amount="12,5x",
        period={"start": "2027-05-01", "end": "2027-04-01"},
    )
    with translation.override("en"):
        errors = validate(general_form(), data)
    assert errors == {
        "business_id": ["Enter a valid business ID (Y-tunnus), for example 1234567-1."],
        "contact_email": ["Enter an email address, for example name@example.com."],
        "bank_account": ["Enter a valid IBAN account number, for example FI21 1234 5600 0007 85."],
        "period": ["The end date must not be before the start date."],
        "requested_amount": ["Enter an amount in euros, for example 1 234,50."],
    }


def test_errors_in_budget_rows_point_at_the_cell():
    data = dict(
        VALID,
        budget=[
            {"kind": "expense", "item": "Vuokra", "amount": "100.00"},
            {"kind": "income", "amount": "-5.00"},
        ],
    )
    with translation.override("en"):
        errors = validate(general_form(), data)
    assert errors == {
        "budget.1.item": ["This field is required."],
        "budget.1.amount": ["The value must be at least 0."],
    }
    with translation.override("en"):
        summary = error_summary(general_form(), errors)
    assert ("f-budget-1-item", "Budget 2: Item", "This field is required.") in summary


def test_requested_amount_must_be_positive():
    with translation.override("en"):
        errors = validate(general_form(), dict(VALID, requested_amount="0.00"))
    assert errors == {"requested_amount": ["The value must be at least 1."]}


def test_finnish_input_formats_are_understood():
    spec = general_form()
    data = data_from_post(
        spec,
        post(
            requested_amount="5 000,50",
            member_count="120",
            period__start="1.1.2027",
            period__end="2027-12-31",
            earlier_grants="no",
            bank_account="fi21 1234 5600 0007 85",
            target_groups=["children", "youth"],
            budget__rows="2",
            budget__0__kind="income",
            budget__0__item="Jäsenmaksut",
            budget__0__amount="2 400",
            budget__1__kind="",
            budget__1__item="",
            budget__1__amount="",
        ),
    )
    assert data == {
        "requested_amount": "5000.50",
        "member_count": 120,
        "period": {"start": "2027-01-01", "end": "2027-12-31"},
        "earlier_grants": False,
        "bank_account": "FI2112345600000785",
        "target_groups": ["children", "youth"],
        "budget": [{"kind": "income", "item": "Jäsenmaksut", "amount": "2400.00"}],
    }


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_an_amount_shown_in_the_form_is_read_back_unchanged(language):
    """A draft saved again without changes keeps its amounts: "1,234.50" on an English page,
    "1 234,50" on a Finnish or Swedish one."""
    spec = general_form()
    data = dict(VALID, requested_amount="12345.50")
    with translation.override(language):
        bound = bind(spec, data, {}, {})
        shown = next(f for fs in bound for f in fs.fields if f.spec.name == "requested_amount")
        assert data_from_post(spec, post(requested_amount=shown.text))["requested_amount"] == (
            "12345.50"
        )


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1 234,50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("1.234,50", "1234.50"),
        ("1234,5", "1234.5"),
        # A lone comma is a decimal comma (Finnish and Swedish).
        ("1,2", "1.2"),
        ("1234.5", "1234.5"),
        ("€1,234.50", "1234.50"),
        ("1 234 €", "1234"),
    ],
)
def test_amounts_are_read_with_either_decimal_mark(typed, amount):
    assert parse_decimal(typed) == Decimal(amount)


@pytest.mark.parametrize("typed", ["1,234,50", "1.23.4", "12,34.50", "kymppi", ""])
def test_ambiguous_or_broken_amounts_are_not_guessed(typed):
    assert parse_decimal(typed) is None


def test_unparseable_input_is_kept_and_reported():
    spec = general_form()
    data = data_from_post(spec, post(requested_amount="viisi tonnia", member_count="paljon"))
    assert data == {"requested_amount": "viisi tonnia", "member_count": "paljon"}
    with translation.override("en"):
        errors = validate(spec, data)
    assert errors["requested_amount"] == ["Enter an amount in euros, for example 1 234,50."]
    assert errors["member_count"] == ["Enter a number."]


def test_add_and_remove_budget_rows():
    spec = general_form()
    data = dict(VALID, budget=[{"item": "a"}, {"item": "b"}, {"item": "c"}])
    assert extra_rows_from_post(spec, post(_add_row="budget"), data) == {"budget": 1}
    extra_rows_from_post(spec, post(_remove_row="budget:1"), data)
    assert data["budget"] == [{"item": "a"}, {"item": "c"}]
    bound = bind(spec, data, {}, {"budget": 1})
    budget = next(f for fs in bound for f in fs.fields if f.spec.name == "budget")
    assert budget.row_count == 3


def test_labels_follow_the_language():
    spec = general_form()
    with translation.override("sv"):
        assert spec.fields["business_id"].label == "FO-nummer"
    with translation.override("fi"):
        assert spec.fields["business_id"].label == "Y-tunnus"


def test_diff_lists_changed_fields_and_budget_cells():
    spec = general_form()
    after = dict(
        VALID,
        requested_amount="4500.00",
        budget=[
            {"kind": "expense", "item": "Tilavuokrat", "amount": "5500.00"},
            {"kind": "income", "item": "Lipputulot", "amount": "1000.00"},
        ],
    )
    with translation.override("en"):
        changes = diff(spec, VALID, after)
    assert [(c.label, c.before, c.after) for c in changes] == [
        ("Requested amount", "€5,000.00", "€4,500.00"),
        ("Budget, row 1: Amount", "€6,000.00", "€5,500.00"),
        ("Budget, row 2: Income or expense", "–", "Income"),
        ("Budget, row 2: Item", "–", "Lipputulot"),
        ("Budget, row 2: Amount", "–", "€1,000.00"),
    ]
    with translation.override("fi"):
        first = diff(spec, VALID, after)[0]
    assert (first.label, first.before) == ("Haettava summa", "5\xa0000,00\xa0€")


def test_display_shows_every_fieldset_with_formatted_values():
    with translation.override("en"):
        sections = display_rows(general_form(), VALID)
        values = {row.label: row.value for _, rows in sections for row in rows}
    assert values["Requested amount"] == "€5,000.00"
    assert (
        values["Has the organisation received grants from the city in the last three years?"]
        == "No"
    )
    assert values["Main area of activity"] == "Culture"
