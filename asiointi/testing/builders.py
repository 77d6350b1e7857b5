"""Small builders of test data: departments, services with their forms, grant calls, teams,
staff and a grant application's answers.

Every value a test can see is written here, not taken from the demo (each app's ``demo``
module), so that editing the demo never changes what a unit test builds or asserts. The forms
are the platform's own (``asiointi/catalogue/forms``): tests check that the shipped forms work.

Builders are idempotent by code: ``department("culture")`` twice gives the same row, so a test
can build exactly the entries it needs, in any order. ``full_catalogue`` builds the whole
catalogue the shared ``catalogue`` fixture offers (asiointi/testing/fixtures.py).
"""

import datetime

from django.utils import timezone

from asiointi.accounts.models import ApplicantOrganisation, User
from asiointi.catalogue.constants import CallKind, ServiceKind
from asiointi.catalogue.forms import load_form
from asiointi.catalogue.models import FormDefinition, GrantCall, Service
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership, Team

# code: (fi, sv, en)
DEPARTMENTS = {
    "culture": (
        "Kulttuurin ja vapaa-ajan toimiala",
        "Kultur- och fritidssektorn",
        "Culture and Leisure",
    ),
    "education": (
        "Kasvatuksen ja koulutuksen toimiala",
        "Fostrans- och utbildningssektorn",
        "Education",
    ),
    "social": (
        "Sosiaali- ja terveystoimiala",
        "Social- och hälsovårdssektorn",
        "Social Services and Health Care",
    ),
    "urban": ("Kaupunkiympäristön toimiala", "Stadsmiljösektorn", "Urban Environment"),
    "executive": ("Kaupunginkanslia", "Stadskansliet", "City Executive Office"),
}

# Services with an application form. code: department, (fi, sv, en), contact unit, phone, email.
FORM_SERVICES = {
    "yleisavustus": (
        "culture",
        (
            "Kulttuurin yleisavustus",
            "Allmänt understöd för kultur",
            "Operating grant for cultural associations",
        ),
        "Kulttuuripalvelut, avustukset",
        "09 310 12345",
        "kulttuuriavustukset@example.fi",
    ),
    "projektiavustus": (
        "education",
        ("Projektiavustus", "Projektunderstöd", "Project grant"),
        "Nuorisopalvelut, avustukset",
        "09 310 54321",
        "projektiavustukset@example.fi",
    ),
    "toimeentulotuki": (
        "social",
        (
            "Täydentävä ja ehkäisevä toimeentulotuki",
            "Kompletterande och förebyggande utkomststöd",
            "Supplementary and preventive social assistance",
        ),
        "Aikuissosiaalityö, toimeentulotuki",
        "09 310 44556",
        "toimeentulotuki@example.fi",
    ),
}

# The social-work teams. (department, code): (fi, sv, en), postal code prefixes, default.
TEAMS = {
    ("social", "lansi"): (
        ("Läntinen sosiaalityö", "Västra socialarbetet", "Social work, western area"),
        ["0032", "0033", "0034", "0035", "0036", "0037", "0040", "0041", "0042", "0043"],
        False,
    ),
    ("social", "ita"): (
        ("Itäinen sosiaalityö", "Östra socialarbetet", "Social work, eastern area"),
        ["0080", "0081", "0082", "0090", "0091", "0092", "0093", "0094", "0095", "0096"],
        False,
    ),
    ("social", "keskusta"): (
        ("Keskustan sosiaalityö", "Socialarbetet i centrum", "Social work, central area"),
        [],
        True,
    ),
}

# Services residents give feedback about. code: department, (fi, sv, en), contact unit, phone,
# email, routing keywords, promise days, description (fi, sv, en).
FEEDBACK_SERVICES = {
    "katujen-kunnossapito": (
        "urban",
        ("Katujen kunnossapito", "Gatuunderhåll", "Street maintenance"),
        "Kaupunkiympäristön asiakaspalvelu",
        "09 310 22111",
        "kaupunkiymparisto@example.fi",
        ["katu", "kuoppa", "aurat", "auraus", "liukas", "hiekoitus", "jalkakäytävä", "gata"],
        7,
        (
            "Katujen, jalkakäytävien ja pyöräteiden kunto, auraus, hiekoitus ja valaistus.",
            "Gatornas, trottoarernas och cykelvägarnas skick, plogning, sandning och belysning.",
            "The condition of streets, pavements and cycle paths, snow clearing, gritting and "
            "lighting.",
        ),
    ),
    "puistot": (
        "urban",
        ("Puistot ja viheralueet", "Parker och grönområden", "Parks and green areas"),
        "Kaupunkiympäristön asiakaspalvelu",
        "09 310 22111",
        "kaupunkiymparisto@example.fi",
        ["puisto", "puu", "nurmikko", "roskis", "roska", "leikkipuisto", "penkki", "park"],
        7,
        (
            "Puistot, leikkipaikat, viheralueet, puut ja puistojen roska-astiat.",
            "Parker, lekplatser, grönområden, träd och parkernas papperskorgar.",
            "Parks, playgrounds, green areas, trees and park litter bins.",
        ),
    ),
    "kirjastot": (
        "culture",
        ("Kirjastot", "Bibliotek", "Libraries"),
        "Kirjastopalvelut",
        "09 310 85000",
        "kirjastot@example.fi",
        ["kirjasto", "laina", "kirja", "aukiolo", "bibliotek", "library"],
        5,
        (
            "Kirjastojen palvelut, aukioloajat, lainaus ja tilat.",
            "Bibliotekens tjänster, öppettider, lån och lokaler.",
            "Library services, opening hours, lending and premises.",
        ),
    ),
    "liikuntapaikat": (
        "culture",
        ("Liikuntapaikat", "Idrottsplatser", "Sports venues"),
        "Liikuntapalvelut",
        "09 310 87000",
        "liikunta@example.fi",
        ["uimahalli", "kenttä", "latu", "kuntosali", "jäähalli", "simhall", "sport"],
        7,
        (
            "Uimahallit, urheilukentät, ladut, kuntosalit ja jäähallit.",
            "Simhallar, idrottsplaner, skidspår, gym och ishallar.",
            "Swimming halls, sports fields, ski tracks, gyms and ice rinks.",
        ),
    ),
    "varhaiskasvatus": (
        "education",
        ("Varhaiskasvatus", "Småbarnspedagogik", "Early childhood education"),
        "Varhaiskasvatuksen asiakaspalvelu",
        "09 310 80000",
        "varhaiskasvatus@example.fi",
        ["päiväkoti", "hoitopaikka", "päivähoito", "daghem", "daycare"],
        7,
        (
            "Päiväkodit, perhepäivähoito ja varhaiskasvatuksen hakeminen.",
            "Daghem, familjedagvård och ansökan om småbarnspedagogik.",
            "Day-care centres, family day care and applying for early childhood education.",
        ),
    ),
    "terveysasemat": (
        "social",
        ("Terveysasemat", "Hälsostationer", "Health stations"),
        "Terveysasemien asiakaspalvelu",
        "09 310 10023",
        "terveysasemat@example.fi",
        ["terveysasema", "lääkäri", "ajanvaraus", "hoitaja", "hälsostation", "doctor"],
        7,
        (
            "Terveysasemien vastaanotot, ajanvaraus ja palvelun sujuvuus.",
            "Hälsostationernas mottagningar, tidsbokning och servicens smidighet.",
            "Health station appointments, booking and how the service works.",
        ),
    ),
    "asiakaspalvelu": (
        "executive",
        ("Kaupungin asiakaspalvelu", "Stadens kundtjänst", "City customer service"),
        "Kaupungin neuvonta",
        "09 310 11111",
        "neuvonta@example.fi",
        ["neuvonta", "asiakaspalvelu", "verkkosivu", "rådgivning"],
        7,
        (
            "Kaupungin neuvonta, verkkosivut ja asiat, joiden paikkaa et tiedä.",
            "Stadens rådgivning, webbplats och ärenden du inte vet vart de hör.",
            "The city's advice service, website and matters you cannot place.",
        ),
    ),
}


def _names(names: tuple[str, str, str]) -> dict:
    return dict(zip(("name_fi", "name_sv", "name_en"), names, strict=True))


# The form services' contact units in Swedish and English; the feedback services' units are
# Finnish only (the pages fall back to Finnish).
UNIT_TRANSLATIONS = {
    "Kulttuuripalvelut, avustukset": ("Kulturtjänster, understöd", "Culture services, grants"),
    "Nuorisopalvelut, avustukset": ("Ungdomstjänster, understöd", "Youth services, grants"),
    "Aikuissosiaalityö, toimeentulotuki": (
        "Socialt arbete för vuxna, utkomststöd",
        "Adult social work, social assistance",
    ),
}


def _unit(unit: str) -> dict:
    sv, en = UNIT_TRANSLATIONS.get(unit, ("", ""))
    return {"contact_unit_fi": unit, "contact_unit_sv": sv, "contact_unit_en": en}


def department(code: str) -> Department:
    return Department.objects.get_or_create(code=code, defaults=_names(DEPARTMENTS[code]))[0]


def form_definition(code: str) -> FormDefinition:
    """The platform's form ``code`` (asiointi/catalogue/forms/<code>.json), revision 1."""
    data = load_form(code)
    return FormDefinition.objects.get_or_create(
        code=code,
        revision=1,
        defaults={"schema": data["schema"], "presentation": data["presentation"]},
    )[0]


def form_service(code: str, **fields) -> Service:
    """A service applied for with its form: ``yleisavustus`` and ``projektiavustus`` (grants)
    or ``toimeentulotuki`` (social assistance: a confidential benefit, no feedback)."""
    department_code, names, unit, phone, email = FORM_SERVICES[code]
    kind = ServiceKind.BENEFIT if code == "toimeentulotuki" else ServiceKind.GRANT
    defaults = {
        "kind": kind,
        **_names(names),
        "department": department(department_code),
        **_unit(unit),
        "contact_phone": phone,
        "contact_email": email,
        "form": form_definition(code),
    }
    if kind == ServiceKind.BENEFIT:
        defaults.update(confidential=True, accepts_feedback=False)
    return Service.objects.get_or_create(code=code, defaults={**defaults, **fields})[0]


def general_call(today: datetime.date | None = None, **fields) -> GrantCall:
    """The periodic call of operating grants (``yleisavustus``): opened 30 days ago, closes in
    60 days, decided by an office holder."""
    today = today or timezone.localdate()
    values = {
        "kind": CallKind.PERIODIC,
        "name": {
            "fi": f"Yleisavustukset {today.year + 1}",
            "sv": f"Allmänna understöd {today.year + 1}",
            "en": f"Operating grants {today.year + 1}",
        },
        "opens_on": today - datetime.timedelta(days=30),
        "closes_on": today + datetime.timedelta(days=60),
    }
    return GrantCall.objects.create(service=form_service("yleisavustus"), **{**values, **fields})


def project_call(today: datetime.date | None = None, **fields) -> GrantCall:
    """The continuous call of project grants (``projektiavustus``), open since 1 January."""
    today = today or timezone.localdate()
    values = {
        "kind": CallKind.CONTINUOUS,
        "name": {"fi": "Jatkuva haku", "sv": "Fortlöpande ansökan", "en": "Continuous call"},
        "opens_on": datetime.date(today.year, 1, 1),
    }
    return GrantCall.objects.create(service=form_service("projektiavustus"), **{**values, **fields})


def team(code: str, department_code: str = "social") -> Team:
    names, prefixes, default = TEAMS[(department_code, code)]
    return Team.objects.get_or_create(
        department=department(department_code),
        code=code,
        defaults={**_names(names), "postal_code_prefixes": prefixes, "is_default": default},
    )[0]


def feedback_service(code: str, **fields) -> Service:
    """A service residents give feedback about (no form), with its keywords and promise."""
    department_code, names, unit, phone, email, keywords, promise, description = FEEDBACK_SERVICES[
        code
    ]
    defaults = {
        "kind": ServiceKind.INFORMATION,
        **_names(names),
        "department": department(department_code),
        **_unit(unit),
        "contact_phone": phone,
        "contact_email": email,
        "keywords": keywords,
        "feedback_promise_days": promise,
        "description": dict(zip(("fi", "sv", "en"), description, strict=True)),
    }
    return Service.objects.get_or_create(code=code, defaults={**defaults, **fields})[0]


def full_catalogue(today: datetime.date | None = None) -> dict:
    """Every department, the three form services with the two grant calls, the social-work
    teams and the feedback services, created in this order."""
    for code in DEPARTMENTS:
        department(code)
    calls = {"general_call": general_call(today), "project_call": project_call(today)}
    form_service("toimeentulotuki")
    for department_code, code in TEAMS:
        team(code, department_code)
    for code in FEEDBACK_SERVICES:
        feedback_service(code)
    return calls


def staff_member(
    username: str, first: str, last: str, department_code: str, role: str = StaffRole.HANDLER
) -> User:
    """A staff user with a membership of one department."""
    user = User.objects.create_user(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@example.com",
        is_staff=True,
    )
    Membership.objects.create(user=user, department=department(department_code), role=role)
    return user


def grant_answers(
    organisation: ApplicantOrganisation,
    person: User,
    amount: str = "5000.00",
    today: datetime.date | None = None,
) -> dict:
    """A complete, valid operating-grant application (form ``yleisavustus``) for next year."""
    year = (today or timezone.localdate()).year + 1
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
        "period": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
        "requested_amount": amount,
        "budget": [
            {"kind": "income", "item": "Jäsenmaksut", "amount": "2400.00"},
            {"kind": "expense", "item": "Tilavuokrat", "amount": "6000.00"},
            {"kind": "expense", "item": "Esiintyjien palkkiot", "amount": "3500.00"},
        ],
        "earlier_grants": True,
        "earlier_grants_details": "2025 kulttuuri 3 000 €",
    }
