"""The reminder sweep: handlers hear of feedback nobody has reacted to after 3 and 7 days, once."""

import datetime
import secrets
import threading

import pytest
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from asiointi.catalogue.models import Service
from asiointi.feedback import reminders
from asiointi.feedback.constants import FeedbackEventKind, FeedbackStatus
from asiointi.feedback.events import record_event
from asiointi.feedback.models import Feedback, FeedbackEvent, FeedbackReminder
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.testing.fixtures import make_person

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def make_feedback(*, service="kirjastot", age=datetime.timedelta(0), now=NOW, **fields):
    """Feedback as intake leaves it, received ``age`` before ``now``."""
    service_obj = Service.objects.get(code=service) if service else None
    values = {
        "tracking_code": secrets.token_hex(7),
        "type": "feedback",
        "service": service_obj,
        "department": service_obj.department if service_obj else None,
        "description": "Kirjaston ovi ei aukea, Aino Asukas, puh. 040 123 4567.",
        "contact_name": "Aino Asukas",
        "contact_email": "aino@example.com",
        "contact_phone": "040 123 4567",
        "received_at": now - age,
    }
    values.update(fields)
    return Feedback.objects.create(**values)


def days(count: float) -> datetime.timedelta:
    return datetime.timedelta(days=count)


def run(now=NOW, *, capture=None):
    if capture is None:
        return reminders.reminders_sweep(now)
    with capture(execute=True):
        return reminders.reminders_sweep(now)


@pytest.fixture
def culture_admin(catalogue):
    person = make_person("anna", "Anna", "Admin", is_staff=True)
    Membership.objects.create(
        user=person,
        department=Department.objects.get(code="culture"),
        role=StaffRole.DEPARTMENT_ADMIN,
    )
    return person


def test_two_days_old_feedback_is_not_reminded(handler_culture):
    make_feedback(age=days(2) + datetime.timedelta(hours=23))
    result = run()
    assert (result.first_reminders, result.second_reminders) == (0, 0)
    assert not FeedbackReminder.objects.exists()


def test_three_days_without_reaction_reminds_once(
    handler_culture, culture_admin, handler_education, django_capture_on_commit_callbacks
):
    feedback = make_feedback(age=days(3))
    result = run(capture=django_capture_on_commit_callbacks)
    assert (result.candidates, result.first_reminders, result.second_reminders) == (1, 1, 0)
    reminder = FeedbackReminder.objects.get(feedback=feedback)
    assert reminder.level == 1
    assert reminder.department.code == "culture"
    # The culture department's handler and administrator; not education's handler.
    assert reminder.recipients == ["anna@example.com", "kaisa@example.com"]
    feedback.refresh_from_db()
    assert feedback.reminders_sent == 1
    assert feedback.first_reaction_at is None  # a reminder is not a reaction
    event = FeedbackEvent.objects.get(feedback=feedback, kind=FeedbackEventKind.REMINDER)
    assert event.details == {"levels": [1], "recipients": 2}
    assert sorted(message.to[0] for message in mail.outbox) == [
        "anna@example.com",
        "kaisa@example.com",
    ]

    mail.outbox.clear()
    again = run(NOW + datetime.timedelta(minutes=1), capture=django_capture_on_commit_callbacks)
    assert (again.first_reminders, again.second_reminders) == (0, 0)
    assert FeedbackReminder.objects.count() == 1
    assert mail.outbox == []


def test_seven_days_sends_the_second_reminder_once(
    handler_culture, django_capture_on_commit_callbacks
):
    feedback = make_feedback(age=days(3))
    run(capture=django_capture_on_commit_callbacks)
    mail.outbox.clear()
    # Reminded once: not even looked at again before the second reminder can be due.
    assert run(NOW + days(3)).candidates == 0
    later = NOW + days(4)  # the feedback is now 7 days old
    result = run(later, capture=django_capture_on_commit_callbacks)
    assert (result.first_reminders, result.second_reminders) == (0, 1)
    run(later + datetime.timedelta(minutes=1), capture=django_capture_on_commit_callbacks)
    assert list(
        FeedbackReminder.objects.filter(feedback=feedback).values_list("level", flat=True)
    ) == [1, 2]
    feedback.refresh_from_db()
    assert feedback.reminders_sent == 2
    assert len(mail.outbox) == 1
    assert feedback.request_id in mail.outbox[0].subject
    assert " 7 " in mail.outbox[0].subject  # waited 7 days


def test_when_both_levels_are_due_only_the_second_is_emailed_and_both_recorded(
    handler_culture, django_capture_on_commit_callbacks
):
    """The sweep did not run for a while: a reminder saying 3 days would be wrong on day 8."""
    feedback = make_feedback(age=days(8))
    result = run(capture=django_capture_on_commit_callbacks)
    assert (result.first_reminders, result.second_reminders) == (0, 1)
    levels = dict(
        FeedbackReminder.objects.filter(feedback=feedback).values_list("level", "recipients")
    )
    assert levels == {1: [], 2: ["kaisa@example.com"]}
    assert len(mail.outbox) == 1
    feedback.refresh_from_db()
    assert feedback.reminders_sent == 2
    event = FeedbackEvent.objects.get(feedback=feedback, kind=FeedbackEventKind.REMINDER)
    assert event.details == {"levels": [1, 2], "recipients": 1}
    assert run(NOW + days(1)).candidates == 0  # fully reminded: out of the index


def test_feedback_with_a_reaction_is_never_reminded(handler_culture):
    feedback = make_feedback(age=days(10))
    record_event(
        feedback=feedback,
        kind=FeedbackEventKind.CLAIMED,
        actor=handler_culture,
        at=NOW - days(9),
    )
    result = run()
    assert result.candidates == 0
    assert not FeedbackReminder.objects.exists()


@pytest.mark.parametrize(
    "status", [FeedbackStatus.ANSWERED, FeedbackStatus.FORWARDED, FeedbackStatus.CLOSED]
)
def test_closed_or_answered_feedback_is_never_reminded(handler_culture, status):
    make_feedback(age=days(10), status=status)
    assert run().first_reminders == 0
    assert not FeedbackReminder.objects.exists()


def test_feedback_in_process_without_a_reaction_is_reminded(handler_culture):
    make_feedback(age=days(3), status=FeedbackStatus.IN_PROCESS)
    assert run().first_reminders == 1


def test_thresholds_are_per_service(handler_culture):
    Service.objects.filter(code="kirjastot").update(
        feedback_first_reminder_days=1, feedback_second_reminder_days=2
    )
    one_day = make_feedback(age=days(1))
    two_days = make_feedback(age=days(2))
    other_service = make_feedback(service="liikuntapaikat", age=days(2))
    result = run()
    assert (result.first_reminders, result.second_reminders) == (1, 1)
    assert sorted(FeedbackReminder.objects.values_list("feedback_id", "level", "recipients")) == [
        (one_day.pk, 1, ["kaisa@example.com"]),
        (two_days.pk, 1, []),
        (two_days.pk, 2, ["kaisa@example.com"]),
    ]
    assert not FeedbackReminder.objects.filter(feedback=other_service).exists()


def test_feedback_waiting_for_triage_reminds_the_triage_officers(
    triage_officer, handler_culture, django_capture_on_commit_callbacks
):
    feedback = make_feedback(service=None, age=days(3))
    run(capture=django_capture_on_commit_callbacks)
    reminder = FeedbackReminder.objects.get(feedback=feedback)
    assert reminder.department is None
    assert reminder.recipients == ["tiina@example.com"]
    assert [message.to for message in mail.outbox] == [["tiina@example.com"]]


def test_the_email_names_number_age_and_link_but_no_personal_data(
    handler_culture, django_capture_on_commit_callbacks
):
    feedback = make_feedback(age=days(3) + datetime.timedelta(hours=5))
    run(capture=django_capture_on_commit_callbacks)
    (message,) = mail.outbox
    text = message.subject + "\n" + message.body
    assert feedback.request_id in message.subject
    assert "3" in message.subject
    assert f"/kasittely/palaute/{feedback.pk}/" in message.body
    for personal in ("Aino", "Asukas", "aino@example.com", "040 123 4567", "Kirjaston ovi"):
        assert personal not in text
    assert feedback.tracking_code not in text


def test_a_department_without_handlers_gets_the_reminder_recorded_without_email(
    catalogue, django_capture_on_commit_callbacks
):
    feedback = make_feedback(age=days(3))
    result = run(capture=django_capture_on_commit_callbacks)
    assert result.first_reminders == 1
    assert FeedbackReminder.objects.get(feedback=feedback).recipients == []
    assert mail.outbox == []


def test_query_count_does_not_grow_with_waiting_rows_that_are_not_due(handler_culture):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            run()
        return len(captured)

    make_feedback(age=days(1))
    few = queries()
    for _ in range(30):
        make_feedback(age=days(3) - datetime.timedelta(hours=1))  # waiting, not yet due
        make_feedback(age=days(1))
    assert queries() == few


def test_a_backlog_of_due_reminders_is_written_in_a_fixed_number_of_statements(handler_culture):
    """Catching up after a pause costs the same statements for 2 due items as for 40."""

    def queries_for(count: int) -> int:
        for _ in range(count):
            make_feedback(age=days(8))
        with CaptureQueriesContext(connection) as captured:
            result = run()
        assert result.second_reminders == count
        return len(captured)

    assert queries_for(2) == queries_for(40)


def test_rows_are_read_in_batches(handler_culture, monkeypatch):
    monkeypatch.setattr(reminders, "BATCH_SIZE", 2)
    for _ in range(5):
        make_feedback(age=days(3))
    result = run()
    assert (result.candidates, result.first_reminders) == (5, 5)
    assert FeedbackReminder.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_parallel_sweeps_send_each_reminder_once(handler_culture):
    waiting = [make_feedback(age=days(3 if index % 2 else 8)) for index in range(20)]
    results = []
    errors = []
    barrier = threading.Barrier(2)

    def sweep_in_thread():
        try:
            barrier.wait()
            results.append(reminders.reminders_sweep(NOW))
        except Exception as error:  # noqa: BLE001 (reported by the assertion below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep_in_thread) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(result.first_reminders for result in results) == 10
    assert sum(result.second_reminders for result in results) == 10
    assert FeedbackReminder.objects.count() == 30  # 10 × level 1, 10 × levels 1 and 2
    assert FeedbackEvent.objects.filter(kind=FeedbackEventKind.REMINDER).count() == 20
    # Immediate task backend in tests: every email went out inside the sweeps.
    assert len(mail.outbox) == 20
    assert {feedback.pk for feedback in waiting} == set(
        FeedbackReminder.objects.values_list("feedback_id", flat=True)
    )


def test_the_background_task_runs_the_sweep(handler_culture):
    from asiointi.feedback.tasks import sweep_reminders

    feedback = make_feedback(age=days(3), now=timezone.now())
    result = sweep_reminders.enqueue()  # the immediate backend in tests
    assert result.return_value["first_reminders"] == 1
    assert FeedbackReminder.objects.get(feedback=feedback).level == 1


@pytest.mark.parametrize(
    ("language", "level", "one", "three"),
    [
        (
            "fi",
            1,
            "Muistutusviesti: palaute 2026-7 on odottanut reaktiota 1 päivän",
            "Muistutusviesti: palaute 2026-7 on odottanut reaktiota 3 päivää",
        ),
        (
            "sv",
            2,
            "Andra påminnelsen: respons 2026-7 har väntat 1 dag på en reaktion",
            "Andra påminnelsen: respons 2026-7 har väntat 3 dagar på en reaktion",
        ),
    ],
)
def test_the_reminder_subject_has_plural_forms(language, level, one, three):
    def subject(days):
        context = {"number": "2026-7", "level": level, "age_days": days}
        return render_to_string("feedback/email/reminder_subject.txt", context).strip()

    with translation.override(language):
        assert (subject(1), subject(3)) == (one, three)
