"""The permission matrix (tests/test_permission_matrix.py): every URL of the URLconf with its
access rule, and the objects each rule is tried on.

A rule names who may reach a URL. For a URL with an object in it, ``objects`` builds, from the
demo data, the addresses of objects that belong to *someone* (a person, a department, a team),
each with the set of personas allowed to see it; every other persona must be refused — 404 (or
the login page for an anonymous visitor, 401 on the API), never a page with the object. The
expectations are written from the design (docs/access.md), not computed by the access functions
under test.
"""

import dataclasses
from collections.abc import Callable, Iterator

from django.urls import URLPattern, URLResolver, get_resolver

from asiointi.accounts.models import User
from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Membership, Team

# Who may reach a URL (docs/access.md).
PUBLIC = "public"  # anyone, logged in or not
LOGGED_IN = "logged-in"  # anyone logged in: their own things only (the folder, the front pages)
RESIDENT_OBJECT = "resident-own-object"  # the person (or the organisation) the object is about
STAFF = "staff"  # any member of a department
STAFF_DEPARTMENT_OBJECT = "staff-department-object"  # members of the object's department
STAFF_ROLE = "staff-role"  # members with one of the roles in ``roles``
ADMIN = "admin"  # administrators only (asiointi/common/admin_access.py)


@dataclasses.dataclass(frozen=True)
class Rule:
    kind: str
    method: str = "GET"
    # Builds [(kwargs, allowed usernames)] from the demo data: the objects to try.
    objects: Callable[[], list[tuple[dict, set[str]]]] | None = None
    roles: frozenset[str] = frozenset()
    # The body a write sends where a valid one is needed for the access rule to be reached
    # (an API's schema, a form checked before the service): a dict, a function of the
    # address's arguments, or MULTIPART for an API upload. Others are posted empty.
    body: dict | str | Callable[[dict], dict] | None = None
    # What an allowed persona's GET answers.
    answers: tuple[int, ...] = (200, 302)
    # A list of cases: each allowed persona's page shows no record number of a case that is not
    # theirs (the applicant side on LOGGED_IN pages, the handlers on STAFF pages).
    own_cases_only: bool = False


MULTIPART = "multipart"


@dataclasses.dataclass(frozen=True)
class Route:
    name: str | None
    route: str
    arguments: tuple[str, ...]


def walk_urlconf() -> Iterator[Route]:
    """Every URL pattern of the project, the i18n ones, the REST API's operations (ninja adds
    them as named patterns) and the Open311 ones included."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                name = pattern.name
                if name and namespace:
                    name = f"{namespace}:{name}"
                yield Route(
                    name, prefix + str(pattern.pattern), tuple(pattern.pattern.regex.groupindex)
                )

    yield from walk(get_resolver().url_patterns, "", None)


def rule_key(route: Route) -> str:
    """The name a URL is classified under: its URL name; the admin's unnamed redirects by
    their route."""
    if route.name:
        return route.name
    return f"unnamed:{route.route}"


def is_admin(route: Route) -> bool:
    return (route.name or "").startswith("admin:") or route.route.startswith("yllapito/")


# --- who is who ----------------------------------------------------------------------------


def usernames(users) -> set[str]:
    return {user.username for user in users}


def department_members(department_id, *, roles=None) -> set[str]:
    memberships = Membership.objects.filter(department_id=department_id)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return set(memberships.values_list("user__username", flat=True))


def all_staff() -> set[str]:
    return set(Membership.objects.values_list("user__username", flat=True))


def team_members(department_code: str) -> set[str]:
    return set(
        Team.objects.filter(department__code=department_code, members__isnull=False).values_list(
            "members__username", flat=True
        )
    )


def role_holders(roles) -> set[str]:
    return set(Membership.objects.filter(role__in=roles).values_list("user__username", flat=True))


def case_applicants(case: Case) -> set[str]:
    """The applicant side of a case: the person, or the organisation's representatives."""
    if case.organisation_id:
        return set(case.organisation.representations.values_list("person__username", flat=True))
    return {case.applicant.username}


def case_handlers(case: Case) -> set[str]:
    """Who acts on a case: members of its department; of a confidential case only the members
    of the department's teams. Nobody for a draft."""
    if case.status == CaseStatus.DRAFT:
        return set()
    members = department_members(case.department_id)
    if case.service.confidential:
        members &= set(
            Team.objects.filter(department_id=case.department_id).values_list(
                "members__username", flat=True
            )
        )
    return members


def case_readers(case: Case) -> set[str]:
    """The read-only page: the handlers, and any staff member for a grant (logged)."""
    if case.status == CaseStatus.DRAFT or case.service.confidential:
        return case_handlers(case)
    return all_staff() if case.service.kind == "grant" else case_handlers(case)


# What a case must have for an address that names one of its objects.
CASE_RELATIONS = {
    "number": "versions",
    "later_number": "versions",
    "attachment_id": "attachments",
    "instalment": "payments",
    "request_id": "payments__requests",
}


def sample_cases(extra=()) -> list[Case]:
    """One case of each kind of owner: a grant of an organisation in each department, a
    resident's grant, a draft, a sent confidential case and a confidential draft (those that
    have the objects ``extra`` names)."""
    cases = Case.objects.select_related("service", "organisation", "applicant")
    for name in extra:
        cases = cases.filter(**{f"{CASE_RELATIONS[name]}__isnull": False}).distinct()
        if name == "later_number":
            cases = cases.filter(versions__number__gte=2)
    picked: dict[tuple, Case] = {}
    for case in cases.order_by("pk"):
        key = (
            case.department_id,
            case.service.confidential,
            case.status == CaseStatus.DRAFT,
            case.organisation_id is None,
        )
        picked.setdefault(key, case)
    return list(picked.values())


ALL = object()


def demo_usernames() -> list[str | None]:
    """None is the anonymous visitor; ``admin`` the administrator the test creates."""
    from asiointi.accounts.demo import PERSONAS

    return [None, *(persona[0] for persona in PERSONAS), "admin"]


def persona(username: str | None):
    return User.objects.get(username=username) if username else None


# --- the objects each kind of URL is tried on -----------------------------------------------


def resident_cases(*extra: str) -> Callable:
    """Folder and API pages of a case: its applicant side only, drafts included. ``extra`` adds
    the case's version 1, an attachment of it, or an instalment."""

    def build():
        found = []
        for case in sample_cases(extra):
            kwargs = _case_extras(case, extra)
            if kwargs is not None:
                found.append((kwargs, case_applicants(case)))
        return found

    return build


def handler_cases(*extra: str, readers: bool = False) -> Callable:
    """Handling pages of a case: the case's handlers (or, read-only, its readers)."""

    def build():
        found = []
        for case in sample_cases(extra):
            kwargs = _case_extras(case, extra)
            if kwargs is not None:
                found.append((kwargs, case_readers(case) if readers else case_handlers(case)))
        return found

    return build


def _case_extras(case: Case, extra) -> dict | None:
    kwargs = {"case_id": case.pk}
    for name in extra:
        if name == "number":
            kwargs["number"] = case.versions.order_by("number").first().number
        elif name == "later_number":
            # A version with one before it (a diff).
            later = case.versions.filter(number__gte=2).order_by("number").first()
            if later is None:
                return None
            kwargs["number"] = later.number
        elif name == "attachment_id":
            attachment = case.attachments.order_by("pk").first()
            if attachment is None:
                return None
            kwargs["attachment_id"] = attachment.pk
        elif name == "instalment":
            payment = case.payments.order_by("number").first()
            if payment is None:
                return None
            kwargs["number"] = payment.number
        elif name == "request_id":
            from asiointi.payments.models import PaymentRequest

            request = PaymentRequest.objects.filter(payment__case=case).first()
            if request is None:
                return None
            kwargs["request_id"] = request.pk
    return kwargs


def fee_reviews(*extra: str, staff: bool) -> Callable:
    """A fee client's review: the client in the folder; members of the client's department
    (the service's provider) in the handling pages. No cross-department read."""
    from asiointi.fees.models import IncomeReview

    def build():
        found = []
        relations = {
            "consent_id": "consents",
            "attachment_id": "attachments",
            "record_id": "incomes",
            "decision": "decision",
        }
        reviews = IncomeReview.objects.select_related("client__person").order_by("pk")
        for name in extra:
            reviews = reviews.filter(**{f"{relations[name]}__isnull": False}).distinct()
        for review in reviews[:3]:
            key = "pk" if staff else "review_id"
            kwargs = {key: review.pk}
            for name in extra:
                if name != "decision":
                    kwargs[name] = getattr(review, relations[name]).order_by("pk").first().pk
            allowed = (
                department_members(review.client.department_id)
                if staff
                else {review.client.person.username}
            )
            found.append((kwargs, allowed))
        return found

    return build


def fee_decisions() -> list[tuple[dict, set[str]]]:
    from asiointi.fees.models import FeeDecision

    return [
        ({"decision_id": decision.pk}, {decision.review.client.person.username})
        for decision in FeeDecision.objects.select_related("review__client__person")[:2]
    ]


def feedback_items(*extra: str) -> Callable:
    """Feedback in the handlers' area: handlers of the responsible department; central triage
    while it is open or unrouted; whoever a statement was asked from."""
    from asiointi.feedback.models import Feedback, StatementRequest

    def build():
        found = []
        for feedback in Feedback.objects.order_by("pk"):
            allowed = set()
            if feedback.department_id:
                allowed |= department_members(
                    feedback.department_id, roles=[StaffRole.HANDLER, StaffRole.DEPARTMENT_ADMIN]
                )
            if feedback.department_id is None or feedback.is_open:
                allowed |= role_holders([StaffRole.TRIAGE])
            for statement in StatementRequest.objects.filter(feedback=feedback):
                if statement.expert_id:
                    allowed.add(statement.expert.username)
                if statement.department_id:
                    allowed |= department_members(statement.department_id)
            kwargs = {"pk": feedback.pk}
            if "photo_id" in extra:
                photo = feedback.photos.order_by("pk").first()
                if photo is None:
                    continue
                kwargs["photo_id"] = photo.pk
            if "name" in extra:
                kwargs["name"] = "claim"
            found.append((kwargs, allowed))
        return found

    return build


def statements() -> list[tuple[dict, set[str]]]:
    from asiointi.feedback.models import StatementRequest

    found = []
    for statement in StatementRequest.objects.order_by("pk"):
        allowed = set()
        if statement.expert_id:
            allowed.add(statement.expert.username)
        if statement.department_id:
            allowed |= department_members(statement.department_id)
        found.append(({"pk": statement.feedback_id, "statement_id": statement.pk}, allowed))
    return found


def decision_lists(*extra: str) -> Callable:
    from asiointi.grants.models import DecisionList

    def build():
        found = []
        for decision_list in DecisionList.objects.order_by("pk"):
            kwargs = {"list_id": decision_list.pk}
            if "case_id" in extra:
                case = Case.objects.filter(decision_list_entry__decision_list=decision_list).first()
                if case is None:
                    continue
                kwargs["case_id"] = case.pk
            found.append((kwargs, department_members(decision_list.department_id)))
        return found

    return build


def batches() -> list[tuple[dict, set[str]]]:
    from asiointi.payments.models import PaymentBatch

    finance = role_holders([StaffRole.FINANCE])
    return [({"batch_id": batch.pk}, finance) for batch in PaymentBatch.objects.order_by("pk")]


def unpublished_feedback(key: str, **fixed) -> Callable:
    """Public pages of the feedback board: an item not published is nobody's to see there."""
    from asiointi.feedback.models import Feedback, FeedbackPhoto

    def build():
        if key == "pk":
            # A photo the moderator did not publish, of a published item and of another.
            photos = FeedbackPhoto.objects.filter(public=False).order_by("pk")
            return [
                ({"pk": photo.pk}, set())
                for photo in (
                    photos.filter(feedback__publication="published").first(),
                    photos.exclude(feedback__publication="published").first(),
                )
                if photo
            ]
        hidden = Feedback.objects.exclude(publication="published").order_by("pk").first()
        return [({key: hidden.request_id, **fixed}, set())]

    return build
