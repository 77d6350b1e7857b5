"""Background work for feedback: thin tasks that load by primary key."""

from django.tasks import task

from asiointi.feedback.notifications import send_receipt_email


@task()
def send_receipt(feedback_id: int) -> None:
    send_receipt_email(feedback_id)
