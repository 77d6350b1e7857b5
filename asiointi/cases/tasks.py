"""Background work for cases: thin tasks that load by primary key and call the notifier."""

from django.tasks import task

from asiointi.cases.notifications import send_event_notification


@task()
def notify_applicant(event_id: int) -> None:
    send_event_notification(event_id)
