"""Demo data: departments, services with their forms and calls, personas and a few applications.

Idempotent: running it twice changes nothing. Dates are relative to today so the demo calls are
always open. Every person and organisation here is made up; identity codes are of the
"temporary" 9xx range, which is never given to a real person.
"""

import datetime

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext_noop

from asiointi.accounts.models import ApplicantOrganisation, Representation, User
from asiointi.cases import intake, services
from asiointi.catalogue.constants import CallKind, DecisionMaker, ServiceKind
from asiointi.catalogue.forms import load_form
from asiointi.catalogue.models import FormDefinition, GrantCall, Service
from asiointi.grants import services as grant_services
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership, Team
from asiointi.payments import services as payment_services

DEPARTMENTS = [
    (
        "culture",
        "Kulttuurin ja vapaa-ajan toimiala",
        "Kultur- och fritidssektorn",
        "Culture and Leisure",
    ),
    (
        "education",
        "Kasvatuksen ja koulutuksen toimiala",
        "Fostrans- och utbildningssektorn",
        "Education",
    ),
    (
        "social",
        "Sosiaali- ja terveystoimiala",
        "Social- och hälsovårdssektorn",
        "Social Services and Health Care",
    ),
    ("urban", "Kaupunkiympäristön toimiala", "Stadsmiljösektorn", "Urban Environment"),
    ("executive", "Kaupunginkanslia", "Stadskansliet", "City Executive Office"),
]

PERSONAS = [
    # username, first, last, national id, email, description, staff department, role.
    # The description is stored in English and translated when the login page shows it.
    (
        "aino",
        "Aino",
        "Asukas",
        "150385-9002",
        "aino.asukas@example.com",
        gettext_noop("Resident"),
        None,
        None,
    ),
    (
        "matti",
        "Matti",
        "Meikäläinen",
        "210790-900E",
        "matti.meikalainen@example.com",
        gettext_noop("Chair of Kallion Kulttuuriyhdistys ry and Pohjoisen Urheiluseura ry"),
        None,
        None,
    ),
    (
        "kaisa",
        "Kaisa",
        "Käsittelijä",
        "030466-9007",
        "kaisa.kasittelija@example.fi",
        gettext_noop("Handler, Culture and Leisure"),
        "culture",
        StaffRole.HANDLER,
    ),
    (
        "olli",
        "Olli",
        "Opetus",
        "120878-900B",
        "olli.opetus@example.fi",
        gettext_noop("Handler, Education"),
        "education",
        StaffRole.HANDLER,
    ),
    (
        "ulla",
        "Ulla",
        "Ulkoalue",
        "300181-9036",
        "ulla.ulkoalue@example.fi",
        gettext_noop("Handler, Urban Environment (street and park feedback)"),
        "urban",
        StaffRole.HANDLER,
    ),
    (
        "tiina",
        "Tiina",
        "Triage",
        "270592-9007",
        "tiina.triage@example.fi",
        gettext_noop("Central triage, City Executive Office"),
        "executive",
        StaffRole.TRIAGE,
    ),
    (
        "raili",
        "Raili",
        "Rahoitus",
        "081170-9004",
        "raili.rahoitus@example.fi",
        gettext_noop("Finance officer, City Executive Office"),
        "executive",
        StaffRole.FINANCE,
    ),
    (
        "maija",
        "Maija",
        "Maksu",
        "110872-9016",
        "maija.maksu@example.fi",
        gettext_noop("Client fee official, Social Services and Health Care"),
        "social",
        StaffRole.HANDLER,
    ),
    (
        "sanna",
        "Sanna",
        "Sosiaalityö",
        "230781-903H",
        "sanna.sosiaalityo@example.fi",
        gettext_noop(
            "Social worker, western social-work team: social assistance applications of all "
            "three teams, the calculation aid and decisions"
        ),
        "social",
        StaffRole.HANDLER,
    ),
    (
        "eino",
        "Eino",
        "Eläkeläinen",
        "040338-903X",
        "eino.elakelainen@example.com",
        gettext_noop("Home care client, spouse Elsa; annual income review waiting for his choice"),
        None,
        None,
    ),
]

# Staff who work in a team (organisation.Team), by username.
TEAM_MEMBERS = {"sanna": "lansi"}

ORGANISATIONS = [
    ("1234567-1", "Kallion Kulttuuriyhdistys ry", "hallitus@kallionkulttuuri.example"),
    ("2345678-0", "Pohjoisen Urheiluseura ry", "toimisto@pohjoisenurheilu.example"),
]

SERVICES = [
    (
        "yleisavustus",
        "culture",
        "Kulttuurin yleisavustus",
        "Allmänt understöd för kultur",
        "Operating grant for cultural associations",
        "Kulttuuripalvelut, avustukset",
        "09 310 12345",
        "kulttuuriavustukset@example.fi",
    ),
    (
        "projektiavustus",
        "education",
        "Projektiavustus",
        "Projektunderstöd",
        "Project grant",
        "Nuorisopalvelut, avustukset",
        "09 310 54321",
        "projektiavustukset@example.fi",
    ),
]


# Benefits applied for at any time, without calls. Social assistance (toimeentulotuki) is
# confidential: only the social-work teams of the department see its cases.
BENEFIT_SERVICES = [
    # code, department, fi, sv, en, unit, phone, email, confidential
    (
        "toimeentulotuki",
        "social",
        "Täydentävä ja ehkäisevä toimeentulotuki",
        "Kompletterande och förebyggande utkomststöd",
        "Supplementary and preventive social assistance",
        "Aikuissosiaalityö, toimeentulotuki",
        "09 310 44556",
        "toimeentulotuki@example.fi",
        True,
    ),
]

# The social-work teams (aikuissosiaalityön tiimit) and the postal-code areas they cover.
TEAMS = [
    # department, code, fi, sv, en, postal code prefixes, default
    (
        "social",
        "lansi",
        "Läntinen sosiaalityö",
        "Västra socialarbetet",
        "Social work, western area",
        ["0032", "0033", "0034", "0035", "0036", "0037", "0040", "0041", "0042", "0043"],
        False,
    ),
    (
        "social",
        "ita",
        "Itäinen sosiaalityö",
        "Östra socialarbetet",
        "Social work, eastern area",
        ["0080", "0081", "0082", "0090", "0091", "0092", "0093", "0094", "0095", "0096"],
        False,
    ),
    (
        "social",
        "keskusta",
        "Keskustan sosiaalityö",
        "Socialarbetet i centrum",
        "Social work, central area",
        [],
        True,
    ),
]


# Services residents give feedback about (no application form). Keywords explain routing
# suggestions and are the Open311 keywords.
FEEDBACK_SERVICES = [
    # code, department, fi, sv, en, unit, phone, email, keywords, promise days
    (
        "katujen-kunnossapito",
        "urban",
        "Katujen kunnossapito",
        "Gatuunderhåll",
        "Street maintenance",
        "Kaupunkiympäristön asiakaspalvelu",
        "09 310 22111",
        "kaupunkiymparisto@example.fi",
        ["katu", "kuoppa", "aurat", "auraus", "liukas", "hiekoitus", "jalkakäytävä", "gata"],
        7,
    ),
    (
        "puistot",
        "urban",
        "Puistot ja viheralueet",
        "Parker och grönområden",
        "Parks and green areas",
        "Kaupunkiympäristön asiakaspalvelu",
        "09 310 22111",
        "kaupunkiymparisto@example.fi",
        ["puisto", "puu", "nurmikko", "roskis", "roska", "leikkipuisto", "penkki", "park"],
        7,
    ),
    (
        "kirjastot",
        "culture",
        "Kirjastot",
        "Bibliotek",
        "Libraries",
        "Kirjastopalvelut",
        "09 310 85000",
        "kirjastot@example.fi",
        ["kirjasto", "laina", "kirja", "aukiolo", "bibliotek", "library"],
        5,
    ),
    (
        "liikuntapaikat",
        "culture",
        "Liikuntapaikat",
        "Idrottsplatser",
        "Sports venues",
        "Liikuntapalvelut",
        "09 310 87000",
        "liikunta@example.fi",
        ["uimahalli", "kenttä", "latu", "kuntosali", "jäähalli", "simhall", "sport"],
        7,
    ),
    (
        "varhaiskasvatus",
        "education",
        "Varhaiskasvatus",
        "Småbarnspedagogik",
        "Early childhood education",
        "Varhaiskasvatuksen asiakaspalvelu",
        "09 310 80000",
        "varhaiskasvatus@example.fi",
        ["päiväkoti", "hoitopaikka", "päivähoito", "daghem", "daycare"],
        7,
    ),
    (
        "terveysasemat",
        "social",
        "Terveysasemat",
        "Hälsostationer",
        "Health stations",
        "Terveysasemien asiakaspalvelu",
        "09 310 10023",
        "terveysasemat@example.fi",
        ["terveysasema", "lääkäri", "ajanvaraus", "hoitaja", "hälsostation", "doctor"],
        7,
    ),
    (
        "asiakaspalvelu",
        "executive",
        "Kaupungin asiakaspalvelu",
        "Stadens kundtjänst",
        "City customer service",
        "Kaupungin neuvonta",
        "09 310 11111",
        "neuvonta@example.fi",
        ["neuvonta", "asiakaspalvelu", "verkkosivu", "rådgivning"],
        7,
    ),
]


# What each feedback service covers, as residents read it (the form and Open311 show it).
FEEDBACK_SERVICE_DESCRIPTIONS = {
    "katujen-kunnossapito": {
        "fi": "Katujen, jalkakäytävien ja pyöräteiden kunto, auraus, hiekoitus ja valaistus.",
        "sv": "Gatornas, trottoarernas och cykelvägarnas skick, plogning, sandning och belysning.",
        "en": "The condition of streets, pavements and cycle paths, snow clearing, gritting and "
        "lighting.",
    },
    "puistot": {
        "fi": "Puistot, leikkipaikat, viheralueet, puut ja puistojen roska-astiat.",
        "sv": "Parker, lekplatser, grönområden, träd och parkernas papperskorgar.",
        "en": "Parks, playgrounds, green areas, trees and park litter bins.",
    },
    "kirjastot": {
        "fi": "Kirjastojen palvelut, aukioloajat, lainaus ja tilat.",
        "sv": "Bibliotekens tjänster, öppettider, lån och lokaler.",
        "en": "Library services, opening hours, lending and premises.",
    },
    "liikuntapaikat": {
        "fi": "Uimahallit, urheilukentät, ladut, kuntosalit ja jäähallit.",
        "sv": "Simhallar, idrottsplaner, skidspår, gym och ishallar.",
        "en": "Swimming halls, sports fields, ski tracks, gyms and ice rinks.",
    },
    "varhaiskasvatus": {
        "fi": "Päiväkodit, perhepäivähoito ja varhaiskasvatuksen hakeminen.",
        "sv": "Daghem, familjedagvård och ansökan om småbarnspedagogik.",
        "en": "Day-care centres, family day care and applying for early childhood education.",
    },
    "terveysasemat": {
        "fi": "Terveysasemien vastaanotot, ajanvaraus ja palvelun sujuvuus.",
        "sv": "Hälsostationernas mottagningar, tidsbokning och servicens smidighet.",
        "en": "Health station appointments, booking and how the service works.",
    },
    "asiakaspalvelu": {
        "fi": "Kaupungin neuvonta, verkkosivut ja asiat, joiden paikkaa et tiedä.",
        "sv": "Stadens rådgivning, webbplats och ärenden du inte vet vart de hör.",
        "en": "The city's advice service, website and matters you cannot place.",
    },
}


def _form(code: str) -> FormDefinition:
    data = load_form(code)
    form, _ = FormDefinition.objects.get_or_create(
        code=code,
        revision=1,
        defaults={"schema": data["schema"], "presentation": data["presentation"]},
    )
    return form


@transaction.atomic
def load_catalogue(today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    departments = {}
    for code, fi, sv, en in DEPARTMENTS:
        departments[code], _ = Department.objects.get_or_create(
            code=code, defaults={"name_fi": fi, "name_sv": sv, "name_en": en}
        )
    for code, department, fi, sv, en, unit, phone, email in SERVICES:
        service, created = Service.objects.get_or_create(
            code=code,
            defaults={
                "kind": ServiceKind.GRANT,
                "name_fi": fi,
                "name_sv": sv,
                "name_en": en,
                "department": departments[department],
                "contact_unit": unit,
                "contact_phone": phone,
                "contact_email": email,
                "form": _form(code),
            },
        )
        if created and code == "yleisavustus":
            GrantCall.objects.create(
                service=service,
                kind=CallKind.PERIODIC,
                name={
                    "fi": f"Yleisavustukset {today.year + 1}",
                    "sv": f"Allmänna understöd {today.year + 1}",
                    "en": f"Operating grants {today.year + 1}",
                },
                opens_on=today - datetime.timedelta(days=30),
                closes_on=today + datetime.timedelta(days=60),
            )
        elif created:
            GrantCall.objects.create(
                service=service,
                kind=CallKind.CONTINUOUS,
                name={"fi": "Jatkuva haku", "sv": "Fortlöpande ansökan", "en": "Continuous call"},
                opens_on=datetime.date(today.year, 1, 1),
            )
    for code, department, fi, sv, en, unit, phone, email, confidential in BENEFIT_SERVICES:
        Service.objects.get_or_create(
            code=code,
            defaults={
                "kind": ServiceKind.BENEFIT,
                "confidential": confidential,
                "name_fi": fi,
                "name_sv": sv,
                "name_en": en,
                "department": departments[department],
                "contact_unit": unit,
                "contact_phone": phone,
                "contact_email": email,
                "form": _form(code),
                # Confidential matters are never handled as feedback (docs/feedback-handling.md).
                "accepts_feedback": not confidential,
            },
        )
    for department, code, fi, sv, en, prefixes, default in TEAMS:
        Team.objects.get_or_create(
            department=departments[department],
            code=code,
            defaults={
                "name_fi": fi,
                "name_sv": sv,
                "name_en": en,
                "postal_code_prefixes": prefixes,
                "is_default": default,
            },
        )
    for code, department, fi, sv, en, unit, phone, email, keywords, promise in FEEDBACK_SERVICES:
        Service.objects.get_or_create(
            code=code,
            defaults={
                "kind": ServiceKind.INFORMATION,
                "name_fi": fi,
                "name_sv": sv,
                "name_en": en,
                "department": departments[department],
                "contact_unit": unit,
                "contact_phone": phone,
                "contact_email": email,
                "keywords": keywords,
                "feedback_promise_days": promise,
                "description": FEEDBACK_SERVICE_DESCRIPTIONS[code],
            },
        )


@transaction.atomic
def load_people() -> dict[str, User]:
    users = {}
    view_case = Permission.objects.filter(codename__in=["view_case", "view_attachment"])
    for username, first, last, national_id, email, description, department, role in PERSONAS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "national_id": national_id,
                "email": email,
                "is_demo_persona": True,
                "demo_description": description,
                "is_staff": department is not None,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if department:
            Membership.objects.get_or_create(
                user=user, department=Department.objects.get(code=department), role=role
            )
            user.user_permissions.add(*view_case)
        if username in TEAM_MEMBERS:
            Team.objects.get(code=TEAM_MEMBERS[username], department__code=department).members.add(
                user
            )
        users[username] = user
    for business_id, name, email in ORGANISATIONS:
        organisation, _ = ApplicantOrganisation.objects.get_or_create(
            business_id=business_id, defaults={"name": name, "email": email}
        )
        Representation.objects.get_or_create(
            person=users["matti"], organisation=organisation, defaults={"role": "puheenjohtaja"}
        )
    return users


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
    from asiointi.cases.models import Case

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
        case = services.case_create_draft(actor=person, grant_call=call, organisation=organisation)
        answers = sample_answers(organisation or _own(person), person, today, amount)
        if call == project:
            answers = _project_answers(answers)
        return services.case_send(actor=person, case=case, data=answers)

    # A draft the association has not sent yet.
    draft = services.case_create_draft(actor=matti, grant_call=general, organisation=culture_club)
    services.case_save_draft(
        actor=matti,
        case=draft,
        data={"organisation_name": culture_club.name, "business_id": culture_club.business_id},
    )
    # New in the culture queue, one with a budget attachment.
    new = sent(general, culture_club, "5000.00")
    services.attachment_add(
        actor=matti,
        case=new,
        kind="budget",
        upload=SimpleUploadedFile("talousarvio.pdf", _tiny_pdf(), "application/pdf"),
    )
    sent(general, sports_club, "12000.00")
    # In processing, with a question from the handler.
    processing = sent(general, sports_club, "8000.00")
    services.case_start_processing(actor=kaisa, case=processing)
    services.message_send(
        actor=kaisa,
        case=processing,
        from_staff=True,
        body="Hei, voisitteko toimittaa vielä edellisen vuoden tilinpäätöksen?",
    )
    # Awaiting a supplement.
    waiting = sent(general, culture_club, "3500.00")
    services.case_start_processing(actor=kaisa, case=waiting)
    services.case_request_supplement(
        actor=kaisa,
        case=waiting,
        message="Talousarviosta puuttuvat tulot. Lisätkää ne ja lähettäkää hakemus uudelleen.",
        due_date=today + datetime.timedelta(days=14),
    )
    # Decided this year by the board: a partial grant, paid in two instalments, the first one
    # already paid after the association's payment request; the second waits for its request.
    decided = sent(general, culture_club, "6000.00")
    services.case_start_processing(actor=kaisa, case=decided)
    services.case_propose_decision(
        actor=kaisa,
        case=decided,
        outcome="partially_approved",
        granted_amount="4500.00",
        reasoning="Avustus myönnetään osittain määrärahan riittävyyden vuoksi.",
    )
    board = "Kulttuuri- ja vapaa-aikalautakunta"
    approved_list = grant_services.decision_list_create(
        actor=kaisa, department=decided.department, body_name=board, title="Kokous 10/2026"
    )
    grant_services.decision_list_add_case(actor=kaisa, decision_list=approved_list, case=decided)
    grant_services.decision_list_approve(
        actor=kaisa,
        decision_list=approved_list,
        meeting_date=today,
        section="§ 42",
    )
    first = decided.payments.get(number=1)
    payment_request = payment_services.payment_request_send(
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
    payment_services.payment_request_accept(actor=kaisa, payment_request=payment_request)
    batch = payment_services.batch_create(actor=users["raili"], payment_ids=[first.pk])
    payment_services.batch_mark_paid(actor=users["raili"], batch=batch, paid_on=today)
    # A proposal on the board's next list, not yet approved.
    proposed = sent(general, sports_club, "7000.00")
    services.case_start_processing(actor=kaisa, case=proposed)
    services.case_propose_decision(
        actor=kaisa,
        case=proposed,
        outcome="approved",
        granted_amount="7000.00",
        reasoning="Seuran toiminta täyttää yleisavustuksen ehdot.",
    )
    next_list = grant_services.decision_list_create(
        actor=kaisa, department=proposed.department, body_name=board, title="Kokous 11/2026"
    )
    grant_services.decision_list_add_case(actor=kaisa, decision_list=next_list, case=proposed)
    # The same association also got a project grant from another department for an
    # overlapping period (the overlap handlers should notice); it is ready for payment.
    overlapping = sent(project, culture_club, "2500.00")
    services.case_start_processing(actor=olli, case=overlapping)
    services.case_decide(
        actor=olli,
        case=overlapping,
        outcome="approved",
        granted_amount="2500.00",
        reasoning="Hanke täyttää avustuksen ehdot.",
    )
    rejected = sent(project, sports_club, "9000.00")
    services.case_start_processing(actor=olli, case=rejected)
    services.case_decide(
        actor=olli,
        case=rejected,
        outcome="rejected",
        reasoning="Hanke ei kohdistu nuorisotyöhön.",
    )
    services.case_close(actor=olli, case=rejected)
    # Sent to the wrong department and transferred to the right one.
    misrouted = sent(project, sports_club, "4000.00")
    services.case_transfer(
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
    services.case_withdraw(actor=aino, case=withdrawn)


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


def load_demo() -> None:
    load_catalogue()
    users = load_people()
    # The sample applications would send a dozen notification emails; nobody reads them.
    with override_settings(
        MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
    ):
        load_sample_cases(users)
        from asiointi.feedback.demo import load_sample_feedback

        load_sample_feedback(users)
        from asiointi.fees.demo import demo_sizes, load_fee_demo

        # Eino, Maija's desk and the annual review's mass (ASIOINTI_DEMO_FEE_CLIENTS,
        # ASIOINTI_DEMO_VOUCHER_CLIENTS: 7,000 and 2,000; a few seconds on SQLite).
        fee_clients, voucher_clients = demo_sizes()
        load_fee_demo(users, clients=fee_clients, vouchers=voucher_clients)
        from asiointi.assistance.demo import load_assistance_demo

        # A dozen social-assistance applications in every state across the three teams, and
        # Aino's draft; decided ones get their letters.
        load_assistance_demo(users)
