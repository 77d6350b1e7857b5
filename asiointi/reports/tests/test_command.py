"""``asiointi reports grants``: run as an operator would, through call_command and once through
the real console script."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from asiointi.testing.console import ConsoleScript

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("reports", *args, stdout=out)
    return out.getvalue()


def test_csv_per_department_with_a_total_row(report_data):
    rows = list(csv.reader(io.StringIO(run("grants", "--year", "2026", "--by", "department"))))
    assert rows[0] == [
        "key",
        "name",
        "applications",
        "applied",
        "granted_decisions",
        "granted",
        "paid",
    ]
    assert [row[:1] + row[2:] for row in rows[1:]] == [
        ["culture", "4", "9000.00", "2", "6500.00", "6000.00"],
        ["education", "1", "9000.00", "0", "0.00", "0.00"],
        ["", "5", "18000.00", "2", "6500.00", "6000.00"],
    ]
    assert rows[-1][1] == "Total"


def test_csv_escapes_formula_names(report_data):
    output = run("grants", "--year", "2026", "--by", "applicant", "--format", "csv")
    rows = list(csv.reader(io.StringIO(output)))
    assert rows[2][:2] == ["2345678-0", "'=cmd|' /C calc'!A0"]


def test_json_per_service(report_data):
    document = json.loads(run("grants", "--year=2026", "--by=service", "--format=json"))
    assert document["year"] == 2026
    assert document["by"] == "service"
    assert [(r["key"], r["applied"], r["granted"], r["paid"]) for r in document["rows"]] == [
        ("projektiavustus", "10200.00", "0.00", "0.00"),
        ("yleisavustus", "7800.00", "6500.00", "6000.00"),
    ]
    assert document["total"] == {
        "key": "",
        "name": "Total",
        "applications": 5,
        "applied": "18000.00",
        "granted_decisions": 2,
        "granted": "6500.00",
        "paid": "6000.00",
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["grants", "--year", "twenty", "--by", "service"], "--year must be a year"),
        (["grants", "--year", "1890", "--by", "service"], "between 2000 and 2100"),
        (["grants", "--year", "2026", "--by", "colour"], "invalid choice: 'colour'"),
        (["grants", "--year", "2026", "--by", "service", "--format", "pdf"], "invalid choice"),
        (["grants", "--by", "service"], "--year"),
        (["payments"], "invalid choice: 'payments'"),
    ],
)
def test_bad_arguments_are_refused_with_a_message(db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("reports", *args)


@pytest.mark.engine_independent  # its script has an SQLite database of its own
def test_console_script_prints_the_report_and_fails_on_bad_arguments(tmp_path):
    """The installed ``asiointi`` script against an empty embedded database of its own."""
    asiointi = ConsoleScript(tmp_path)
    good = asiointi.run("reports", "grants", "--year", "2026", "--by", "department")
    assert good.returncode == 0, good.stderr
    assert good.stdout.splitlines() == [
        "key,name,applications,applied,granted_decisions,granted,paid",
        ",Total,0,0.00,0,0.00,0.00",
    ]
    bad = asiointi.run("reports", "grants", "--year", "2026", "--by", "colour")
    assert bad.returncode != 0
    assert "invalid choice: 'colour'" in bad.stderr
