"""Organisation demo data (``asiointi load_demo``): the city's departments and the social-work
teams with the postal-code areas they cover.

Idempotent: departments are found by code, teams by department and code. Loaded by
``asiointi.catalogue.demo.load_catalogue`` (services belong to departments).
"""

from asiointi.organisation.models import Department, Team

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


def load_departments() -> dict[str, Department]:
    """The departments by code."""
    departments = {}
    for code, fi, sv, en in DEPARTMENTS:
        departments[code], _ = Department.objects.get_or_create(
            code=code, defaults={"name_fi": fi, "name_sv": sv, "name_en": en}
        )
    return departments


def load_teams(departments: dict[str, Department]) -> None:
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
