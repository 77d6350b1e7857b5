"""Background work for cases: thin tasks that load by primary key and call the notifier."""

from django.tasks import task

from asiointi.cases.notifications import send_event_notification


@task()
def notify_applicant(event_id: int) -> None:
    send_event_notification(event_id)


@task()
def render_decision_letter(case_id: int) -> None:
    """Render the decision letter PDF into the case's documents (idempotent)."""
    from asiointi.cases.letters import decision_letter_store

    decision_letter_store(case_id)
