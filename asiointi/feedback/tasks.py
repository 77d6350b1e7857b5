"""Background work for feedback: thin tasks that load by primary key."""

from django.tasks import task

from asiointi.feedback.notifications import send_receipt_email, send_reminder_email


@task()
def send_receipt(feedback_id: int) -> None:
    send_receipt_email(feedback_id)


@task()
def send_reminders(reminder_ids: list[int]) -> None:
    for reminder_id in reminder_ids:
        send_reminder_email(reminder_id)


@task()
def sweep_reminders() -> dict:
    """The reminder sweep (feedback.reminders), for a scheduler that enqueues tasks."""
    from asiointi.feedback.reminders import reminders_sweep

    result = reminders_sweep()
    return {
        "candidates": result.candidates,
        "first_reminders": result.first_reminders,
        "second_reminders": result.second_reminders,
        "elapsed_ms": result.elapsed_ms,
    }


@task()
def send_answer(feedback_id: int) -> None:
    from asiointi.feedback.notifications import send_answer_email

    send_answer_email(feedback_id)


@task()
def send_forwarded(feedback_id: int) -> None:
    from asiointi.feedback.notifications import send_forwarded_email

    send_forwarded_email(feedback_id)
