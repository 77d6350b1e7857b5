"""``asiointi assistance calculate``: the JSON on stdout, and for bad input a message on stderr
with exit status 2 and nothing on stdout; through call_command and the real console script."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from asiointi.testing.console import ConsoleScript

pytestmark = pytest.mark.django_db

ISSUE_ARGS = [
    "--date",
    "2024-05-01",
    "--member",
    "alone",
    "--income",
    "wage=1000",
    "--income",
    "housing-allowance=250",
    "--expense",
    "rent=650",
    "--expense",
    "electricity=40",
]


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def run(*args) -> dict:
    out = io.StringIO()
    call_command("assistance", "calculate", *args, stdout=out)
    return json.loads(out.getvalue())


def failure(*args) -> tuple[str, int, str]:
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("assistance", "calculate", *args, stdout=out)
    return str(error.value), error.value.returncode, out.getvalue()


def test_the_issues_example_prints_the_calculation():
    document = run(*ISSUE_ARGS)
    assert {key: document[key] for key in document if key not in ("explanation", "lines")} == {
        "date": "2024-05-01",
        "monthly_assistance": "177.71",
        "basic_amount": "587.71",
        "recognised_expenses": "690.00",
        "counted_incomes": "1100.00",
        "unverified": False,
    }
    assert document["explanation"][-1] == (
        "Proposed assistance: €177.71 a month. The social worker decides."
    )
    assert [line["kind"] for line in document["lines"]] == [
        "basic",
        "expense",
        "expense",
        "income",
        "exemption",
        "income",
        "total",
    ]


def test_amounts_take_a_comma_and_thousands_spaces():
    # 2024 alone 587.71 + rent 1000.50 − (wage 1000.50 − 150) = 737.71.
    document = run(
        "--date=2024-05-01", "--member=alone", "--income=wage=1 000,50", "--expense=rent=1000.5"
    )
    assert (document["counted_incomes"], document["monthly_assistance"]) == ("850.50", "737.71")


def test_a_family_and_the_unverified_2025_table():
    # 2025 [D]: adults 504.52 × 2 + child 10–17 (1st, 2024 × 1.01) 415.51 = 1424.55.
    document = run("--date=2025-03-01", "--member=adult", "--member=adult", "--member=child-10-17")
    assert (document["monthly_assistance"], document["unverified"]) == ("1424.55", True)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--date=2024-05-01", "--member=lodger"],
            "Check the calculation's input.\n--member lodger: Unknown member type lodger; choose "
            "one of: alone, adult, single-parent, adult-with-parents, child-10-17, "
            "child-under-10.",
        ),
        (
            ["--date=2024-05-01", "--member=alone", "--income=lottery=5"],
            "Check the calculation's input.\n--income lottery=5: Unknown income type lottery; "
            "choose one of: wage, benefit, housing-allowance, gift, other.",
        ),
        (
            ["--date=2024-05-01", "--member=alone", "--expense=holiday=5"],
            "Check the calculation's input.\n--expense holiday=5: Unknown expense type holiday; "
            "choose one of: rent, water, heating, electricity, home-insurance, health, "
            "medicines, care, other.",
        ),
        (
            ["--date=2024-05-01", "--member=alone", "--income=wage=much"],
            "Check the calculation's input.\n--income wage=much: much is not an amount in euros.",
        ),
        (
            ["--date=2024-05-01", "--member=alone", "--income=wage"],
            "Check the calculation's input.\n--income wage: give TYPE=AMOUNT, such as rent=650.",
        ),
        (
            ["--date=2024-05-01", "--member=alone", "--expense=rent=-5"],
            "Check the calculation's input.\n--expense rent=-5: An amount cannot be negative.",
        ),
        (
            ["--date=2024-05-01", "--member=alone", "--expense=rent=5,555"],
            "Check the calculation's input.\n--expense rent=5,555: Enter euros with at most two "
            "decimals.",
        ),
        (
            ["--date=1.5.2024", "--member=alone"],
            "Check the calculation's input.\n--date 1.5.2024: enter a date as YYYY-MM-DD.",
        ),
        (
            ["--date=2024-05-01"],
            "Check the calculation's input.\n--member: Enter at least one household member.",
        ),
        (
            ["--date=2023-05-01", "--member=alone"],
            "No social assistance rules are recorded for 2023-05-01.",
        ),
        (
            ["--date=2024-05-01", "--member=alone", "--member=adult"],
            "Check the calculation's input.\n--member: A person living alone must be the "
            "household's only member.",
        ),
    ],
)
def test_bad_input_exits_with_status_2_and_prints_nothing(args, message):
    assert failure(*args) == (message, 2, "")


def test_every_problem_is_reported_at_once():
    text, returncode, out = failure(
        "--date=x", "--member=lodger", "--income=x", "--expense=rent=-1"
    )
    assert (returncode, out) == (2, "")
    assert text.splitlines() == [
        "Check the calculation's input.",
        "--date x: enter a date as YYYY-MM-DD.",
        "--income x: give TYPE=AMOUNT, such as rent=650.",
        "--member lodger: Unknown member type lodger; choose one of: alone, adult, "
        "single-parent, adult-with-parents, child-10-17, child-under-10.",
        "--expense rent=-1: An amount cannot be negative.",
    ]


def test_the_date_option_is_required():
    with pytest.raises(CommandError, match="the following arguments are required: --date"):
        call_command("assistance", "calculate", "--member=alone")


@pytest.mark.engine_independent  # its script has an SQLite database of its own
def test_the_real_console_script(tmp_path):
    asiointi = ConsoleScript(tmp_path)
    good = asiointi.run("assistance", "calculate", *ISSUE_ARGS)
    assert (good.returncode, good.stderr) == (0, "")
    assert json.loads(good.stdout)["monthly_assistance"] == "177.71"
    # The operator's console speaks the default language, Finnish: money as "177,71 €".
    assert "177,71\u00a0€" in json.loads(good.stdout)["explanation"][-1]

    before_rules = asiointi.run(
        "assistance", "calculate", "--date", "2023-05-01", "--member", "alone"
    )
    assert (before_rules.returncode, before_rules.stdout) == (2, "")
    assert "2023-05-01" in before_rules.stderr

    no_member = asiointi.run("assistance", "calculate", "--date", "2024-05-01")
    assert (no_member.returncode, no_member.stdout) == (2, "")
    assert "--member" in no_member.stderr

    negative = asiointi.run(
        "assistance",
        "calculate",
        "--date",
        "2024-05-01",
        "--member",
        "alone",
        "--income",
        "wage=-1",
    )
    assert (negative.returncode, negative.stdout) == (2, "")
    assert "--income wage=-1" in negative.stderr

    unknown = asiointi.run("assistance", "calculate", *ISSUE_ARGS, "--colour=red")
    assert (unknown.returncode, unknown.stdout) == (2, "")
    assert "unrecognized arguments: --colour=red" in unknown.stderr
