"""Handler actions on feedback: events, first reaction, emails, access and conflicts."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from asiointi.common.errors import Conflict, NotFound, TransitionNotAllowed, ValidationFailed
from asiointi.feedback import services
from asiointi.feedback.constants import (
    FeedbackChannel,
    FeedbackEventKind,
    FeedbackStatus,
    Publication,
)
from asiointi.feedback.intake import FeedbackInput, feedback_submit
from asiointi.feedback.models import Feedback, FeedbackEvent, StatementRequest
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.testing.fixtures import make_person

pytestmark = pytest.mark.django_db


def submit(**changes) -> Feedback:
    values = {
        "service_code": "kirjastot",
        "description": "Kirjaston aukioloajat ovat liian lyhyet viikonloppuisin.",
        "contact_email": "aino@example.com",
        "reply_wanted": True,
        "language": "fi",
    }
    values.update(changes)
    return feedback_submit(FeedbackInput(**values))


def kinds(feedback) -> list[str]:
    return list(FeedbackEvent.objects.filter(feedback=feedback).values_list("kind", flat=True))


def test_claim_makes_the_handler_and_is_the_first_reaction(handler_culture):
    feedback = submit()
    claimed = services.feedback_claim(
        actor=handler_culture, feedback=feedback, expected_lock_version=0
    )
    claimed.refresh_from_db()
    assert claimed.status == FeedbackStatus.IN_PROCESS
    assert claimed.handler == handler_culture
    assert claimed.first_reaction_at is not None
    event = FeedbackEvent.objects.get(feedback=feedback, kind=FeedbackEventKind.CLAIMED)
    assert event.actor == handler_culture


def test_answer_is_emailed_in_the_feedbacks_language_with_the_status_link(
    handler_culture, django_capture_on_commit_callbacks
):
    feedback = submit(language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        answered = services.feedback_answer(
            actor=handler_culture, feedback=feedback, text="  We extend the opening hours.  "
        )
    answered.refresh_from_db()
    assert answered.status == FeedbackStatus.ANSWERED
    assert answered.answer == "We extend the opening hours."
    assert answered.answered_at and answered.closed_at and answered.first_reaction_at
    assert answered.handler == handler_culture
    assert FeedbackEventKind.ANSWERED in kinds(feedback)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["aino@example.com"]
    assert "We extend the opening hours." in message.body
    assert f"/en/palaute/seuranta/{feedback.tracking_code}/" in message.body
    assert feedback.request_id in message.subject


def test_answer_without_an_email_address_sends_nothing(
    handler_culture, django_capture_on_commit_callbacks
):
    feedback = submit(contact_email="", contact_phone="040 123 4567")
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_answer(actor=handler_culture, feedback=feedback, text="Soitimme teille.")
    assert mail.outbox == []


@pytest.mark.parametrize("text", ["", "   ", "x" * 5001])
def test_answer_must_be_1_to_5000_characters(handler_culture, text):
    feedback = submit()
    with pytest.raises(ValidationFailed) as error:
        services.feedback_answer(actor=handler_culture, feedback=feedback, text=text)
    assert "answer" in error.value.errors
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.RECEIVED and feedback.answer == ""


def test_stale_page_is_a_conflict_and_changes_nothing(handler_culture):
    feedback = submit()
    services.feedback_claim(actor=handler_culture, feedback=feedback, expected_lock_version=0)
    with pytest.raises(Conflict):
        services.feedback_answer(
            actor=handler_culture, feedback=feedback, text="Vastaus", expected_lock_version=0
        )
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.IN_PROCESS and feedback.answer == ""


def test_transfer_clears_the_handler_keeps_the_status_and_is_not_a_reaction(handler_culture):
    feedback = submit()
    moved = services.feedback_transfer(
        actor=handler_culture,
        feedback=feedback,
        department=Department.objects.get(code="urban"),
        reason="Koskee katuja.",
    )
    moved.refresh_from_db()
    assert moved.department.code == "urban"
    assert moved.status == FeedbackStatus.RECEIVED
    assert moved.handler is None and moved.service is None
    assert moved.first_reaction_at is None
    event = FeedbackEvent.objects.get(feedback=feedback, kind=FeedbackEventKind.TRANSFERRED)
    assert event.details == {"from": "culture", "to": "urban", "reason": "Koskee katuja."}
    # Kaisa no longer handles it.
    with pytest.raises(NotFound):
        services.feedback_claim(actor=handler_culture, feedback=moved)


def test_transfer_needs_a_reason(handler_culture):
    feedback = submit()
    with pytest.raises(ValidationFailed) as error:
        services.feedback_transfer(
            actor=handler_culture,
            feedback=feedback,
            department=Department.objects.get(code="urban"),
            reason="",
        )
    assert "reason" in error.value.errors


def test_forward_closes_with_a_pointer_tells_the_resident_and_never_publishes(
    handler_culture, django_capture_on_commit_callbacks
):
    feedback = submit(publish_consent=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        forwarded = services.feedback_forward(
            actor=handler_culture,
            feedback=feedback,
            reason="formal_complaint",
            pointer="HEL 2026-012345",
        )
    forwarded.refresh_from_db()
    assert forwarded.status == FeedbackStatus.FORWARDED
    assert forwarded.forwarded_to == "HEL 2026-012345"
    assert forwarded.closed_at is not None
    assert forwarded.publication == Publication.DECLINED
    assert len(mail.outbox) == 1 and "HEL 2026-012345" in mail.outbox[0].body
    event = FeedbackEvent.objects.get(feedback=feedback, kind=FeedbackEventKind.FORWARDED)
    assert event.details == {"reason": "formal_complaint", "to": "HEL 2026-012345"}
    # Forwarded matters cannot be published afterwards either.
    with pytest.raises(TransitionNotAllowed):
        services.feedback_publish(
            actor=handler_culture, feedback=forwarded, public_description="Julkinen versio."
        )
    assert Feedback.objects.get(pk=feedback.pk).publication == Publication.DECLINED


def test_forward_needs_a_reason_and_a_pointer(handler_culture):
    feedback = submit()
    with pytest.raises(ValidationFailed) as error:
        services.feedback_forward(actor=handler_culture, feedback=feedback, reason="x", pointer="A")
    assert "reason" in error.value.errors
    with pytest.raises(ValidationFailed) as error:
        services.feedback_forward(
            actor=handler_culture, feedback=feedback, reason="appeal", pointer=""
        )
    assert "pointer" in error.value.errors
    assert Feedback.objects.get(pk=feedback.pk).status == FeedbackStatus.RECEIVED


def test_close_without_answer_is_refused_when_a_reply_was_wanted(handler_culture):
    feedback = submit(reply_wanted=True)
    with pytest.raises(TransitionNotAllowed) as refused:
        services.feedback_close_without_answer(actor=handler_culture, feedback=feedback)
    assert "Asukas pyysi vastausta" in refused.value.message
    assert Feedback.objects.get(pk=feedback.pk).status == FeedbackStatus.RECEIVED


def test_close_without_answer_when_no_reply_was_wanted(handler_culture):
    feedback = submit(reply_wanted=False, contact_email="")
    closed = services.feedback_close_without_answer(
        actor=handler_culture, feedback=feedback, reason="Kiitos, tieto välitetty."
    )
    closed.refresh_from_db()
    assert closed.status == FeedbackStatus.CLOSED and closed.closed_at is not None
    assert closed.first_reaction_at is not None
    assert FeedbackEventKind.CLOSED in kinds(feedback)


def test_statement_across_departments(handler_culture, handler_education):
    feedback = submit()
    education = Department.objects.get(code="education")
    statement = services.feedback_request_statement(
        actor=handler_culture,
        feedback=feedback,
        department=education,
        question="Onko koulujen kirjastoille tulossa muutoksia?",
    )
    feedback.refresh_from_db()
    assert feedback.first_reaction_at is not None  # asking counts as a reaction
    assert feedback.status == FeedbackStatus.RECEIVED
    given = services.statement_give(
        actor=handler_education, statement=statement, text="Ei muutoksia tänä vuonna."
    )
    assert given.given_by == handler_education and given.given_at is not None
    assert [FeedbackEventKind.STATEMENT_REQUESTED, FeedbackEventKind.STATEMENT_GIVEN] == [
        k for k in kinds(feedback) if k.startswith("statement")
    ]
    with pytest.raises(Conflict):
        services.statement_give(actor=handler_education, statement=statement, text="Toinen.")


def test_statement_from_a_named_expert(handler_culture, triage_officer):
    feedback = submit()
    statement = services.feedback_request_statement(
        actor=handler_culture, feedback=feedback, expert=triage_officer, question="Kysymys?"
    )
    services.statement_give(actor=triage_officer, statement=statement, text="Vastaus.")
    statement.refresh_from_db()
    assert statement.statement == "Vastaus."


def test_only_the_addressee_gives_a_statement(handler_culture, handler_education, resident):
    feedback = submit()
    statement = services.feedback_request_statement(
        actor=handler_culture,
        feedback=feedback,
        department=Department.objects.get(code="education"),
        question="Kysymys?",
    )
    for outsider in (resident, handler_culture):
        with pytest.raises(NotFound):
            services.statement_give(actor=outsider, statement=statement, text="Minä vastaan.")
    assert StatementRequest.objects.get(pk=statement.pk).given_at is None


def test_statement_needs_an_addressee_other_than_the_own_department(handler_culture):
    feedback = submit()
    with pytest.raises(ValidationFailed):
        services.feedback_request_statement(actor=handler_culture, feedback=feedback, question="?")
    with pytest.raises(ValidationFailed):
        services.feedback_request_statement(
            actor=handler_culture,
            feedback=feedback,
            department=Department.objects.get(code="culture"),
            question="?",
        )
    assert not StatementRequest.objects.exists()


def test_triage_routes_unrouted_feedback(triage_officer, catalogue):
    feedback = submit(service_code="")
    routed = services.feedback_route(
        actor=triage_officer,
        feedback=feedback,
        service=feedback_service("puistot"),
        reason="Suggestion: puistot",
    )
    routed.refresh_from_db()
    assert routed.department.code == "urban" and routed.service.code == "puistot"
    event = FeedbackEvent.objects.get(feedback=feedback, kind=FeedbackEventKind.ROUTED)
    assert event.details == {
        "from": None,
        "to": "urban",
        "service": "puistot",
        "reason": "Suggestion: puistot",
    }
    assert routed.first_reaction_at is None  # routing is not the department's reaction


def test_triage_corrects_a_wrong_department(triage_officer, handler_culture):
    feedback = submit()
    services.feedback_claim(actor=handler_culture, feedback=feedback)
    routed = services.feedback_route(
        actor=triage_officer, feedback=feedback, department=Department.objects.get(code="social")
    )
    routed.refresh_from_db()
    assert routed.department.code == "social" and routed.handler is None


def feedback_service(code):
    from asiointi.catalogue.models import Service

    return Service.objects.get(code=code)


def _other_staff():
    person = make_person("pekka", "Pekka", "Puutarha", is_staff=True)
    Membership.objects.create(
        user=person, department=Department.objects.get(code="urban"), role=StaffRole.HANDLER
    )
    return person


def _finance_only():
    person = make_person("raili", "Raili", "Rahoitus", is_staff=True)
    Membership.objects.create(
        user=person, department=Department.objects.get(code="culture"), role=StaffRole.FINANCE
    )
    return person


HANDLER_CALLS = {
    "claim": lambda actor, fb: services.feedback_claim(actor=actor, feedback=fb),
    "answer": lambda actor, fb: services.feedback_answer(actor=actor, feedback=fb, text="Vastaus"),
    "transfer": lambda actor, fb: services.feedback_transfer(
        actor=actor, feedback=fb, department=Department.objects.get(code="urban"), reason="x"
    ),
    "forward": lambda actor, fb: services.feedback_forward(
        actor=actor, feedback=fb, reason="appeal", pointer="HEL 1"
    ),
    "close": lambda actor, fb: services.feedback_close_without_answer(actor=actor, feedback=fb),
    "note": lambda actor, fb: services.feedback_add_note(
        actor=actor, feedback=fb, text="Muistiinpano"
    ),
    "statement": lambda actor, fb: services.feedback_request_statement(
        actor=actor, feedback=fb, department=Department.objects.get(code="social"), question="?"
    ),
}


@pytest.mark.parametrize("call", HANDLER_CALLS)
@pytest.mark.parametrize("who", ["resident", "other_department", "finance_only", "triage"])
def test_outsiders_get_not_found_and_nothing_changes(call, who, resident, triage_officer):
    feedback = submit(reply_wanted=False)
    actor = {
        "resident": lambda: resident,
        "other_department": _other_staff,
        "finance_only": _finance_only,
        "triage": lambda: triage_officer,
    }[who]()
    before = Feedback.objects.values().get(pk=feedback.pk)
    with pytest.raises(NotFound):
        HANDLER_CALLS[call](actor, feedback)
    assert Feedback.objects.values().get(pk=feedback.pk) == before
    assert kinds(feedback) == [FeedbackEventKind.RECEIVED]


def test_only_triage_routes(handler_culture, resident):
    feedback = submit(service_code="")
    for actor in (handler_culture, resident):
        with pytest.raises(NotFound):
            services.feedback_route(
                actor=actor, feedback=feedback, department=Department.objects.get(code="culture")
            )
    assert Feedback.objects.get(pk=feedback.pk).department is None


def test_staff_registration_records_channel_time_and_registrar(
    handler_culture, django_capture_on_commit_callbacks
):
    arrived = timezone.now().replace(microsecond=0) - datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        feedback = services.feedback_register(
            actor=handler_culture,
            data=FeedbackInput(
                service_code="liikuntapaikat",
                description="Soittaja kertoi, että uimahallin suihkut ovat kylmiä.",
                contact_email="soittaja@example.com",
                channel=FeedbackChannel.PHONE,
                received_at=arrived,
            ),
        )
    assert feedback.channel == FeedbackChannel.PHONE
    assert feedback.received_at == arrived
    assert feedback.registered_by == handler_culture and feedback.submitted_by is None
    assert kinds(feedback) == [FeedbackEventKind.REGISTERED_BY_STAFF]
    assert len(mail.outbox) == 1  # the receipt with the tracking code


def test_registration_is_for_staff_and_staff_channels(handler_culture, resident):
    data = FeedbackInput(
        service_code="kirjastot",
        description="Kirjastossa on liian kylmä talvisin.",
        channel=FeedbackChannel.PHONE,
    )
    with pytest.raises(NotFound):
        services.feedback_register(actor=resident, data=data)
    data.channel = FeedbackChannel.ONLINE
    with pytest.raises(ValidationFailed):
        services.feedback_register(actor=handler_culture, data=data)
    assert not Feedback.objects.exists()
