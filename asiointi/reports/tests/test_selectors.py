"""Exact figures of the grant reports on the known data set (conftest.py), on SQLite and
PostgreSQL alike."""

from decimal import Decimal

import pytest

from asiointi.reports import selectors
from asiointi.reports.selectors import grant_report, percentile_cont, processing_times

pytestmark = pytest.mark.django_db

D = Decimal


def figures(report):
    return [
        (row.key, row.applications, row.applied, row.granted_count, row.granted, row.paid)
        for row in [*report.rows, report.total]
    ]


def test_per_department_counts_where_the_case_is_now(report_data):
    assert figures(grant_report(year=2026, by="department")) == [
        ("culture", 4, D("9000.00"), 2, D("6500.00"), D("6000.00")),
        ("education", 1, D("9000.00"), 0, D("0.00"), D("0.00")),
        ("total", 5, D("18000.00"), 2, D("6500.00"), D("6000.00")),
    ]


def test_per_service(report_data):
    assert figures(grant_report(year=2026, by="service")) == [
        ("projektiavustus", 2, D("10200.00"), 0, D("0.00"), D("0.00")),
        ("yleisavustus", 3, D("7800.00"), 2, D("6500.00"), D("6000.00")),
        ("total", 5, D("18000.00"), 2, D("6500.00"), D("6000.00")),
    ]


def test_per_applicant_groups_organisations_by_business_id_and_people_by_person(report_data):
    aino = f"person:{report_data['aino'].pk}"
    expected = [
        ("1234567-1", 2, D("14000.00"), 1, D("5000.00"), D("5000.00")),
        ("2345678-0", 1, D("2000.00"), 1, D("1500.00"), D("1000.00")),
        (aino, 2, D("2000.00"), 0, D("0.00"), D("0.00")),
        ("total", 5, D("18000.00"), 2, D("6500.00"), D("6000.00")),
    ]
    assert figures(grant_report(year=2026, by="applicant")) == expected
    first_page = grant_report(year=2026, by="applicant", page=1, page_size=2)
    assert figures(first_page) == expected[:2] + expected[3:]
    assert first_page.has_next
    second_page = grant_report(year=2026, by="applicant", page=2, page_size=2)
    assert figures(second_page) == expected[2:]
    assert not second_page.has_next
    assert [row.name for row in grant_report(year=2026, by="applicant").rows] == [
        "Kallion Kulttuuriyhdistys ry",
        "=cmd|' /C calc'!A0",
        "Aino Asukas",
    ]


def test_the_year_is_the_helsinki_year_of_first_sending(report_data):
    # Sent 2025-12-31 23:30 Helsinki (21:30 UTC), and 2026-01-01 00:30 Helsinki (22:30 UTC 2025).
    assert figures(grant_report(year=2025, by="department")) == [
        ("culture", 1, D("700.00"), 1, D("700.00"), D("700.00")),
        ("total", 1, D("700.00"), 1, D("700.00"), D("700.00")),
    ]
    assert figures(grant_report(year=2024, by="service")) == [
        ("total", 0, D("0.00"), 0, D("0.00"), D("0.00"))
    ]
    assert selectors.report_years()[-1] == 2025


def test_processing_time_median_and_90th_percentile(report_data):
    # Culture's general grants took 10, 20 and 29.96 days (the clocks went forward on 29 March):
    # median 20.0; 90th percentile 20 + 0.8 × 9.96 = 27.97, shown as 28.0.
    by_department = processing_times(year=2026, by="department")
    assert [(r.key, r.decided, r.median_days, r.p90_days) for r in by_department] == [
        ("culture", 3, 20.0, 28.0)
    ]
    by_service = processing_times(year=2026, by="service")
    assert [(r.key, r.decided, r.median_days, r.p90_days) for r in by_service] == [
        ("yleisavustus", 3, 20.0, 28.0)
    ]
    assert [
        (r.key, r.median_days, r.p90_days) for r in processing_times(year=2025, by="service")
    ] == [("yleisavustus", 5.0, 5.0)]


def test_python_percentile_interpolates_like_postgresql():
    assert percentile_cont([], 0.5) is None
    assert percentile_cont([7.0], 0.9) == 7.0
    assert percentile_cont([4.0, 1.0, 3.0, 2.0], 0.5) == 2.5
    assert percentile_cont([10.0, 20.0, 30.0], 0.9) == pytest.approx(28.0)


def test_unknown_grouping_is_refused(db):
    with pytest.raises(ValueError, match="unknown grouping"):
        grant_report(year=2026, by="colour")
