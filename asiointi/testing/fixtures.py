"""Named personas and data shared by the test suites (backend, API and browser)."""

import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from asiointi.accounts.models import ApplicantOrganisation, Representation, User
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.sending import case_send
from asiointi.catalogue.models import GrantCall, Service
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership, Team
from asiointi.testing import builders

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages"
    b"/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00"
    b"\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language. A request (or the API) leaves its language
    active in the thread, and ``reverse`` would then add that language's prefix to the next
    test's URLs, making the result depend on the order the tests run in."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def pdf_upload(name: str = "talousarvio.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def make_person(username: str, first: str, last: str, **extra) -> User:
    return User.objects.create_user(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@example.com",
        **extra,
    )


HETU_CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def made_up_national_id(number: int) -> str:
    """A valid henkilötunnus of the 900–999 series (test identities, never a real person's),
    different for each ``number`` below 2,800: born 1.–28.1.1990."""
    day, individual = 1 + number // 100, 900 + number % 100
    digits = f"{day:02d}0190{individual}"
    return f"{digits[:6]}-{individual}{HETU_CHECK_CHARACTERS[int(digits) % 31]}"


def strongly_identified(user: User) -> User:
    """The user as strong identification leaves them: with a henkilötunnus (a test one unless
    they have one). Confidential benefits are applied for only so."""
    if not user.national_id:
        user.national_id = made_up_national_id(user.pk)
        user.save(update_fields=["national_id"])
    return user


@pytest.fixture
def catalogue(db) -> dict[str, GrantCall]:
    """The whole test catalogue (asiointi/testing/builders.py): departments, services, the
    general and the project grant call, teams and feedback services."""
    return builders.full_catalogue()


@pytest.fixture
def general_call(catalogue) -> GrantCall:
    return catalogue["general_call"]


@pytest.fixture
def resident(db) -> User:
    return make_person("aino", "Aino", "Asukas")


@pytest.fixture
def other_resident(db) -> User:
    return make_person("ville", "Ville", "Vieras")


@pytest.fixture
def association(db) -> ApplicantOrganisation:
    return ApplicantOrganisation.objects.create(
        business_id="1234567-1", name="Kallion Kulttuuriyhdistys ry"
    )


@pytest.fixture
def representative(association) -> User:
    person = make_person("matti", "Matti", "Meikäläinen")
    Representation.objects.create(person=person, organisation=association, role="chair")
    return person


@pytest.fixture
def co_representative(association) -> User:
    person = make_person("leena", "Leena", "Sihteeri")
    Representation.objects.create(person=person, organisation=association, role="secretary")
    return person


def _handler(username, first, last, department_code) -> User:
    person = make_person(username, first, last, is_staff=True)
    Membership.objects.create(
        user=person, department=Department.objects.get(code=department_code), role=StaffRole.HANDLER
    )
    return person


@pytest.fixture
def handler_culture(catalogue) -> User:
    return _handler("kaisa", "Kaisa", "Käsittelijä", "culture")


@pytest.fixture
def handler_education(catalogue) -> User:
    return _handler("olli", "Olli", "Opetus", "education")


def valid_answers(organisation: ApplicantOrganisation, person: User, amount="5000.00") -> dict:
    return builders.grant_answers(organisation, person, amount)


@pytest.fixture
def draft(general_call, representative, association):
    return case_create_draft(
        actor=representative, grant_call=general_call, organisation=association
    )


@pytest.fixture
def submitted(draft, representative, association):
    return case_send(
        actor=representative, case=draft, data=valid_answers(association, representative)
    )


@pytest.fixture
def own_draft(general_call, resident):
    return case_create_draft(actor=resident, grant_call=general_call)


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def url(name: str, *args, language: str = "fi") -> str:
    """A page's address in a language: Finnish has no prefix, /sv/ and /en/ the others."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return reverse(name, args=args)


def en(name: str, *args) -> str:
    return url(name, *args, language="en")


@pytest.fixture
def triage_officer(catalogue) -> User:
    """Central triage (City Executive Office): routes feedback nobody knew where to send."""
    person = make_person("tiina", "Tiina", "Triage", is_staff=True)
    Membership.objects.create(
        user=person, department=Department.objects.get(code="executive"), role=StaffRole.TRIAGE
    )
    return person


# The smallest valid PNG (1×1 pixel): a photo the feedback form accepts.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


def png_upload(name: str = "kuoppa.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


# --- Client fees (issue 5) -------------------------------------------------------------------
# Eino is a home-care client of Social Services with a spouse (Elsa) in the registries; the
# registry simulators know both (asiointi/simulators/registries.py). Maija is the fee official.
EINO_ID = "040338-903X"
ELSA_ID = "120540-9048"


@pytest.fixture
def fee_official(db) -> User:
    return builders.staff_member("maija", "Maija", "Maksu", "social")


@pytest.fixture
def fee_client_person(db) -> User:
    return make_person("eino", "Eino", "Eläkeläinen", national_id=EINO_ID)


@pytest.fixture
def home_care_client(fee_client_person):
    from asiointi.fees.models import FeeClient

    return FeeClient.objects.create(
        person=fee_client_person,
        department=builders.department("social"),
        service="home-care",
        monthly_hours=12,
        monthly_cost=1200,
        current_amount=150,
        next_review_due=datetime.date(2026, 12, 1),
    )


@pytest.fixture
def fee_review(home_care_client):
    """Eino's open review, waiting for his choice."""
    from asiointi.fees.models import IncomeReview

    return IncomeReview.objects.create(
        client=home_care_client, period_start=datetime.date(2026, 12, 1)
    )


# Social assistance (toimeentulotuki): the confidential service, its social-work teams and people.
SOCIAL_WORKER_ID = "230781-903H"


def _team_member(user: User, team_code: str) -> User:
    Team.objects.get(department__code="social", code=team_code).members.add(user)
    return user


@pytest.fixture
def assistance_service(catalogue) -> Service:
    return Service.objects.get(code="toimeentulotuki")


@pytest.fixture
def social_worker(catalogue) -> User:
    """Sanna: a social worker of the western team, who may see social-assistance cases."""
    return _team_member(_handler("sanna", "Sanna", "Sosiaalityö", "social"), "lansi")


@pytest.fixture
def social_worker_east(catalogue) -> User:
    """Tero: a social worker of the eastern team; the same handling unit as Sanna."""
    return _team_member(_handler("tero", "Tero", "Työntekijä", "social"), "ita")


def assistance_answers(person: User, **overrides) -> dict:
    """A complete social-assistance application of a person living alone in the western area."""
    answers = {
        "contact_name": person.get_full_name() or person.username,
        "contact_email": person.email,
        "street_address": "Kauppamiehentie 4 B 12",
        "postal_code": "00320",
        "post_office": "Helsinki",
        "bank_account": "FI2112345600000785",
        "household": [],
        "incomes": [
            {"person": person.get_full_name(), "type": "wage", "amount": "1000.00"},
            {"person": person.get_full_name(), "type": "housing-allowance", "amount": "250.00"},
        ],
        "expenses": [
            {"type": "rent", "amount": "650.00"},
            {"type": "electricity", "amount": "40.00"},
            {"type": "medicines", "amount": "35.50", "description": "Reseptilääkkeet"},
        ],
        "reason": "Lääkkeisiin ja sähkölaskuun ei riitä rahaa tässä kuussa.",
        "urgent": False,
    }
    answers.update(overrides)
    return answers


@pytest.fixture
def submitted_assistance(assistance_service, resident):
    """Aino's sent social-assistance application (version 1, routed to the western team)."""
    case = case_create_draft(actor=strongly_identified(resident), service=assistance_service)
    return case_send(actor=resident, case=case, data=assistance_answers(resident))


@pytest.fixture
def database_tasks(settings):
    """Production's task queue (``ASIOINTI_TASKS=database``): tasks are rows for the worker
    (``asiointi worker``) instead of running at once as in the demo and the other tests."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
