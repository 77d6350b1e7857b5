"""``asiointi fees calculate`` and ``POST /api/v1/fees/calculate``: the same answers, the same
per-field messages, and the admin's confirmation of unverified rule rows."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from asiointi.fees.models import HomeCareIncomeLimit, LongTermCareRule
from asiointi.testing.console import ConsoleScript

pytestmark = pytest.mark.django_db

API = "/api/v1/fees/calculate"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

HOME_CARE_ARGS = [
    "--service=home-care",
    "--date=2024-05-01",
    "--family-size=2",
    "--hours=12",
    "--gross-income=2300",
]
HOME_CARE_BODY = {
    "service": "home-care",
    "date": "2024-05-01",
    "family_size": 2,
    "hours": 12,
    "gross_income": 2300,
}
LONG_TERM_ARGS = [
    "--service=long-term-care",
    "--setting=service-housing",
    "--date=2024-05-01",
    "--net-income=1400",
    "--spouse-net-income=900",
]
LONG_TERM_BODY = {
    "service": "long-term-care",
    "setting": "service-housing",
    "date": "2024-05-01",
    "net_income": "1400",
    "spouse_net_income": "900",
}


def run(*args) -> dict:
    out = io.StringIO()
    call_command("fees", "calculate", *args, stdout=out)
    return json.loads(out.getvalue())


def post(client, body):
    return client.post(API, body, content_type="application/json", **EN)


# --- CLI ----------------------------------------------------------------------------------------


def test_cli_home_care_prints_json():
    # 2 persons 2024: limit 1205; 12 h: 14 + 4 × 0.75 = 17 %; 0.17 × (2300 − 1205) = 186.15
    document = run(*HOME_CARE_ARGS)
    assert document["monthly_fee"] == "186.15"
    assert document["income_limit"] == "1205.00"
    assert document["percentage"] == "17"
    assert document["minimum_left"] is None
    assert document["explanation"][-1] == "Monthly fee: 186.15 €."


def test_cli_long_term_care_with_spouse():
    # 0.425 × (1400 + 900) = 977.50; 1400 − 182 = 1218 → 977.50
    document = run(*LONG_TERM_ARGS)
    assert (document["monthly_fee"], document["percentage"], document["minimum_left"]) == (
        "977.50",
        "42.5",
        "182.00",
    )
    # without the spouse: 0.85 × 1400 = 1190
    assert run(*LONG_TERM_ARGS[:-1])["monthly_fee"] == "1190.00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bogus=1"], "unrecognized arguments: --bogus=1"),
        (["--family-size=0"], "--family-size: A family has at least one person."),
        (["--hours=-2"], "--hours: Service hours cannot be negative."),
        (["--gross-income=-5"], "--gross-income: An income cannot be negative."),
        (["--net-income=100"], "--net-income: Not used for this service; leave it out."),
        (["--date=2021-06-30"], "--date: The fee rules start on 1 July 2021"),
    ],
)
def test_cli_rejects_unknown_options_and_impossible_values(args, message):
    with pytest.raises(CommandError, match=message):
        run(*HOME_CARE_ARGS, *args)


def test_cli_missing_options_for_the_service():
    with pytest.raises(CommandError, match="--setting: Required for this service."):
        run("--service=long-term-care", "--date=2024-05-01", "--net-income=1400")
    with pytest.raises(CommandError, match="--gross-income: Required for this service."):
        run("--service=home-care", "--date=2024-05-01", "--family-size=1", "--hours=4")
    with pytest.raises(CommandError, match="required: --date"):
        run("--service=home-care")
    with pytest.raises(CommandError, match="invalid choice: 'dentist'"):
        run("--service=dentist", "--date=2024-05-01")


# --- API ----------------------------------------------------------------------------------------


def test_api_is_public_and_answers_like_the_cli(client):
    response = post(client, HOME_CARE_BODY)
    assert response.status_code == 200
    assert response.json()["monthly_fee"] == "186.15"


@pytest.mark.parametrize(
    ("args", "body"), [(HOME_CARE_ARGS, HOME_CARE_BODY), (LONG_TERM_ARGS, LONG_TERM_BODY)]
)
def test_cli_and_api_give_the_same_document(client, args, body):
    # Both in the default language (no Accept-Language), the same date formats.
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json() == run(*args)


def test_api_invalid_values_get_422_per_field(client):
    body = HOME_CARE_BODY | {"family_size": 0, "hours": -1, "gross_income": "-5"}
    response = post(client, body)
    assert response.status_code == 422
    document = response.json()
    assert document["code"] == "validation_failed"
    assert {(tuple(d["loc"]), d["msg"]) for d in document["detail"]} == {
        (("body", "family_size"), "A family has at least one person."),
        (("body", "hours"), "Service hours cannot be negative."),
        (("body", "gross_income"), "An income cannot be negative."),
    }


def test_api_missing_fields_for_the_service(client):
    response = post(client, {"service": "long-term-care", "date": "2024-05-01"})
    assert response.status_code == 422
    assert {tuple(d["loc"]) for d in response.json()["detail"]} == {
        ("body", "setting"),
        ("body", "net_income"),
    }


def test_api_unknown_date_and_2026_large_family(client):
    response = post(client, HOME_CARE_BODY | {"date": "2020-01-01"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "date"]
    response = post(client, HOME_CARE_BODY | {"date": "2026-05-01", "family_size": 7})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "family_size"]


def test_api_wrong_json_shape_is_422(client):
    response = post(client, HOME_CARE_BODY | {"hours": [1, 2]})
    assert response.status_code == 422
    assert response.json()["code"] == "request_invalid"


# --- admin --------------------------------------------------------------------------------------


def test_admin_lists_unverified_rows_and_confirms_them(admin_client, admin_user):
    url = reverse("admin:fees_homecareincomelimit_changelist")
    response = admin_client.get(url, {"verified__exact": "0"})
    assert response.status_code == 200
    # The six 2026 limits are [U] in the reference.
    assert response.context["cl"].result_count == 6
    unverified = HomeCareIncomeLimit.objects.filter(verified=False)
    response = admin_client.post(
        url,
        {
            "action": "confirm_verified",
            "_selected_action": [str(pk) for pk in unverified.values_list("pk", flat=True)],
        },
    )
    assert response.status_code == 302
    assert not HomeCareIncomeLimit.objects.filter(verified=False).exists()
    assert HomeCareIncomeLimit.objects.filter(verified_by=admin_user).count() == 6


def test_data_migration_flags_unverified_long_term_rows():
    unverified = set(
        LongTermCareRule.objects.filter(verified=False).values_list(
            "valid_from__year", "setting", "minimum_left"
        )
    )
    # 2024–25 (≈, derived) and 2026 ([U]); 7/2021 institutional unknown (null)
    assert {(year, setting) for year, setting, _ in unverified} == {
        (2021, "institutional"),
        (2024, "service_housing"),
        (2024, "family_care"),
        (2024, "institutional"),
        (2026, "service_housing"),
        (2026, "family_care"),
        (2026, "institutional"),
    }


def test_admin_edit_of_a_confirmed_figure_unconfirms_it(admin_client):
    row = HomeCareIncomeLimit.objects.get(valid_from__year=2024, family_size=1)
    assert row.verified
    url = reverse("admin:fees_homecareincomelimit_change", args=[row.pk])
    response = admin_client.post(
        url,
        {
            "valid_from": "2024-01-01",
            "valid_until": "2026-01-01",
            "family_size": "1",
            "limit": "654.00",
            "extra_per_person": "389.00",
            "source": row.source,
        },
    )
    assert response.status_code == 302, response.content
    row.refresh_from_db()
    assert (row.limit, row.verified) == (654, False)


@pytest.mark.engine_independent  # its script has an SQLite database of its own
def test_the_real_console_script_exits_non_zero_on_bad_input(tmp_path):
    asiointi = ConsoleScript(tmp_path)
    good = asiointi.run("fees", "calculate", *HOME_CARE_ARGS)
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["monthly_fee"] == "186.15"
    bad = asiointi.run("fees", "calculate", *HOME_CARE_ARGS[:-1], "--gross-income=-1")
    assert bad.returncode != 0
    # The operator's console speaks the default language, Finnish.
    assert "--gross-income: Tulot eivät voi olla negatiivisia." in bad.stderr
    unknown = asiointi.run("fees", "calculate", *HOME_CARE_ARGS, "--colour=red")
    assert unknown.returncode != 0
    assert "unrecognized arguments: --colour=red" in unknown.stderr


def test_api_needs_no_login_nor_csrf_token():
    # Public like a municipality's fee calculator: it reads and writes nobody's data.
    response = Client(enforce_csrf_checks=True).post(
        API, HOME_CARE_BODY, content_type="application/json", **EN
    )
    assert response.status_code == 200
    assert response.json()["monthly_fee"] == "186.15"
