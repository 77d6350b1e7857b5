"""Account demo data (``asiointi load_demo``): the personas of the demo login page (residents,
an association's chair, staff of every department with their memberships and team) and the
associations Matti represents.

Every person and organisation here is made up; identity codes are of the "temporary" 9xx range,
which is never given to a real person. Idempotent: people are found by username, associations by
business id. Needs the departments and teams (``asiointi.organisation.demo``) in place.
"""

from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.translation import gettext_noop

from asiointi.accounts.models import ApplicantOrganisation, Representation, User
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership, Team

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
