"""``asiointi feedback remind``: run as an operator's cron job would, through call_command and
once through the real console script."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from asiointi.feedback.models import Feedback, FeedbackReminder
from asiointi.feedback.tests.test_reminders import make_feedback
from asiointi.testing.console import ConsoleScript

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("feedback", *args, stdout=out)
    return out.getvalue()


def test_remind_sends_due_reminders_and_prints_a_summary(
    handler_culture, django_capture_on_commit_callbacks
):
    now = timezone.now()
    feedback = make_feedback(age=datetime.timedelta(days=3, minutes=1), now=now)
    make_feedback(age=datetime.timedelta(days=8), now=now)
    make_feedback(age=datetime.timedelta(days=1), now=now)
    with django_capture_on_commit_callbacks(execute=True):
        output = run("remind")
    assert re.fullmatch(
        r"reminders: 2 candidates, 1 first and 1 second reminders sent in \d+ ms\n", output
    )
    assert FeedbackReminder.objects.filter(feedback=feedback, level=1).exists()
    assert Feedback.objects.get(pk=feedback.pk).reminders_sent == 1
    assert len(mail.outbox) == 2  # one per reminder to Kaisa (the immediate task backend)
    assert re.fullmatch(
        r"reminders: 0 candidates, 0 first and 0 second reminders sent in \d+ ms\n", run("remind")
    )


def test_quiet_prints_nothing(handler_culture):
    make_feedback(age=datetime.timedelta(days=3))
    assert run("remind", "--quiet") == ""
    assert FeedbackReminder.objects.count() == 1


def test_an_unknown_action_is_refused(db):
    with pytest.raises(CommandError, match="invalid choice: 'forget'"):
        call_command("feedback", "forget")


@pytest.mark.engine_independent  # its script has an SQLite database of its own
def test_console_script_runs_the_sweep(tmp_path):
    """The installed ``asiointi`` script against an empty embedded database of its own."""
    asiointi = ConsoleScript(tmp_path)
    remind = asiointi.run("feedback", "remind")
    assert remind.returncode == 0, remind.stderr
    assert re.fullmatch(
        r"reminders: 0 candidates, 0 first and 0 second reminders sent in \d+ ms\n",
        remind.stdout,
    )
    quiet = asiointi.run("feedback", "remind", "--quiet")
    assert (quiet.returncode, quiet.stdout) == (0, "")
    bad = asiointi.run("feedback", "forget")
    assert bad.returncode != 0
    assert "invalid choice: 'forget'" in bad.stderr
