"""Grant demo data (``asiointi load_demo``): applications of the two associations in every state
across the culture and education departments, so that the handlers' queues are full at once: a
draft, new ones, one in processing with a question, one awaiting a supplement, board decisions
on decision lists with the first instalment paid, an office holder's decisions, a transfer, a
paper application and a withdrawn one.

Everything goes through the services (cases, grants, payments) as a user would do it. Runs once:
nothing is added when any case exists already. Needs the catalogue
(``asiointi.catalogue.demo``) and the personas (``asiointi.accounts.demo``).
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from asiointi.accounts.models import ApplicantOrganisation, User
from asiointi.cases import intake
from asiointi.cases.models import Case
from asiointi.cases.services.assignment import case_transfer
from asiointi.cases.services.attachments import attachment_add
from asiointi.cases.services.decisions import case_decide, case_propose_decision
from asiointi.cases.services.drafts import case_create_draft, case_save_draft
from asiointi.cases.services.messaging import message_send
from asiointi.cases.services.processing import (
    case_close,
    case_request_supplement,
    case_start_processing,
)
from asiointi.cases.services.sending import case_send, case_withdraw
from asiointi.catalogue.constants import DecisionMaker
from asiointi.catalogue.models import GrantCall
from asiointi.grants import services as grant_services
from asiointi.organisation.models import Department
from asiointi.payments.services.batches import batch_create, batch_mark_paid
from asiointi.payments.services.requests import payment_request_accept, payment_request_send


def sample_answers(
    organisation: ApplicantOrganisation, person: User, today: datetime.date, amount: str = "5000.00"
) -> dict:
    return {
        "organisation_name": organisation.name,
        "business_id": organisation.business_id,
        "contact_name": person.get_full_name(),
        "contact_email": person.email,
        "contact_phone": "040 123 4567",
        "bank_account": "FI2112345600000785",
        "activity_area": "culture",
        "target_groups": ["children", "youth"],
        "member_count": 120,
        "purpose": "Kevään ja syksyn lastenteatteriesitykset sekä kesän avoimet työpajat.",
        "period": {"start": f"{today.year + 1}-01-01", "end": f"{today.year + 1}-12-31"},
        "requested_amount": amount,
        "budget": [
            {"kind": "income", "item": "Jäsenmaksut", "amount": "2400.00"},
            {"kind": "expense", "item": "Tilavuokrat", "amount": "6000.00"},
            {"kind": "expense", "item": "Esiintyjien palkkiot", "amount": "3500.00"},
        ],
        "earlier_grants": True,
        "earlier_grants_details": "2025 kulttuuri 3 000 €",
    }


def load_sample_cases(users: dict[str, User]) -> None:
    """Applications in every state across both departments, so that queues are full at once."""
    if Case.objects.exists():
        return
    today = timezone.localdate()
    matti, aino, kaisa, olli = users["matti"], users["aino"], users["kaisa"], users["olli"]
    culture_club = ApplicantOrganisation.objects.get(business_id="1234567-1")
    sports_club = ApplicantOrganisation.objects.get(business_id="2345678-0")
    general = GrantCall.objects.get(service__code="yleisavustus")
    project = GrantCall.objects.get(service__code="projektiavustus")
    # Operating grants: the culture and leisure board decides on a list of proposals, and the
    # grant is paid in two instalments, each after the association's payment request. (Set here,
    # not in load_catalogue, which the tests use with an office holder's call.)
    general.decision_maker = DecisionMaker.BOARD
    general.instalments = 2
    general.payment_request_required = True
    general.save(update_fields=["decision_maker", "instalments", "payment_request_required"])

    def sent(call, organisation, amount, person=matti):
        case = case_create_draft(actor=person, grant_call=call, organisation=organisation)
        answers = sample_answers(organisation or _own(person), person, today, amount)
        if call == project:
            answers = _project_answers(answers)
        return case_send(actor=person, case=case, data=answers)

    # A draft the association has not sent yet.
    draft = case_create_draft(actor=matti, grant_call=general, organisation=culture_club)
    case_save_draft(
        actor=matti,
        case=draft,
        data={"organisation_name": culture_club.name, "business_id": culture_club.business_id},
    )
    # New in the culture queue, one with a budget attachment.
    new = sent(general, culture_club, "5000.00")
    attachment_add(
        actor=matti,
        case=new,
        kind="budget",
        upload=SimpleUploadedFile("talousarvio.pdf", _tiny_pdf(), "application/pdf"),
    )
    sent(general, sports_club, "12000.00")
    # In processing, with a question from the handler.
    processing = sent(general, sports_club, "8000.00")
    case_start_processing(actor=kaisa, case=processing)
    message_send(
        actor=kaisa,
        case=processing,
        from_staff=True,
        body="Hei, voisitteko toimittaa vielä edellisen vuoden tilinpäätöksen?",
    )
    # Awaiting a supplement.
    waiting = sent(general, culture_club, "3500.00")
    case_start_processing(actor=kaisa, case=waiting)
    case_request_supplement(
        actor=kaisa,
        case=waiting,
        message="Talousarviosta puuttuvat tulot. Lisätkää ne ja lähettäkää hakemus uudelleen.",
        due_date=today + datetime.timedelta(days=14),
    )
    # Decided this year by the board: a partial grant, paid in two instalments, the first one
    # already paid after the association's payment request; the second waits for its request.
    decided = sent(general, culture_club, "6000.00")
    case_start_processing(actor=kaisa, case=decided)
    case_propose_decision(
        actor=kaisa,
        case=decided,
        outcome="partially_approved",
        granted_amount="4500.00",
        reasoning="Avustus myönnetään osittain määrärahan riittävyyden vuoksi.",
    )
    # The board and the meeting in Finnish, Swedish and English (the pages and the letters
    # show them in the reader's language).
    board = {
        "body_name": "Kulttuuri- ja vapaa-aikalautakunta",
        "body_name_sv": "Kultur- och fritidsnämnden",
        "body_name_en": "Culture and Leisure Committee",
    }
    approved_list = grant_services.decision_list_create(
        actor=kaisa, department=decided.department, **board, **_meeting(10)
    )
    grant_services.decision_list_add_case(actor=kaisa, decision_list=approved_list, case=decided)
    grant_services.decision_list_approve(
        actor=kaisa,
        decision_list=approved_list,
        meeting_date=today,
        section="§ 42",
    )
    first = decided.payments.get(number=1)
    payment_request = payment_request_send(
        actor=matti,
        payment=first,
        report="Ensimmäinen erä käytettiin kevään kurssien opettajien palkkioihin.",
        bank_account="FI49 5000 9420 0287 30",
        files=[
            (
                "usage_report",
                SimpleUploadedFile("kayttoselvitys.pdf", _tiny_pdf(), "application/pdf"),
            )
        ],
    )
    payment_request_accept(actor=kaisa, payment_request=payment_request)
    batch = batch_create(actor=users["raili"], payment_ids=[first.pk])
    batch_mark_paid(actor=users["raili"], batch=batch, paid_on=today)
    # A proposal on the board's next list, not yet approved.
    proposed = sent(general, sports_club, "7000.00")
    case_start_processing(actor=kaisa, case=proposed)
    case_propose_decision(
        actor=kaisa,
        case=proposed,
        outcome="approved",
        granted_amount="7000.00",
        reasoning="Seuran toiminta täyttää yleisavustuksen ehdot.",
    )
    next_list = grant_services.decision_list_create(
        actor=kaisa, department=proposed.department, **board, **_meeting(11)
    )
    grant_services.decision_list_add_case(actor=kaisa, decision_list=next_list, case=proposed)
    # The same association also got a project grant from another department for an
    # overlapping period (the overlap handlers should notice); it is ready for payment.
    overlapping = sent(project, culture_club, "2500.00")
    case_start_processing(actor=olli, case=overlapping)
    case_decide(
        actor=olli,
        case=overlapping,
        outcome="approved",
        granted_amount="2500.00",
        reasoning="Hanke täyttää avustuksen ehdot.",
    )
    rejected = sent(project, sports_club, "9000.00")
    case_start_processing(actor=olli, case=rejected)
    case_decide(
        actor=olli,
        case=rejected,
        outcome="rejected",
        reasoning="Hanke ei kohdistu nuorisotyöhön.",
    )
    case_close(actor=olli, case=rejected)
    # Sent to the wrong department and transferred to the right one.
    misrouted = sent(project, sports_club, "4000.00")
    case_transfer(
        actor=olli,
        case=misrouted,
        department=Department.objects.get(code="culture"),
        reason="Hakemus koskee seuran yleistä toimintaa, ei nuorisohanketta.",
    )
    # A paper application registered by the culture handler, with the scanned paper.
    paper_person = ("010170-100R", "Eino", "Paperinen")
    intake.case_register_by_staff(
        actor=kaisa,
        service=general.service,
        grant_call=general,
        applicant_national_id=paper_person[0],
        applicant_first_name=paper_person[1],
        applicant_last_name=paper_person[2],
        organisation_business_id="3456780-6",
        organisation_name="Kotiseutuyhdistys Paperinen ry",
        data=sample_answers(
            ApplicantOrganisation(name="Kotiseutuyhdistys Paperinen ry", business_id="3456780-6"),
            User(first_name="Eino", last_name="Paperinen", email="eino.paperinen@example.fi"),
            today,
            "1500.00",
        ),
        channel="paper",
        received_on=today - datetime.timedelta(days=2),
        scanned_paper=SimpleUploadedFile("hakemus.pdf", _tiny_pdf(), "application/pdf"),
    )
    # A resident's own application, withdrawn.
    withdrawn = sent(general, None, "800.00", person=aino)
    case_withdraw(actor=aino, case=withdrawn)


def _meeting(number: int) -> dict:
    """A decision list's title: the board's meeting, in Finnish, Swedish and English."""
    return {
        "title": f"Kokous {number}/2026",
        "title_sv": f"Möte {number}/2026",
        "title_en": f"Meeting {number}/2026",
    }


def _own(person: User) -> ApplicantOrganisation:
    # A person applying for themselves fills the organisation fields with their own name.
    return ApplicantOrganisation(name=person.get_full_name(), business_id="7654321-2")


def _project_answers(answers: dict) -> dict:
    project = {
        key: value
        for key, value in answers.items()
        if key not in ("activity_area", "target_groups")
    }
    project.update(project_name="Kesän teatterileiri nuorille", participants=40)
    return project


def _tiny_pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]"
        b"/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
