"""The report pages read snapshots: refreshed when stale, served as they are when fresh, replaced
atomically, "being prepared" while the first one waits in the queue; ``reports refresh``."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import formats, timezone, translation

from asiointi.cases.models import Case
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.reports.constants import ReportKind
from asiointi.reports.models import ReportRow, ReportSnapshot
from asiointi.reports.services import report_refresh
from asiointi.reports.snapshots import grant_report_from
from asiointi.testing.fixtures import en, make_person

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def handler(report_data):
    person = make_person("kaisa", "Kaisa", "Käsittelijä", is_staff=True)
    Membership.objects.create(
        user=person, department=Department.objects.get(code="culture"), role=StaffRole.HANDLER
    )
    return person


def _report(client, by="department", **extra):
    return client.get(en("reports:grants"), {"year": "2026", "by": by, **extra})


def _as_of(snapshot: ReportSnapshot) -> str:
    with translation.override("en"):
        when = formats.date_format(timezone.localtime(snapshot.computed_at), "DATETIME_FORMAT")
    return f"Figures as of {when}"


def _more_applied(report_data) -> None:
    Case.objects.filter(pk=report_data["cases"]["a"].pk).update(requested_amount=Decimal("7000"))


def test_stale_snapshot_is_refreshed(client, handler, report_data):
    client.force_login(handler)
    first = _report(client)
    assert first.context["report"].total.applied == Decimal("18000.00")
    old = ReportSnapshot.objects.get(kind=ReportKind.GRANTS, year=2026, grouping="department")
    ReportSnapshot.objects.filter(pk=old.pk).update(
        computed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    _more_applied(report_data)
    second = _report(client)
    assert second.context["report"].total.applied == Decimal("20000.00")
    new = ReportSnapshot.objects.get(kind=ReportKind.GRANTS, year=2026, grouping="department")
    assert new.computed_at > old.computed_at
    assert new.refresh_requested_at is None
    assert _as_of(new) in second.content.decode()


def test_fresh_snapshot_is_served_without_recomputation(client, settings, handler, report_data):
    settings.REPORT_MAX_AGE_SECONDS = 600
    client.force_login(handler)
    _report(client)
    snapshot = ReportSnapshot.objects.get(kind=ReportKind.GRANTS, grouping="department")
    _more_applied(report_data)
    response = _report(client)
    assert response.context["report"].total.applied == Decimal("18000.00")
    assert [(row.key, row.applied) for row in response.context["report"].rows] == [
        ("culture", Decimal("9000.00")),  # 5000 + 2000 + 800 + 1200, before the change
        ("education", Decimal("9000.00")),
    ]
    html = response.content.decode()
    assert _as_of(snapshot) in html
    assert ReportSnapshot.objects.get(pk=snapshot.pk).computed_at == snapshot.computed_at
    download = client.get(
        en("reports:grants_download", "csv"), {"year": "2026", "by": "department"}
    )
    assert (
        download.content.decode("utf-8-sig").splitlines()[-1]
        == ";Total;5;18000.00;2;6500.00;6000.00"
    )


def test_catalogue_names_follow_the_language_of_the_page(client, settings, handler):
    settings.REPORT_MAX_AGE_SECONDS = 600
    client.force_login(handler)
    finnish = client.get(reverse("reports:grants"), {"year": "2026", "by": "department"})
    english = _report(client)
    education = Department.objects.get(code="education")
    assert education.name_fi in [row.name for row in finnish.context["report"].rows]
    assert education.name_en in [row.name for row in english.context["report"].rows]
    assert ReportSnapshot.objects.count() == 1


def test_refresh_replaces_the_snapshot_and_its_rows(report_data):
    old = report_refresh(kind=ReportKind.GRANTS, year=2026, grouping="applicant")
    old_rows = list(ReportRow.objects.filter(snapshot=old).values_list("pk", flat=True))
    new = report_refresh(kind=ReportKind.GRANTS, year=2026, grouping="applicant")
    assert not ReportSnapshot.objects.filter(pk=old.pk).exists()
    assert not ReportRow.objects.filter(pk__in=old_rows).exists()
    assert list(new.rows.order_by("position").values_list("key", flat=True)) == [
        "1234567-1",
        "2345678-0",
        f"person:{report_data['aino'].pk}",
    ]
    assert new.row_count == 3


def test_a_page_read_while_a_refresh_replaces_the_snapshot_shows_the_new_one_whole(report_data):
    read_before = report_refresh(kind=ReportKind.GRANTS, year=2026, grouping="applicant")
    _more_applied(report_data)
    # The refresh commits between the page's read of the snapshot and of its rows.
    replaced = report_refresh(kind=ReportKind.GRANTS, year=2026, grouping="applicant")
    shown, report = grant_report_from(read_before, page=1, page_size=25)
    assert shown.pk == replaced.pk
    assert len(report.rows) == 3
    assert report.total.applied == Decimal("20000.00")


def test_a_failed_refresh_leaves_the_old_snapshot_whole(report_data, monkeypatch):
    old = report_refresh(kind=ReportKind.GRANTS, year=2026, grouping="applicant")
    _more_applied(report_data)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    # The failure comes after the old snapshot's DELETE, inside the same transaction.
    monkeypatch.setattr(ReportRow.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        report_refresh(kind=ReportKind.GRANTS, year=2026, grouping="applicant")
    kept = ReportSnapshot.objects.get(kind=ReportKind.GRANTS, grouping="applicant")
    assert kept.pk == old.pk
    assert kept.total["applied"] == "18000.00"
    assert kept.rows.count() == 3


def test_first_report_is_being_prepared_when_the_queue_does_not_run_it_at_once(
    client, settings, handler
):
    settings.TASKS = DUMMY_TASKS
    client.force_login(handler)
    first = _report(client)
    second = _report(client)
    assert first.status_code == 200
    assert "The report is being prepared; reload in a moment." in first.content.decode()
    assert first.context["report"] is None
    assert 'id="grants-table"' not in second.content.decode()
    # One refresh in the queue for both views; the placeholder marks it requested.
    assert [result.kwargs for result in default_task_backend.results] == [
        {"kind": "grants", "year": 2026, "grouping": "department"}
    ]
    placeholder = ReportSnapshot.objects.get()
    assert placeholder.computed_at is None
    assert placeholder.refresh_requested_at is not None
    download = client.get(
        en("reports:grants_download", "csv"), {"year": "2026", "by": "department"}
    )
    assert download.status_code == 503
    assert download["Retry-After"] == "30"


def test_stale_snapshot_is_shown_while_its_refresh_waits_in_the_queue(
    client, settings, handler, report_data
):
    old = report_refresh(kind=ReportKind.GRANTS, year=2026, grouping="department")
    _more_applied(report_data)
    settings.TASKS = DUMMY_TASKS
    client.force_login(handler)
    first = _report(client)
    second = _report(client)
    assert first.context["report"].total.applied == Decimal("18000.00")
    assert _as_of(old) in second.content.decode()
    assert len(default_task_backend.results) == 1
    assert ReportSnapshot.objects.get().refresh_requested_at is not None


def test_overlap_report_is_being_prepared_then_served_from_its_snapshot(client, settings, handler):
    settings.TASKS = DUMMY_TASKS
    client.force_login(handler)
    response = client.get(en("handling:overlap_report"), {"year": "2026"})
    assert response.status_code == 200
    assert "The report is being prepared; reload in a moment." in response.content.decode()
    snapshot = report_refresh(kind=ReportKind.OVERLAPS, year=2026, grouping="")
    settings.REPORT_MAX_AGE_SECONDS = 600
    response = client.get(en("handling:overlap_report"), {"year": "2026"})
    assert _as_of(snapshot) in response.content.decode()
    assert response.context["total"] == 0


def test_refresh_command_refreshes_every_report_of_the_year(report_data):
    out = StringIO()
    call_command("reports", "refresh", "--year", "2026", stdout=out, stderr=StringIO())
    assert out.getvalue() == "Refreshed 4 report snapshots for 2026.\n"
    assert sorted(ReportSnapshot.objects.values_list("kind", "year", "grouping", "row_count")) == [
        ("grants", 2026, "applicant", 3),
        ("grants", 2026, "department", 2),
        ("grants", 2026, "service", 2),
        ("overlaps", 2026, "", 0),
    ]
    department = ReportSnapshot.objects.get(grouping="department")
    assert department.total == {
        "applications": 5,
        "applied": "18000.00",
        "granted_count": 2,
        "granted": "6500.00",
        "paid": "6000.00",
    }
    assert [row["key"] for row in department.tables["service"]] == ["yleisavustus"]


def test_refresh_command_defaults_to_the_current_and_the_previous_year(db):
    out = StringIO()
    call_command("reports", "refresh", stdout=out, stderr=StringIO())
    current = timezone.localdate().year
    assert out.getvalue() == f"Refreshed 8 report snapshots for {current}, {current - 1}.\n"
    assert set(ReportSnapshot.objects.values_list("year", flat=True)) == {current, current - 1}
