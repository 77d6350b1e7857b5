"""The calculation aid against worked examples derived by hand from the rules
(docs/assistance-calculation.md, loaded by migrations/0002_rule_data.py)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from asiointi.assistance.calculation import Expense, Income, Line, Member, calculate
from asiointi.assistance.models import BasicAmount, EarnedIncomeExemption
from asiointi.common.errors import ValidationFailed

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def members(*types):
    return [Member(type) for type in types]


def issue_example(on: datetime.date):
    return calculate(
        on=on,
        members=members("alone"),
        incomes=[Income("wage", D("1000")), Income("housing-allowance", D("250"))],
        expenses=[Expense("rent", D("650")), Expense("electricity", D("40"))],
    )


def test_the_issues_example_in_2024():
    # Basic amount, living alone, 2024: 587.71.
    # Wage 1000: exemption min(20 % × 1000 = 200, 150) = 150 → 850 counts; housing allowance
    # 250 counts in full → incomes 1100. Expenses 650 + 40 = 690.
    # 587.71 + 690 − 1100 = 177.71.
    result = issue_example(datetime.date(2024, 5, 1))
    assert (
        result.basic_amount,
        result.recognised_expenses,
        result.counted_incomes,
        result.monthly_assistance,
        result.unverified,
    ) == (D("587.71"), D("690.00"), D("1100.00"), D("177.71"), False)
    assert result.lines == [
        Line("basic", "Living alone", D("587.71"), ""),
        Line("expense", "Rent or maintenance charge", D("650"), ""),
        Line("expense", "Household electricity", D("40"), ""),
        Line("income", "Earned income (net)", D("1000"), ""),
        Line("exemption", "Earned-income exemption", D("150.00"), ""),
        Line("income", "Housing allowance", D("250"), ""),
        Line("total", "Proposed assistance", D("177.71"), ""),
    ]
    assert result.explanation() == [
        "Social assistance for 1 May 2024, per month:",
        "Basic amount, Living alone: €587.71",
        "Basic amounts in total: €587.71",
        "Expense, Rent or maintenance charge: €650.00",
        "Expense, Household electricity: €40.00",
        "Recognised expenses in total: €690.00 (as given; the social worker judges whether "
        "each is reasonable)",
        "Income, Earned income (net): €1,000.00",
        "Earned-income exemption: 20 % of €1,000.00, at most €150.00: −€150.00",
        "Income, Housing allowance: €250.00",
        "Counted incomes in total: €1,100.00",
        "€587.71 + €690.00 − €1,100.00 = €177.71",
        "Proposed assistance: €177.71 a month. The social worker decides.",
    ]


def test_json_document_has_string_amounts():
    document = issue_example(datetime.date(2024, 5, 1)).as_json()
    assert {key: document[key] for key in document if key not in ("explanation", "lines")} == {
        "date": "2024-05-01",
        "monthly_assistance": "177.71",
        "basic_amount": "587.71",
        "recognised_expenses": "690.00",
        "counted_incomes": "1100.00",
        "unverified": False,
    }
    assert document["lines"][4] == {
        "kind": "exemption",
        "label": "Earned-income exemption",
        "amount": "150.00",
        "note": "",
    }
    assert len(document["explanation"]) == 12


def test_the_same_household_after_the_march_2026_reform_has_no_exemption():
    # Basic amount from 1.3.2026: 578.43. The exemption is removed (rate 0): incomes
    # 1000 + 250 = 1250. 578.43 + 690 − 1250 = 18.43.
    result = issue_example(datetime.date(2026, 3, 1))
    assert (result.basic_amount, result.counted_incomes, result.monthly_assistance) == (
        D("578.43"),
        D("1250.00"),
        D("18.43"),
    )
    assert [line.kind for line in result.lines].count("exemption") == 0
    assert "The earned-income exemption does not apply on this date." in result.explanation()


def test_the_day_before_the_reform_still_has_the_exemption():
    # 28.2.2026: basic 596.32; incomes 1000 − 150 + 250 = 1100; 596.32 + 690 − 1100 = 186.32.
    result = issue_example(datetime.date(2026, 2, 28))
    assert result.monthly_assistance == D("186.32")


def test_a_family_with_two_earners_and_three_children():
    # 1.2.2026 (table 1.1.–28.2.2026): two adults 506.87 × 2 = 1013.74; child 10–17 as the
    # 1st child 417.42; child under 10 as the 2nd 345.87; child under 10 as the 3rd 316.05.
    # Basic amounts 1013.74 + 417.42 + 345.87 + 316.05 = 2093.08.
    # Wages 300 (exemption 20 % = 60) and 1000 (min(200, 150) = 150):
    # incomes 300 − 60 + 1000 − 150 = 1090.
    # Expenses 1200 + 80 + 25 = 1305. 2093.08 + 1305 − 1090 = 2308.08.
    result = calculate(
        on=datetime.date(2026, 2, 1),
        members=members("adult", "adult", "child-10-17", "child-under-10", "child-under-10"),
        incomes=[Income("wage", D("300"), "Pekka"), Income("wage", D("1000"), "Liisa")],
        expenses=[
            Expense("rent", D("1200")),
            Expense("electricity", D("80")),
            Expense("home-insurance", D("25"), "Kotivakuutus"),
        ],
    )
    assert [
        (line.label, line.amount, line.note) for line in result.lines if line.kind == "basic"
    ] == [
        ("Other adult in the household", D("506.87"), ""),
        ("Other adult in the household", D("506.87"), ""),
        ("Child aged 10–17", D("417.42"), "1st child"),
        ("Child under 10", D("345.87"), "2nd child"),
        ("Child under 10", D("316.05"), "3rd or later child"),
    ]
    assert [(line.amount, line.note) for line in result.lines if line.kind == "exemption"] == [
        (D("60.00"), "Pekka"),
        (D("150.00"), "Liisa"),
    ]
    assert (
        result.basic_amount,
        result.recognised_expenses,
        result.counted_incomes,
        result.monthly_assistance,
    ) == (D("2093.08"), D("1305.00"), D("1090.00"), D("2308.08"))
    explanation = result.explanation()
    assert "Basic amount, Child under 10 (3rd or later child): €316.05" in explanation
    assert "Earned-income exemption (Pekka): 20 % of €300.00, at most €150.00: −€60.00" in (
        explanation
    )
    assert "Expense, Home insurance (Kotivakuutus): €25.00" in explanation


def test_a_fourth_child_gets_the_third_childs_amount():
    # 2024: single parent 669.99; children under 10: 370.26, 340.87, 311.49, 311.49 = 1334.11.
    # 669.99 + 1334.11 = 2004.10; no incomes or expenses.
    result = calculate(
        on=datetime.date(2024, 1, 1),
        members=members("single-parent", *["child-under-10"] * 4),
        incomes=[],
        expenses=[],
    )
    assert result.monthly_assistance == D("2004.10")


def test_a_single_parent_with_a_gift_over_the_family_allowance():
    # 2024: single parent 669.99 + 1st child under 10 370.26 + 2nd 340.87 = 1381.12.
    # Gift 120; a family's allowance is 100 → 20 counts. Benefit 500 counts in full: 520.
    # Rent 900. 1381.12 + 900 − 520 = 1761.12.
    result = calculate(
        on=datetime.date(2024, 9, 15),
        members=members("single-parent", "child-under-10", "child-under-10"),
        incomes=[Income("benefit", D("500")), Income("gift", D("120"))],
        expenses=[Expense("rent", D("900"))],
    )
    assert (result.basic_amount, result.counted_incomes, result.monthly_assistance) == (
        D("1381.12"),
        D("520.00"),
        D("1761.12"),
    )
    assert result.lines[-2] == Line(
        "gift", "Small gift", D("20.00"), "€120.00 given, €100.00 disregarded"
    )
    assert (
        "Small gifts €120.00, of which up to €100.00 a month is disregarded: €20.00 counts as "
        "income"
    ) in result.explanation()


def test_gifts_of_a_person_alone_are_summed_against_the_single_allowance():
    # 2024 alone 587.71; gifts 30 + 50 = 80, single allowance 50 → 30 counts.
    # 587.71 − 30 = 557.71.
    result = calculate(
        on=datetime.date(2024, 5, 1),
        members=members("alone"),
        incomes=[Income("gift", D("30")), Income("gift", D("50"))],
        expenses=[],
    )
    assert (result.counted_incomes, result.monthly_assistance) == (D("30.00"), D("557.71"))


def test_gifts_under_the_allowance_count_nothing():
    result = calculate(
        on=datetime.date(2024, 5, 1),
        members=members("alone"),
        incomes=[Income("gift", D("49.99"))],
        expenses=[],
    )
    assert (result.counted_incomes, result.monthly_assistance) == (D("0.00"), D("587.71"))


def test_exemption_is_a_fifth_of_a_small_wage_rounded_to_cents():
    # 2024 alone 587.71; wage 333.33 → 20 % = 66.666 → 66.67; counted 333.33 − 66.67 = 266.66.
    # 587.71 − 266.66 = 321.05.
    result = calculate(
        on=datetime.date(2024, 5, 1),
        members=members("alone"),
        incomes=[Income("wage", D("333.33"))],
        expenses=[],
    )
    assert (result.counted_incomes, result.monthly_assistance) == (D("266.66"), D("321.05"))


def test_incomes_above_the_needs_give_zero():
    # 2024 alone 587.71 + rent 500 = 1087.71; wage 3000 − 150 = 2850 → −1762.29 → 0.00.
    result = calculate(
        on=datetime.date(2024, 5, 1),
        members=members("alone"),
        incomes=[Income("wage", D("3000"))],
        expenses=[Expense("rent", D("500"))],
    )
    assert result.monthly_assistance == D("0.00")
    assert result.as_json()["monthly_assistance"] == "0.00"
    assert result.explanation()[-3:] == [
        "€587.71 + €500.00 − €2,850.00 = −€1,762.29",
        "The incomes cover the needs: no assistance is proposed.",
        "Proposed assistance: €0.00 a month. The social worker decides.",
    ]


def test_the_derived_2025_table_is_marked_unverified():
    # 2025 [D]: single parent 676.65; children derived from 2024 × 1.01: 10–17 1st
    # 411.40 × 1.01 = 415.514 → 415.51; under 10 2nd 340.87 × 1.01 = 344.2787 → 344.28.
    # 676.65 + 415.51 + 344.28 = 1436.44.
    result = calculate(
        on=datetime.date(2025, 6, 1),
        members=members("single-parent", "child-10-17", "child-under-10"),
        incomes=[],
        expenses=[],
    )
    assert (result.monthly_assistance, result.unverified) == (D("1436.44"), True)
    assert result.as_json()["unverified"] is True
    assert result.explanation()[-1] == (
        "Note: a figure used here is not yet confirmed by an administrator; check it before "
        "deciding."
    )


def test_an_unverified_exemption_row_marks_the_calculation():
    EarnedIncomeExemption.objects.filter(valid_from=datetime.date(2024, 1, 1)).update(
        verified=False
    )
    assert issue_example(datetime.date(2024, 5, 1)).unverified is True
    # Without a wage the exemption row is not used.
    result = calculate(
        on=datetime.date(2024, 5, 1), members=members("alone"), incomes=[], expenses=[]
    )
    assert result.unverified is False


def test_rule_data_2025_children_are_derived_and_unverified():
    rows = BasicAmount.objects.filter(valid_from=datetime.date(2025, 1, 1))
    assert {(row.member_type, row.child_order): row.amount for row in rows if row.child_order} == {
        ("child-10-17", 1): D("415.51"),
        ("child-10-17", 2): D("385.83"),
        ("child-10-17", 3): D("356.16"),
        ("child-under-10", 1): D("373.96"),
        ("child-under-10", 2): D("344.28"),
        ("child-under-10", 3): D("314.60"),
    }
    assert not rows.filter(verified=True).exists()
    assert BasicAmount.objects.filter(verified=False).count() == 10
    assert BasicAmount.objects.count() == 40
    assert not BasicAmount.objects.filter(valid_from__lt=datetime.date(2024, 1, 1)).exists()


# --- validation --------------------------------------------------------------------------------


def errors_of(**overrides) -> dict:
    arguments = {
        "on": datetime.date(2024, 5, 1),
        "members": members("alone"),
        "incomes": [],
        "expenses": [],
    } | overrides
    with pytest.raises(ValidationFailed) as failure:
        calculate(**arguments)
    return failure.value.errors


def test_a_date_before_the_rules_is_refused_naming_the_date():
    with pytest.raises(ValidationFailed) as failure:
        calculate(on=datetime.date(2023, 12, 31), members=members("alone"), incomes=[], expenses=[])
    assert failure.value.message == "No social assistance rules are recorded for 2023-12-31."
    assert failure.value.errors == {
        "date": ["No social assistance rules are recorded for 2023-12-31."]
    }


def test_no_members_is_refused():
    assert errors_of(members=[]) == {"members": ["Enter at least one household member."]}


def test_unknown_types_are_refused():
    assert errors_of(
        members=members("lodger"),
        incomes=[Income("lottery", D("5"))],
        expenses=[Expense("rent", D("1")), Expense("holiday", D("5"))],
    ) == {
        "members.0": [
            "Unknown member type lodger; choose one of: alone, adult, single-parent, "
            "adult-with-parents, child-10-17, child-under-10."
        ],
        "incomes.0": [
            "Unknown income type lottery; choose one of: wage, benefit, housing-allowance, "
            "gift, other."
        ],
        "expenses.1": [
            "Unknown expense type holiday; choose one of: rent, water, heating, electricity, "
            "home-insurance, health, medicines, care, other."
        ],
    }


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (D("-1"), "An amount cannot be negative."),
        (D("10.001"), "Enter euros with at most two decimals."),
        ("abc", "Enter an amount in euros, such as 1450.50."),
        (D("NaN"), "Enter an amount in euros, such as 1450.50."),
        (D("1E+100"), "Enter a monthly amount below one million euros."),
    ],
)
def test_bad_amounts_are_refused(amount, message):
    assert errors_of(incomes=[Income("wage", amount)], expenses=[Expense("rent", amount)]) == {
        "incomes.0": [message],
        "expenses.0": [message],
    }


@pytest.mark.parametrize(
    ("types", "message"),
    [
        (
            ("alone", "single-parent", "child-under-10"),
            "A household has at most one member living alone or as a single parent.",
        ),
        (("alone", "adult"), "A person living alone must be the household's only member."),
        (("alone", "child-under-10"), "A person living alone must be the household's only member."),
        (("single-parent",), "A single parent's household needs at least one child."),
        (
            ("single-parent", "adult-with-parents"),
            "A single parent's household needs at least one child.",
        ),
    ],
)
def test_impossible_households_are_refused(types, message):
    assert errors_of(members=members(*types)) == {"members": [message]}


def test_a_single_parent_with_another_adult_is_refused():
    assert errors_of(members=members("single-parent", "adult", "child-10-17")) == {
        "members": [
            "A single parent cannot be combined with another adult of the household; give "
            "both adults as adult."
        ]
    }


def test_a_single_parent_may_live_with_an_adult_child():
    # 2024: single parent 669.99 + adult living with parent(s) 429.03 + child 10–17 (1st)
    # 411.40 = 1510.42.
    result = calculate(
        on=datetime.date(2024, 5, 1),
        members=members("single-parent", "adult-with-parents", "child-10-17"),
        incomes=[],
        expenses=[],
    )
    assert result.monthly_assistance == D("1510.42")


# --- the admin ---------------------------------------------------------------------------------


def test_admin_confirms_the_derived_rows(admin_client, admin_user):
    unverified = BasicAmount.objects.filter(verified=False)
    response = admin_client.post(
        reverse("admin:assistance_basicamount_changelist"),
        {
            "action": "confirm_verified",
            "_selected_action": [str(pk) for pk in unverified.values_list("pk", flat=True)],
        },
    )
    assert response.status_code == 302
    assert (
        BasicAmount.objects.filter(verified_by=admin_user, verified_at__isnull=False).count() == 10
    )
    assert not BasicAmount.objects.filter(verified=False).exists()
    assert issue_example(datetime.date(2025, 5, 1)).unverified is False


def test_admin_edit_of_a_confirmed_figure_unconfirms_it(admin_client):
    row = BasicAmount.objects.get(valid_from=datetime.date(2024, 1, 1), member_type="alone")
    response = admin_client.post(
        reverse("admin:assistance_basicamount_change", args=[row.pk]),
        {
            "valid_from": "2024-01-01",
            "valid_until": "2025-01-01",
            "member_type": "alone",
            "child_order": "0",
            "amount": "587.72",
            "source": row.source,
        },
    )
    assert response.status_code == 302, response.content
    row.refresh_from_db()
    assert (row.amount, row.verified) == (D("587.72"), False)
    # 587.72 + 690 − 1100 = 177.72, now marked as resting on an unconfirmed figure.
    result = issue_example(datetime.date(2024, 5, 1))
    assert (result.monthly_assistance, result.unverified) == (D("177.72"), True)


def test_admin_lists_the_rule_tables_with_the_verified_flag(admin_client):
    for name in ("basicamount", "earnedincomeexemption", "smallgiftallowance"):
        response = admin_client.get(
            reverse(f"admin:assistance_{name}_changelist"), {"verified__exact": "1"}
        )
        assert response.status_code == 200
    response = admin_client.get(
        reverse("admin:assistance_basicamount_changelist"), {"verified__exact": "0"}
    )
    assert response.context["cl"].result_count == 10


def test_saved_calculations_are_not_in_the_admin(admin_client):
    """A calculation belongs to a confidential case: read only on the audited handling pages
    (asiointi/common/admin_access.py)."""
    from django.contrib import admin

    from asiointi.assistance.models import AssistanceCalculation

    assert AssistanceCalculation not in admin.site._registry
    assert admin_client.get("/yllapito/assistance/assistancecalculation/").status_code == 404
