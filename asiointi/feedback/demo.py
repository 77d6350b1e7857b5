"""Sample feedback for the demo (``asiointi load_demo``): one item in every interesting state.

Made with the same services handlers use, so the timelines look real. Loads once: the first
sample's description is the marker.
"""

import datetime

from django.utils import timezone

from asiointi.feedback import reminders, services
from asiointi.feedback.constants import FeedbackChannel, FeedbackType
from asiointi.feedback.intake import FeedbackInput, feedback_submit
from asiointi.feedback.models import Feedback
from asiointi.organisation.models import Department

MARKER = "Leikkipuiston keinu on rikki ja roskis on ollut täynnä jo viikon."


def _ago(days: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def _submit(days: float, submitted_by=None, registered_by=None, **values) -> Feedback:
    values.setdefault("contact_email", "asukas@example.com")
    return feedback_submit(
        FeedbackInput(received_at=_ago(days), **values),
        submitted_by=submitted_by,
        registered_by=registered_by,
    )


def load_sample_feedback(users) -> None:
    if Feedback.objects.filter(description=MARKER).exists():
        return
    kaisa = users["kaisa"]
    education = Department.objects.get(code="education")

    # Central triage: nobody knew where this belongs (tiina routes it, with the suggestion).
    _submit(1, service_code="", description=MARKER, reply_wanted=True)

    # Urban, 4 days without a reaction: the sweep, run as it was 3 days after the arrival, has
    # sent the 3-day reminder (to Ulla, the Urban Environment handler).
    late = _submit(
        4,
        service_code="katujen-kunnossapito",
        description="Jalkakäytävä on liukas Hämeentiellä, hiekoitusta ei ole tehty.",
        reply_wanted=True,
    )
    reminders.reminders_sweep(now=late.received_at + datetime.timedelta(days=3, minutes=1))

    # Culture: in process by Kaisa.
    services.feedback_claim(
        actor=kaisa,
        feedback=_submit(
            2,
            service_code="kirjastot",
            type=FeedbackType.QUESTION,
            description="Voiko kirjastosta lainata kirjoja myös sunnuntaisin?",
            reply_wanted=True,
        ),
    )

    # Two answered and published on the board.
    for days, code, description, answer, public in [
        (
            12,
            "kirjastot",
            "Kirjaston aukioloajat ovat liian lyhyet viikonloppuisin. t. Maija, 040 111 2222",
            "Kiitos Maija! Pidennämme lauantain aukioloa tunnilla maaliskuusta alkaen.",
            "Kirjaston aukioloajat ovat liian lyhyet viikonloppuisin.",
        ),
        (
            9,
            "liikuntapaikat",
            "Uimahallin suihkuissa ei tule lämmintä vettä iltaisin.",
            "Vika on korjattu 12.3. Kiitos ilmoituksesta.",
            "Uimahallin suihkuissa ei tule lämmintä vettä iltaisin.",
        ),
    ]:
        feedback = _submit(
            days,
            service_code=code,
            description=description,
            reply_wanted=True,
            publish_consent=True,
        )
        feedback = services.feedback_answer(actor=kaisa, feedback=feedback, text=answer)
        services.feedback_publish(
            actor=kaisa,
            feedback=feedback,
            public_description=public,
            public_answer=answer.replace("Kiitos Maija! ", ""),
        )

    # A formal complaint: forwarded to case management, nothing published.
    services.feedback_forward(
        actor=kaisa,
        feedback=_submit(
            6,
            service_code="liikuntapaikat",
            type=FeedbackType.COMPLAINT,
            description="Teen muodollisen kantelun jäähallin vuorojaosta, joka syrjii seuraamme.",
            reply_wanted=True,
            publish_consent=True,
        ),
        reason=services.ForwardReason.FORMAL_COMPLAINT,
        pointer="HEL 2026-012345",
    )

    # Praise, no reply wanted: closed without an answer.
    services.feedback_close_without_answer(
        actor=kaisa,
        feedback=_submit(
            5,
            service_code="kirjastot",
            type=FeedbackType.PRAISE,
            description="Kiitos Kallion kirjaston ihanalle henkilökunnalle satutunneista!",
            contact_email="",
        ),
    )

    # A statement asked from Education.
    services.feedback_request_statement(
        actor=kaisa,
        feedback=_submit(
            3,
            service_code="kirjastot",
            description="Koululaisten kirjastokäynnit ovat loppuneet. Miksi?",
            reply_wanted=True,
        ),
        department=education,
        question="Onko koulujen kirjastokäynteihin tullut muutoksia tänä lukuvuonna?",
    )

    # Registered by Kaisa from a phone call.
    services.feedback_register(
        actor=kaisa,
        data=FeedbackInput(
            service_code="liikuntapaikat",
            description="Soittaja kertoi, että kuntosalin juoksumatto on ollut rikki.",
            contact_name="Pertti Puhelin",
            contact_phone="040 555 1234",
            contact_email="",
            reply_wanted=True,
            channel=FeedbackChannel.PHONE,
            received_at=_ago(0.2),
        ),
    )

    # From Aino, logged in: it is in her e-services folder.
    _submit(
        0.5,
        submitted_by=users["aino"],
        service_code="kirjastot",
        type=FeedbackType.IDEA,
        description="Kirjastoon voisi hankkia lautapelejä lainattavaksi.",
        contact_email="aino.asukas@example.com",
        reply_wanted=True,
    )
