"""Catalogue demo data (``asiointi load_demo``): the services residents apply for (grants with
their calls, social assistance) and give feedback about, with the departments and teams that
own them.

Idempotent: running it twice changes nothing. Dates are relative to today so the demo calls are
always open. The tests load this catalogue too (``asiointi.testing.fixtures``).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from asiointi.catalogue.constants import CallKind, ServiceKind
from asiointi.catalogue.forms import load_form
from asiointi.catalogue.models import FormDefinition, GrantCall, Service
from asiointi.organisation.demo import load_departments, load_teams

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


# The contact units in Swedish and English (Finnish: sv, en); residents read the unit in their
# language, Finnish where a translation is missing (asiointi/common/i18n.py).
CONTACT_UNITS = {
    "Kulttuuripalvelut, avustukset": ("Kulturtjänster, understöd", "Culture services, grants"),
    "Nuorisopalvelut, avustukset": ("Ungdomstjänster, understöd", "Youth services, grants"),
    "Aikuissosiaalityö, toimeentulotuki": (
        "Socialt arbete för vuxna, utkomststöd",
        "Adult social work, social assistance",
    ),
    "Kaupunkiympäristön asiakaspalvelu": (
        "Stadsmiljöns kundtjänst",
        "Urban Environment customer service",
    ),
    "Kirjastopalvelut": ("Bibliotekstjänster", "Library services"),
    "Liikuntapalvelut": ("Idrottstjänster", "Sports services"),
    "Varhaiskasvatuksen asiakaspalvelu": (
        "Småbarnspedagogikens kundtjänst",
        "Early childhood education customer service",
    ),
    "Terveysasemien asiakaspalvelu": (
        "Hälsostationernas kundtjänst",
        "Health stations customer service",
    ),
    "Kaupungin neuvonta": ("Stadens rådgivning", "City advice service"),
}


def contact_unit_fields(unit: str) -> dict:
    sv, en = CONTACT_UNITS[unit]
    return {"contact_unit_fi": unit, "contact_unit_sv": sv, "contact_unit_en": en}


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
    """The departments and social-work teams (``asiointi.organisation.demo``) and the services
    with their forms and grant calls."""
    today = today or timezone.localdate()
    departments = load_departments()
    for code, department, fi, sv, en, unit, phone, email in SERVICES:
        service, created = Service.objects.get_or_create(
            code=code,
            defaults={
                "kind": ServiceKind.GRANT,
                "name_fi": fi,
                "name_sv": sv,
                "name_en": en,
                "department": departments[department],
                **contact_unit_fields(unit),
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
                **contact_unit_fields(unit),
                "contact_phone": phone,
                "contact_email": email,
                "form": _form(code),
                # Confidential matters are never handled as feedback (docs/feedback-handling.md).
                "accepts_feedback": not confidential,
            },
        )
    load_teams(departments)
    for code, department, fi, sv, en, unit, phone, email, keywords, promise in FEEDBACK_SERVICES:
        Service.objects.get_or_create(
            code=code,
            defaults={
                "kind": ServiceKind.INFORMATION,
                "name_fi": fi,
                "name_sv": sv,
                "name_en": en,
                "department": departments[department],
                **contact_unit_fields(unit),
                "contact_phone": phone,
                "contact_email": email,
                "keywords": keywords,
                "feedback_promise_days": promise,
                "description": FEEDBACK_SERVICE_DESCRIPTIONS[code],
            },
        )
