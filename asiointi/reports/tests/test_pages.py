"""The report page and its downloads, through HTTP: who may see them, what they show, and that
applicant names a spreadsheet could run as formulas come out escaped."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.testing.fixtures import make_person

pytestmark = pytest.mark.django_db

FORMULA_NAME = "=cmd|' /C calc'!A0"


@pytest.fixture
def handler(report_data):
    person = make_person("kaisa", "Kaisa", "Käsittelijä", is_staff=True)
    Membership.objects.create(
        user=person, department=Department.objects.get(code="culture"), role=StaffRole.HANDLER
    )
    return person


@pytest.mark.parametrize("name", ["reports:grants", "reports:grants_download"])
def test_residents_get_not_found_and_anonymous_users_log_in(client, report_data, name):
    address = reverse(name) if name == "reports:grants" else reverse(name, args=["csv"])
    response = client.get(address)
    assert response.status_code == 302
    assert "/kirjaudu/" in response["Location"] or "login" in response["Location"]
    client.force_login(report_data["aino"])
    assert client.get(address).status_code == 404
    # Even a staff flag without a department membership is not enough.
    clerk = make_person("clerk", "Ulla", "Ulkopuolinen", is_staff=True)
    client.force_login(clerk)
    assert client.get(address).status_code == 404


def test_report_page_shows_the_table_total_chart_and_processing_times(client, handler):
    client.force_login(handler)
    response = client.get(reverse("reports:grants"), {"year": "2026", "by": "service"})
    assert response.status_code == 200
    report = response.context["report"]
    assert [row.key for row in report.rows] == ["projektiavustus", "yleisavustus"]
    html = response.content.decode()
    assert 'id="grants-table"' in html
    assert 'id="grants-total"' in html
    assert 'role="img"' in html
    assert '<title id="grants-chart-title">' in html
    assert 'id="processing-department"' in html
    assert 'id="processing-service"' in html
    assert "20,0" in html  # the median days, in Finnish number format
    assert "6\u00a0500,00\u00a0€" in html


def test_a_grouping_or_year_not_understood_falls_back_to_the_defaults(client, handler):
    client.force_login(handler)
    response = client.get(reverse("reports:grants"), {"year": "x", "by": "colour"})
    assert response.status_code == 200
    assert response.context["report"].by == "department"
    assert response.context["report"].year == response.context["form"].default_year


def test_applicant_table_is_paged(client, handler, monkeypatch):
    monkeypatch.setattr("asiointi.reports.views.PAGE_SIZE", 2)
    client.force_login(handler)
    first = client.get(reverse("reports:grants"), {"year": "2026", "by": "applicant"})
    assert [row.key for row in first.context["report"].rows] == ["1234567-1", "2345678-0"]
    assert 'rel="next"' in first.content.decode()
    second = client.get(reverse("reports:grants"), {"year": "2026", "by": "applicant", "page": "2"})
    assert len(second.context["report"].rows) == 1
    assert second.context["report"].total.applications == 5


def test_csv_download_escapes_formula_names(client, handler):
    client.force_login(handler)
    response = client.get(
        reverse("reports:grants_download", args=["csv"]), {"year": "2026", "by": "applicant"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="grants-2026-applicant.csv"'
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[2][:7] == [
        "2345678-0",
        "'" + FORMULA_NAME,
        "1",
        "2000.00",
        "1",
        "1500.00",
        "1000.00",
    ]
    assert rows[-1][0] == ""  # the total row: no identifier; its label is translated
    assert rows[-1][2:] == ["5", "18000.00", "2", "6500.00", "6000.00"]
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_xlsx_download_escapes_formula_names_and_keeps_numbers(client, handler):
    client.force_login(handler)
    response = client.get(
        reverse("reports:grants_download", args=["xlsx"]), {"year": "2026", "by": "applicant"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][1] == "'" + FORMULA_NAME
    assert float(rows[2][5]) == 1500.0
    assert [float(value) for value in rows[-1][3:]] == [18000.0, 2.0, 6500.0, 6000.0]


def test_unknown_download_format_is_not_found(client, handler):
    client.force_login(handler)
    assert client.get(reverse("reports:grants_download", args=["pdf"])).status_code == 404
