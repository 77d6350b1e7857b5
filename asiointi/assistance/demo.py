"""Social assistance demo data (``asiointi load_demo``): a dozen applicants in every state of the
handling across the three social-work teams, and Aino's draft application she can continue.

Everything goes through the core services (send, claim, start processing, request a supplement,
decide, register a paper application) and the calculation aid's ``calculation_save``, as a user
would do it, so timelines, routing to teams and decision letters are as real. The team comes from
the postal code (``cases.routing``): 0032x–0043x the western team (Sanna's), 0080x–0082x and
0090x–0096x the eastern one, anything else the central one. Sanna, the demo's only social worker,
handles cases of every team: all teams of the department are one handling unit.

The people are made up, with temporary identity codes (individual number 900–999, never given to
a real person) born 1970–2000, apart from the fee demo's clients (born 1930–1959).
Runs once: nothing is added when a social-assistance case exists already. One case is decided:
every decision renders its letter (a second or so with WeasyPrint), and the demo stays fast.
"""

import datetime

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from asiointi.accounts.models import User
from asiointi.assistance.services import calculation_save
from asiointi.cases import intake
from asiointi.cases.constants import Channel, DecisionOutcome
from asiointi.cases.models import Case
from asiointi.cases.services.assignment import case_claim
from asiointi.cases.services.decisions import case_decide
from asiointi.cases.services.drafts import case_create_draft, case_save_draft
from asiointi.cases.services.processing import case_request_supplement, case_start_processing
from asiointi.cases.services.sending import case_send
from asiointi.catalogue.models import Service
from asiointi.fees.demo import national_id

SERVICE = "toimeentulotuki"
USERNAME_PREFIX = "tuki-"

# What happens to each application (see load_assistance_demo).
RECEIVED = "received"
URGENT = "urgent"
CLAIMED = "claimed"
CALCULATED = "calculated"
SUPPLEMENT = "supplement"
DECIDED = "decided"
PAPER = "paper"

# username suffix, first, last, birth date, language, street, postal code, household, what
APPLICANTS = [
    ("01", "Leena", "Laaksonen", "1984-02-11", "fi", "Munkkiniemen puistotie 8 A 3", "00330",
     [], RECEIVED),
    ("02", "Jari", "Hakala", "1979-07-30", "fi", "Kontulantie 12 C 45", "00940", [], RECEIVED),
    ("03", "Johanna", "Ekström", "1991-12-02", "sv", "Annegatan 21 B 9", "00120", [], RECEIVED),
    ("04", "Minna", "Korhonen", "1988-05-19", "fi", "Fleminginkatu 3 A 7", "00530",
     [("Eetu Korhonen", "child", "2019-03-14")], URGENT),
    ("05", "Petri", "Nurmi", "1975-10-05", "fi", "Pitäjänmäentie 40 B 21", "00370", [], CLAIMED),
    ("06", "Sari", "Lindholm", "1986-01-23", "sv", "Haagan kauppatie 2 D 14", "00400",
     [("Ella Lindholm", "child", "2012-06-01"), ("Oskar Lindholm", "child", "2017-09-20")],
     CALCULATED),
    ("07", "Ahmed", "Hassan", "1982-04-17", "en", "Itäkatu 9 F 62", "00930",
     [("Amina Hassan", "spouse", "1985-08-09"), ("Yusuf Hassan", "child", "2016-11-30")],
     CALCULATED),
    ("08", "Tiina", "Rantanen", "1993-08-08", "fi", "Sturenkatu 15 A 2", "00510", [], SUPPLEMENT),
    ("09", "Kalle", "Virtanen", "1970-03-27", "fi", "Vihdintie 6 B 30", "00320", [], DECIDED),
    ("10", "Anna", "Salo", "1996-11-15", "fi", "Kulosaaren puistotie 30 A 4", "00570", [],
     CALCULATED),
    ("11", "Erkki", "Mäkinen", "1972-06-03", "fi", "Mellunmäentie 4 A 10", "00960", [], PAPER),
    ("12", "Noora", "Heikkinen", "2000-01-29", "fi", "Sallinkatu 5 C 18", "00250", [], URGENT),
]  # fmt: skip


def _answers(person: User, street: str, postal_code: str, household: list, *, urgent: bool):
    """A complete application: a rent, household electricity and medicines, a wage and a
    housing allowance; a family's second adult has a benefit income."""
    name = person.get_full_name()
    incomes = [
        {"person": name, "type": "wage", "amount": "980.00", "description": ""},
        {"person": name, "type": "housing-allowance", "amount": "310.00", "description": ""},
    ]
    for member_name, relation, _birth in household:
        if relation == "spouse":
            incomes.append(
                {"person": member_name, "type": "benefit", "amount": "720.00", "description": ""}
            )
    answers = {
        "contact_name": name,
        "contact_phone": "040 765 4321",
        "contact_email": person.email,
        "street_address": street,
        "postal_code": postal_code,
        "post_office": "Helsinki",
        "bank_account": "FI2112345600000785",
        "household": [
            {"name": member_name, "relation": relation, "birth_date": birth}
            for member_name, relation, birth in household
        ],
        "incomes": incomes,
        "expenses": [
            {"type": "rent", "amount": f"{690 + 140 * len(household)}.00", "description": ""},
            {"type": "electricity", "amount": "45.00", "description": ""},
            {"type": "medicines", "amount": "38.60", "description": "Reseptilääkkeet"},
        ],
        "reason": "Tulot eivät riitä tämän kuun välttämättömiin menoihin.",
        "urgent": urgent,
    }
    if urgent:
        answers["urgent_reason"] = "Ruoka ja lääkkeet loppuvat ennen seuraavaa palkkaa."
    return answers


def _person(suffix: str, first: str, last: str, born: str, language: str, number: int) -> User:
    person, _created = User.objects.get_or_create(
        username=f"{USERNAME_PREFIX}{suffix}",
        defaults={
            "first_name": first,
            "last_name": last,
            "national_id": national_id(datetime.date.fromisoformat(born), number),
            "email": f"{first.lower()}.{last.lower()}@example.com".replace("ö", "o").replace(
                "ä", "a"
            ),
            "preferred_language": language,
            "password": make_password(None),
        },
    )
    return person


def _scanned_paper() -> SimpleUploadedFile:
    content = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]"
        b"/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile("toimeentulotukihakemus.pdf", content, "application/pdf")


def load_assistance_demo(users: dict[str, User]) -> list[Case]:
    """The applicants and their cases, and Aino's draft; returns the applicants' cases."""
    if Case.objects.filter(service__code=SERVICE).exists():
        return []
    service = Service.objects.get(code=SERVICE)
    sanna, aino = users["sanna"], users["aino"]
    today = timezone.localdate()
    cases = []
    for index, (
        suffix,
        first,
        last,
        born,
        language,
        street,
        postal_code,
        household,
        what,
    ) in enumerate(APPLICANTS):
        person = _person(suffix, first, last, born, language, 900 + index)
        answers = _answers(person, street, postal_code, household, urgent=what == URGENT)
        if what == PAPER:
            # Brought to the office on paper; Sanna registers it with the scanned form.
            case = intake.case_register_by_staff(
                actor=sanna,
                service=service,
                grant_call=None,
                applicant_national_id=person.national_id,
                data=answers,
                channel=Channel.PAPER,
                received_on=today - datetime.timedelta(days=2),
                scanned_paper=_scanned_paper(),
            )
        else:
            case = case_create_draft(actor=person, service=service)
            case = case_send(actor=person, case=case, data=answers)
        cases.append(_handle(case, what, sanna=sanna, today=today))
    _aino_draft(aino, service)
    return cases


def _handle(case: Case, what: str, *, sanna: User, today: datetime.date) -> Case:
    """Take the sent case as far as ``what`` says, as Sanna would."""
    if what == CLAIMED:
        return case_claim(actor=sanna, case=case)
    if what not in (CALCULATED, SUPPLEMENT, DECIDED):
        return case
    case = case_start_processing(actor=sanna, case=case)
    if what == SUPPLEMENT:
        return case_request_supplement(
            actor=sanna,
            case=case,
            message="Liittäkää vielä tiliotteet kahdelta viime kuukaudelta.",
            due_date=today + datetime.timedelta(days=7),
        )
    calculation = calculation_save(actor=sanna, case=case, on=today)
    if what == DECIDED:
        # The letter (with this calculation) is rendered after the commit.
        return case_decide(
            actor=sanna,
            case=case,
            outcome=DecisionOutcome.APPROVED,
            granted_amount=calculation.monthly_assistance,
            reasoning="Tukea myönnetään laskelman mukaisesti lääke- ja sähkömenoihin.",
        )
    return case


def _aino_draft(aino: User, service: Service) -> Case:
    """Aino has started an application: her address and the first income; she continues it."""
    draft = case_create_draft(actor=aino, service=service)
    data = dict(draft.draft_data)
    data.update(
        street_address="Kauppamiehentie 4 B 12",
        postal_code="00320",
        post_office="Helsinki",
        incomes=[
            {
                "person": aino.get_full_name(),
                "type": "wage",
                "amount": "1000.00",
                "description": "",
            }
        ],
    )
    return case_save_draft(actor=aino, case=draft, data=data)
