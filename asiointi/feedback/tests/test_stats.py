"""Feedback statistics with worked figures: times, shares, the late list, downloads, access."""

import csv
import datetime
import io
import math
import zoneinfo

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from asiointi.catalogue.models import Service
from asiointi.feedback.constants import FeedbackStatus
from asiointi.feedback.stats import selectors as stats
from asiointi.feedback.tests.test_reminders import make_feedback
from asiointi.testing.fixtures import make_person, url

pytestmark = pytest.mark.django_db

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
BASE = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=HELSINKI)
NOW = BASE + datetime.timedelta(days=20)
YEAR = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31)}
HOUR = datetime.timedelta(hours=1)


def give(service, minute, *, reaction=None, answer=None, reply=True, status=None):
    """Feedback received ``minute`` minutes after BASE, reacted and answered after so many hours."""
    received = BASE + datetime.timedelta(minutes=minute)
    if status is None:
        status = (
            FeedbackStatus.ANSWERED
            if answer is not None
            else FeedbackStatus.IN_PROCESS
            if reaction is not None
            else FeedbackStatus.RECEIVED
        )
    return make_feedback(
        service=service,
        now=received,
        reply_wanted=reply,
        status=status,
        first_reaction_at=received + reaction * HOUR if reaction is not None else None,
        answered_at=received + answer * HOUR if answer is not None else None,
    )


@pytest.fixture
def worked(catalogue):
    """Libraries (culture, promise 7 days), early childhood education (education, 14 days) and
    two items waiting for central triage (no service: 7 days)."""
    Service.objects.filter(code="kirjastot").update(feedback_promise_days=7)
    Service.objects.filter(code="varhaiskasvatus").update(feedback_promise_days=14)
    items = {
        "A": give("kirjastot", 0, reaction=2, answer=24),
        "B": give("kirjastot", 1, reaction=4, answer=96),
        "C": give("kirjastot", 2, reaction=10, answer=240),  # 3 days late
        "D": give("kirjastot", 3, reaction=6),  # open, 20 days old: 13 days late
        "E": give("kirjastot", 4, reply=False),  # no reply wanted, no reaction
        "F": give("kirjastot", 5, reaction=1, answer=168),  # exactly on the promise
        "G": give("varhaiskasvatus", 6, reaction=48, answer=300),
        "H": give("varhaiskasvatus", 7, reaction=24, answer=400, reply=False),
        "I": give("varhaiskasvatus", 8),  # open, 20 days old, promise 14: 6 days late
        "J": give(None, 9, reaction=3, answer=200),  # 2 days late
        "K": give(None, 10, reaction=5, status=FeedbackStatus.FORWARDED),  # no answer to wait
    }
    # Outside the period: the last evening of 2025 in Helsinki.
    make_feedback(now=datetime.datetime(2025, 12, 31, 23, 30, tzinfo=HELSINKI), answered_at=NOW)
    return items


def times(row, measure):
    figures = getattr(row, measure)
    return (figures.median, figures.mean, figures.p90)


def test_figures_per_department(worked):
    figures = stats.feedback_statistics(**YEAR, by="department", now=NOW)
    assert [row.key for row in figures.groups] == ["culture", "education", ""]
    culture, education, triage = figures.groups
    assert triage.name == "Keskitetty kirjaamo (ei vielä ohjattu)"

    assert (culture.received, culture.answered) == (6, 4)
    # Reactions 1, 2, 4, 6, 10 h; answers 24, 96, 168, 240 h.
    assert times(culture, "reaction") == (4.0, 4.6, 8.4)
    assert times(culture, "answer") == (132.0, 132.0, 218.4)
    # A, B, F within the promise; C late; D open past it. E wanted no reply.
    assert (culture.promise_due, culture.within_promise) == (5, 3)
    assert culture.within_promise_percent == 60.0

    assert (education.received, education.answered) == (3, 2)
    assert times(education, "reaction") == (36.0, 36.0, 45.6)
    assert times(education, "answer") == (350.0, 350.0, 390.0)
    assert (education.promise_due, education.within_promise) == (2, 1)
    assert education.within_promise_percent == 50.0

    assert (triage.received, triage.answered) == (2, 1)
    assert times(triage, "reaction") == (4.0, 4.0, 4.8)
    assert times(triage, "answer") == (200.0, 200.0, 200.0)
    assert (triage.promise_due, triage.within_promise) == (1, 0)  # K was forwarded
    assert triage.within_promise_percent == 0.0

    total = figures.total
    assert (total.received, total.answered) == (11, 7)
    assert times(total, "reaction") == (5.0, 11.44, 28.8)
    assert times(total, "answer") == (200.0, 204.0, 340.0)
    assert (total.promise_due, total.within_promise, total.within_promise_percent) == (8, 4, 50.0)


def test_figures_per_service(worked):
    figures = stats.feedback_statistics(**YEAR, by="service", now=NOW)
    assert [(row.key, row.name, row.received) for row in figures.groups] == [
        ("kirjastot", "Kirjastot", 6),
        ("varhaiskasvatus", "Varhaiskasvatus", 3),
        ("", "Palvelua ei valittu", 2),
    ]
    assert times(figures.groups[1], "answer") == (350.0, 350.0, 390.0)


def test_the_period_follows_helsinki_dates(worked):
    figures = stats.feedback_statistics(
        start=datetime.date(2025, 12, 31), end=datetime.date(2025, 12, 31), by="service", now=NOW
    )
    assert figures.total.received == 1
    none = stats.feedback_statistics(
        start=datetime.date(2026, 3, 3), end=datetime.date(2026, 12, 31), by="service", now=NOW
    )
    assert (none.groups, none.total.received, none.total.reaction.median) == ([], 0, None)
    assert none.total.within_promise_percent is None


def test_late_answers(worked):
    late, total = stats.late_answers(**YEAR, now=NOW)
    assert total == 4
    assert [
        (row.feedback_id, row.service, row.department, row.answered_at is None, row.days_late)
        for row in late
    ] == [
        (worked["C"].pk, "Kirjastot", "Kulttuurin ja vapaa-ajan toimiala", False, 3),
        (worked["D"].pk, "Kirjastot", "Kulttuurin ja vapaa-ajan toimiala", True, 13),
        (worked["I"].pk, "Varhaiskasvatus", "Kasvatuksen ja koulutuksen toimiala", True, 6),
        (worked["J"].pk, "Palvelua ei valittu", "Keskitetty kirjaamo (ei vielä ohjattu)", False, 2),
    ]
    assert late[0].number == worked["C"].request_id
    page, total = stats.late_answers(**YEAR, now=NOW, offset=2, limit=1)
    assert ([row.feedback_id for row in page], total) == ([worked["I"].pk], 4)


def test_duration_text():
    assert stats.duration_text(None) == "–"
    assert stats.duration_text(5.5) == "5,5 h"
    assert stats.duration_text(52.4) == "2 vrk 4 h"
    with translation.override("en"):
        assert stats.duration_text(5.5) == "5.5 h"
        assert stats.duration_text(52.4) == "2 d 4 h"


# The page.

PERIOD = "?start=2026-01-01&end=2026-12-31"


def test_page_shows_the_tables_charts_and_late_list(client, worked, handler_culture):
    client.force_login(handler_culture)
    response = client.get(url("feedback_stats:overview") + PERIOD + "&by=department")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="groups-table"' in html
    assert 'id="count-chart"' in html and 'id="time-chart"' in html
    assert "60,0 % (3/5)"  # Finnish decimal comma in html
    assert 'id="late-total"' in html
    # Kaisa (culture) gets links to culture's late feedback only.
    assert f'href="/kasittely/palaute/{worked["C"].pk}/"' in html
    assert f'href="/kasittely/palaute/{worked["I"].pk}/"' not in html
    assert f'class="asi-nowrap">{worked["I"].request_id}</th>' in html  # no link
    # Never the residents' personal data.
    assert "Aino" not in html and "040 123 4567" not in html


def test_triage_officer_gets_links_to_the_unrouted_feedback(client, worked, triage_officer):
    client.force_login(triage_officer)
    html = client.get(url("feedback_stats:overview") + PERIOD).content.decode()
    assert f'href="/kasittely/palaute/{worked["J"].pk}/"' in html
    assert f'href="/kasittely/palaute/{worked["C"].pk}/"' not in html


def test_default_period_is_this_year(client, handler_culture):
    client.force_login(handler_culture)
    response = client.get(url("feedback_stats:overview"))
    form = response.context["form"]
    today = timezone.localdate()
    assert form["start"].value() == datetime.date(today.year, 1, 1)
    assert form["end"].value() == datetime.date(today.year, 12, 31)
    assert response.context["figures"].by == "department"


def test_bad_period_shows_errors_and_keeps_the_input(client, handler_culture):
    client.force_login(handler_culture)
    response = client.get(url("feedback_stats:overview") + "?start=2026-05-01&end=2026-04-01")
    html = response.content.decode()
    assert response.context["figures"] is None
    assert "Aikavälin loppu ei voi olla ennen sen alkua." in html
    assert 'value="2026-05-01"' in html and 'value="2026-04-01"' in html
    response = client.get(url("feedback_stats:overview") + "?start=huomenna&end=2026-04-01")
    assert (
        response.context["form"].errors["start"] == ["Enter a valid date."]
        or response.context["form"].errors["start"]
    )
    assert 'value="huomenna"' in response.content.decode()


def test_residents_get_not_found_and_anonymous_users_the_login(client, resident, catalogue):
    page = url("feedback_stats:overview")
    response = client.get(page)
    assert response.status_code == 302 and "next=" in response["Location"]
    client.force_login(resident)
    assert client.get(page).status_code == 404
    assert client.get(page + PERIOD + "&format=csv").status_code == 404
    staff_without_department = make_person("sami", "Sami", "Staff", is_staff=True)
    client.force_login(staff_without_department)
    assert client.get(page).status_code == 404


def test_csv_of_the_group_table(client, worked, handler_education):
    client.force_login(handler_education)
    response = client.get(
        url("feedback_stats:overview", language="en")
        + PERIOD
        + "&by=service&table=groups&format=csv"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="feedback-groups-2026-01-01-2026-12-31-service.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Code", "Service", "Received", "Answered"]
    assert rows[1] == [
        "kirjastot",
        "Libraries",
        "6",
        "4",
        "4.0",
        "4.6",
        "8.4",
        "132.0",
        "132.0",
        "218.4",
        "5",
        "3",
        "60.0",
    ]
    assert rows[3][:4] == ["", "No service chosen", "2", "1"]
    assert rows[4][:4] == ["", "Total", "11", "7"]


def test_xlsx_of_the_late_list(client, worked, handler_education, settings):
    client.force_login(handler_education)
    page = url("feedback_stats:overview", language="en")
    response = client.get(page + PERIOD + "&table=late&format=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "Feedback number",
        "Service",
        "Department",
        "Received",
        "Answered",
        "Days late",
    ]
    assert rows[1] == [
        worked["C"].request_id,
        "Libraries",
        "Culture and Leisure",
        datetime.datetime(2026, 3, 2),  # noqa: DTZ001 (XLSX dates are naive)
        datetime.datetime(2026, 3, 12),  # noqa: DTZ001
        3,
    ]
    # D is still open: late by every day begun since its promise ran out (the page counts to now).
    waited = timezone.now() - worked["D"].received_at - datetime.timedelta(days=7)
    assert rows[2][4:] == ["not answered", math.ceil(waited / datetime.timedelta(days=1))]
    assert len(rows) == 5


def test_unknown_download_format_is_not_found(client, handler_culture):
    client.force_login(handler_culture)
    assert client.get(url("feedback_stats:overview") + "?format=pdf").status_code == 404
    assert client.get(url("feedback_stats:overview") + "?format=csv&table=x").status_code == 404


@pytest.mark.parametrize("by", ["department", "service"])
def test_query_count_does_not_grow_with_feedback(client, catalogue, handler_culture, by):
    client.force_login(handler_culture)
    page = url("feedback_stats:overview") + PERIOD + f"&by={by}"

    def queries(count: int) -> int:
        for index in range(count):
            give("kirjastot", index, reaction=1 + index % 5, answer=200 + index)
            give(None, index, reaction=2)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page).status_code == 200
        return len(captured)

    assert queries(5) == queries(45)  # 10 and then 100 rows
