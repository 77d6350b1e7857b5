"""The workflow table decides from which statuses each handler action is allowed."""

import pytest

from asiointi.common.errors import TransitionNotAllowed
from asiointi.feedback import services, workflow
from asiointi.feedback.constants import FeedbackStatus, Publication
from asiointi.feedback.intake import FeedbackInput, feedback_submit
from asiointi.feedback.models import Feedback, FeedbackEvent, StatementRequest
from asiointi.organisation.models import Department

pytestmark = pytest.mark.django_db


def feedback_in(status: str, **changes) -> Feedback:
    feedback = feedback_submit(
        FeedbackInput(
            service_code="kirjastot",
            description="Kirjaston aukioloajat ovat liian lyhyet viikonloppuisin.",
            contact_email="aino@example.com",
            publish_consent=True,
            reply_wanted=False,
        )
    )
    answered = status == FeedbackStatus.ANSWERED
    Feedback.objects.filter(pk=feedback.pk).update(
        status=status,
        answer="Aukioloja pidennetään." if answered else "",
        publication=Publication.PENDING,
        **changes,
    )
    return Feedback.objects.get(pk=feedback.pk)


def run(action: str, feedback: Feedback, kaisa, tiina, olli):
    education = Department.objects.get(code="education")
    if action == "route":
        return services.feedback_route(actor=tiina, feedback=feedback, department=education)
    if action == "claim":
        return services.feedback_claim(actor=kaisa, feedback=feedback)
    if action == "answer":
        return services.feedback_answer(actor=kaisa, feedback=feedback, text="Kiitos palautteesta.")
    if action == "request_statement":
        return services.feedback_request_statement(
            actor=kaisa, feedback=feedback, department=education, question="Mitä mieltä olette?"
        )
    if action == "transfer":
        return services.feedback_transfer(
            actor=kaisa, feedback=feedback, department=education, reason="Kuuluu opetukselle."
        )
    if action == "forward":
        return services.feedback_forward(
            actor=kaisa, feedback=feedback, reason="appeal", pointer="HEL 2026-012345"
        )
    if action == "close_without_answer":
        return services.feedback_close_without_answer(actor=kaisa, feedback=feedback)
    if action == "give_statement":
        statement = StatementRequest.objects.create(
            feedback=feedback,
            department=education,
            question="Mitä mieltä olette?",
            requested_by=kaisa,
            requested_at=feedback.received_at,
        )
        return services.statement_give(actor=olli, statement=statement, text="Lausunto.")
    if action == "add_note":
        return services.feedback_add_note(
            actor=kaisa, feedback=feedback, text="Soitettu asukkaalle."
        )
    if action == "publish":
        return services.feedback_publish(
            actor=kaisa,
            feedback=feedback,
            public_description="Kirjaston aukioloajat ovat lyhyet.",
            public_answer="Aukioloja pidennetään.",
        )
    if action == "decline_publication":
        return services.feedback_decline_publication(actor=kaisa, feedback=feedback)
    raise AssertionError(action)


CASES = [(action, status) for action in workflow.TRANSITIONS for status in FeedbackStatus.values]


@pytest.mark.parametrize(("action", "status"), CASES)
def test_every_action_from_every_status(
    action, status, handler_culture, handler_education, triage_officer
):
    feedback = feedback_in(status)
    before = Feedback.objects.values().get(pk=feedback.pk)
    events_before = FeedbackEvent.objects.filter(feedback=feedback).count()
    allowed_from, target = workflow.TRANSITIONS[action]
    if status in allowed_from:
        run(action, feedback, handler_culture, triage_officer, handler_education)
        feedback.refresh_from_db()
        assert feedback.status == (target or status)
        assert FeedbackEvent.objects.filter(feedback=feedback).count() == events_before + 1
        assert feedback.lock_version == before["lock_version"] + 1
    else:
        with pytest.raises(TransitionNotAllowed) as refused:
            run(action, feedback, handler_culture, triage_officer, handler_education)
        assert str(FeedbackStatus(status).label) in refused.value.message
        assert Feedback.objects.values().get(pk=feedback.pk) == before
        assert FeedbackEvent.objects.filter(feedback=feedback).count() == events_before


def test_the_table_covers_every_status():
    for action, (allowed_from, target) in workflow.TRANSITIONS.items():
        assert allowed_from <= set(FeedbackStatus.values), action
        assert target is None or target in FeedbackStatus.values
    # Nothing ever leaves a closed status through a handler action.
    for status in (FeedbackStatus.ANSWERED, FeedbackStatus.FORWARDED, FeedbackStatus.CLOSED):
        for action, (allowed_from, target) in workflow.TRANSITIONS.items():
            if status in allowed_from:
                assert target is None, action
