"""The permission matrix: persona × every URL of the URLconf × own / another department's /
another person's object (docs/access.md).

``ACCESS_RULES`` classifies every URL name. ``test_every_url_has_an_access_rule`` walks the
URLconf (the i18n patterns, the REST API's operations and Open311 included): a new URL without a
rule fails the suite and says what to add. ``test_nobody_reaches_what_is_not_theirs`` then
tries, on the demo data, every object of every URL with every persona the rule does not allow —
anonymous, the residents, the staff of each department and an administrator — and expects 404
(the login page for an anonymous visitor, 401 on the API, the admin's login page in the admin)
with nothing of the object in the answer and nothing stored; and it checks that one allowed
persona does get the page, so that a wrong address cannot pass as a refusal.
"""

import functools
import itertools
import json

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from django.utils import translation

from asiointi.catalogue.models import GrantCall
from asiointi.demo.loading import load_demo
from asiointi.organisation.constants import StaffRole
from asiointi.testing import permission_matrix as matrix
from asiointi.testing.fixtures import pdf_upload
from asiointi.testing.permission_matrix import (
    LOGGED_IN,
    PUBLIC,
    RESIDENT_OBJECT,
    STAFF,
    STAFF_DEPARTMENT_OBJECT,
    STAFF_ROLE,
    Rule,
)

R = RESIDENT_OBJECT
S = STAFF_DEPARTMENT_OBJECT
case = matrix.resident_cases
handled = matrix.handler_cases


def _everyone(kwargs: dict):
    """An object every visitor may see (a public page's address)."""
    return lambda: [(kwargs, set(matrix.demo_usernames()))]


def _logged_in(build):
    return lambda: [(build(), {name for name in matrix.demo_usernames() if name})]


def _grant_call():
    return {"call_id": GrantCall.objects.order_by("pk").first().pk}


def _unpublished_request():
    from asiointi.feedback.models import Feedback

    hidden = Feedback.objects.exclude(publication="published").order_by("pk").first()
    return {"request_id": hidden.request_id, "fmt": "json"}


def _tracking_code_as(key: str = "code"):
    from asiointi.feedback.models import Feedback

    return {key: Feedback.objects.order_by("pk").first().tracking_code}


FINANCE = frozenset({StaffRole.FINANCE})
AUDITORS = frozenset({StaffRole.DEPARTMENT_ADMIN, StaffRole.REPORTING})

ACCESS_RULES: dict[str, Rule] = {
    # Public pages and APIs.
    "healthz": Rule(PUBLIC),
    "readyz": Rule(PUBLIC),
    "theme_css": Rule(PUBLIC),
    "set_language": Rule(PUBLIC, "POST"),
    "home": Rule(PUBLIC),
    "accessibility": Rule(PUBLIC),
    "privacy": Rule(PUBLIC),
    "accounts:login": Rule(PUBLIC),
    "accounts:logout": Rule(PUBLIC, "POST"),
    "accounts:demo_login": Rule(PUBLIC),
    # The OIDC login flow: to the provider and back (tested with the OIDC simulator in
    # accounts/tests); "not found" here, where no provider is configured.
    "accounts:oidc_resident_authenticate": Rule(PUBLIC, answers=(302, 404)),
    "accounts:oidc_staff_authenticate": Rule(PUBLIC, answers=(302, 404)),
    "accounts:oidc_resident_callback": Rule(PUBLIC, answers=(302, 400, 404)),
    "accounts:oidc_staff_callback": Rule(PUBLIC, answers=(302, 400, 404)),
    "unnamed:oidc/authenticate/": Rule(PUBLIC),
    "feedback:give": Rule(PUBLIC),
    "feedback:track": Rule(PUBLIC),
    "feedback:board": Rule(PUBLIC),
    # The tracking code is the key: whoever has it sees the status, logged in or not.
    "feedback:receipt": Rule(PUBLIC, objects=lambda: _everyone(_tracking_code_as())()),
    "feedback:status": Rule(PUBLIC, objects=lambda: _everyone(_tracking_code_as())()),
    "feedback:board_item": Rule(PUBLIC, objects=matrix.unpublished_feedback("request_id")),
    "feedback:public_photo": Rule(PUBLIC, objects=matrix.unpublished_feedback("pk")),
    "api:openapi-json": Rule(PUBLIC),
    "api:openapi-view": Rule(PUBLIC),
    # The API has no root page: ninja answers 404 to everyone (the docs are at /api/v1/docs).
    "api:api-root": Rule(PUBLIC, answers=(404,)),
    "api:grant_call_list": Rule(PUBLIC),
    "api:fee_calculate": Rule(PUBLIC, "POST"),
    "open311:discovery": Rule(PUBLIC, objects=_everyone({"fmt": "json"})),
    "open311:services": Rule(PUBLIC, objects=_everyone({"fmt": "xml"})),
    "open311:service_definition": Rule(
        PUBLIC, objects=_everyone({"service_code": "katujen-kunnossapito", "fmt": "json"})
    ),
    "open311:requests": Rule(PUBLIC, objects=_everyone({"fmt": "json"})),
    # Unpublished feedback answers with its status only (docs/open311.md): checked below.
    "open311:request": Rule(PUBLIC, objects=lambda: _everyone(_unpublished_request())()),
    "open311:token": Rule(
        PUBLIC, objects=lambda: _everyone({**_tracking_code_as("token"), "fmt": "json"})()
    ),
    # Anyone logged in, each seeing their own.
    "cases:folder": Rule(LOGGED_IN, own_cases_only=True),
    "cases:start": Rule(LOGGED_IN, "POST", objects=_logged_in(_grant_call)),
    "cases:start_service": Rule(
        LOGGED_IN, objects=_logged_in(lambda: {"service_code": "toimeentulotuki"})
    ),
    "fees_folder:index": Rule(LOGGED_IN),
    "accounts:switch": Rule(LOGGED_IN, "POST"),
    "api:application_list": Rule(LOGGED_IN, own_cases_only=True),
    "api:application_create": Rule(LOGGED_IN, "POST", body={"service_code": "yleisavustus"}),
    # The applicant's own case (the person, or the organisation's representatives).
    "cases:detail": Rule(R, objects=case()),
    "cases:edit": Rule(R, objects=case()),
    "cases:delete": Rule(R, objects=case()),
    "cases:withdraw": Rule(R, objects=case()),
    "cases:version": Rule(R, objects=case("number")),
    "cases:attachment_upload": Rule(R, "POST", objects=case()),
    "cases:attachment": Rule(R, objects=case("attachment_id")),
    "cases:message_send": Rule(R, "POST", objects=case()),
    "payments_folder:request_send": Rule(R, "POST", objects=case()),
    "api:application_detail": Rule(R, objects=case()),
    "api:application_delete": Rule(R, "DELETE", objects=case()),
    "api:draft_save": Rule(R, "PUT", objects=case(), body={"data": {}}),
    "api:application_submit": Rule(R, "POST", objects=case()),
    "api:version_list": Rule(R, objects=case()),
    "api:version_detail": Rule(R, objects=case("number")),
    "api:version_diff": Rule(R, objects=case("later_number")),
    "api:attachment_list": Rule(R, objects=case()),
    "api:attachment_upload": Rule(R, "POST", objects=case(), body=matrix.MULTIPART),
    "api:attachment_content": Rule(R, objects=case("attachment_id")),
    "api:message_list": Rule(R, objects=case()),
    "api:message_send": Rule(R, "POST", objects=case(), body={"body": "Hei"}),
    "api:timeline": Rule(R, objects=case()),
    # The fee client's own review and decision.
    "fees_folder:detail": Rule(R, objects=matrix.fee_reviews(staff=False)),
    "fees_folder:income_add": Rule(R, "POST", objects=matrix.fee_reviews(staff=False)),
    "fees_folder:declaration_send": Rule(R, "POST", objects=matrix.fee_reviews(staff=False)),
    "fees_folder:consent_withdraw": Rule(R, objects=matrix.fee_reviews("consent_id", staff=False)),
    "fees_folder:letter": Rule(R, objects=matrix.fee_decisions),
    # Any staff member (a department membership); the lists show their departments' only.
    "handling:queue": Rule(STAFF, own_cases_only=True),
    "handling:take_next": Rule(STAFF, "POST"),
    "handling:queue_filter_panel": Rule(STAFF, "POST"),
    "handling:bulk_assign": Rule(STAFF, "POST"),
    "handling:intake_start": Rule(STAFF),
    "handling:intake_form": Rule(STAFF, objects=lambda: [(_grant_call(), matrix.all_staff())]),
    # A benefit without calls: its department's staff; a confidential one its teams' members.
    "handling:intake_service_form": Rule(
        S, objects=lambda: [({"service_code": "toimeentulotuki"}, matrix.team_members("social"))]
    ),
    "handling:overlap_report": Rule(STAFF),
    "handling:search": Rule(STAFF),
    "feedback_stats:overview": Rule(STAFF),
    "feedback_handling:queue": Rule(STAFF),
    "feedback_handling:register": Rule(STAFF),
    "grants:lists": Rule(STAFF, own_cases_only=True),
    "grants:create": Rule(STAFF, "POST"),
    "reports:grants": Rule(STAFF),
    "reports:grants_download": Rule(
        STAFF, objects=lambda: [({"file_format": "csv"}, matrix.all_staff())]
    ),
    "fees_handling:queue": Rule(STAFF),
    # Staff with a role.
    "handling:read_audit": Rule(STAFF_ROLE, roles=AUDITORS),
    "payments:ready": Rule(STAFF_ROLE, roles=FINANCE),
    "payments:batches": Rule(STAFF_ROLE, roles=FINANCE),
    "payments:batch_create": Rule(STAFF_ROLE, "POST", roles=FINANCE),
    "payments:batch": Rule(S, objects=matrix.batches),
    "payments:batch_file": Rule(S, objects=matrix.batches),
    "payments:batch_mark_paid": Rule(S, "POST", objects=matrix.batches),
    # A case of the staff member's department (a confidential one: its teams' members).
    "handling:case": Rule(S, objects=handled()),
    "handling:start_processing": Rule(S, "POST", objects=handled()),
    "handling:claim": Rule(S, "POST", objects=handled()),
    "handling:assign": Rule(S, "POST", objects=handled()),
    "handling:request_supplement": Rule(S, "POST", objects=handled()),
    "handling:transfer": Rule(S, "POST", objects=handled()),
    "handling:decide": Rule(S, "POST", objects=handled()),
    "handling:propose_decision": Rule(S, "POST", objects=handled()),
    "handling:cancel_proposal": Rule(S, "POST", objects=handled()),
    "handling:close": Rule(S, "POST", objects=handled()),
    "handling:note_add": Rule(S, "POST", objects=handled()),
    "handling:message_send": Rule(S, "POST", objects=handled()),
    "handling:attachment_upload": Rule(S, "POST", objects=handled()),
    "handling:attachment": Rule(S, objects=handled("attachment_id")),
    "handling:version": Rule(S, objects=handled("number")),
    "handling:documents": Rule(S, objects=handled()),
    "handling:calculation_save": Rule(S, "POST", objects=handled()),
    "payments:request_accept": Rule(S, "POST", objects=handled("request_id")),
    "payments:request_return": Rule(S, "POST", objects=handled("request_id")),
    "payments:change_account": Rule(S, "POST", objects=handled("instalment")),
    # Read-only across departments: any staff member for a grant (logged); never a draft, a
    # confidential case only its teams' members.
    "handling:read": Rule(S, objects=handled(readers=True)),
    "feedback_handling:detail": Rule(S, objects=matrix.feedback_items()),
    "feedback_handling:photo": Rule(S, objects=matrix.feedback_items("photo_id")),
    "feedback_handling:action": Rule(S, "POST", objects=matrix.feedback_items("name")),
    # Whoever sees the feedback reaches the form; only an addressee may give the statement.
    "feedback_handling:give_statement": Rule(
        S,
        "POST",
        objects=matrix.statements,
        body=lambda kwargs: {f"statement-{kwargs['statement_id']}-statement": "Lausunto."},
    ),
    "grants:detail": Rule(S, objects=matrix.decision_lists()),
    "grants:add": Rule(S, "POST", objects=matrix.decision_lists()),
    "grants:remove": Rule(S, "POST", objects=matrix.decision_lists("case_id")),
    "grants:approve": Rule(S, "POST", objects=matrix.decision_lists()),
    "grants:pdf": Rule(S, objects=matrix.decision_lists()),
    "grants:csv": Rule(S, objects=matrix.decision_lists()),
    # Fee reviews: members of the client's department only (no cross-department read).
    "fees_handling:review": Rule(S, objects=matrix.fee_reviews(staff=True)),
    "fees_handling:record_choice": Rule(S, "POST", objects=matrix.fee_reviews(staff=True)),
    "fees_handling:withdraw_consent": Rule(
        S, "POST", objects=matrix.fee_reviews("consent_id", staff=True)
    ),
    "fees_handling:fetch_incomes": Rule(S, "POST", objects=matrix.fee_reviews(staff=True)),
    "fees_handling:add_income": Rule(S, "POST", objects=matrix.fee_reviews(staff=True)),
    "fees_handling:correct_income": Rule(
        S, "POST", objects=matrix.fee_reviews("record_id", staff=True)
    ),
    "fees_handling:recompute": Rule(S, "POST", objects=matrix.fee_reviews(staff=True)),
    "fees_handling:decide": Rule(S, "POST", objects=matrix.fee_reviews(staff=True)),
    "fees_handling:letter": Rule(S, objects=matrix.fee_reviews("decision", staff=True)),
    "fees_handling:attachment": Rule(S, objects=matrix.fee_reviews("attachment_id", staff=True)),
}


def test_every_url_has_an_access_rule():
    """A URL added without a rule here fails, naming what to add."""
    missing, found = [], set()
    for route in matrix.walk_urlconf():
        if matrix.is_admin(route):
            continue  # Administrators only: every admin URL (tests/test_admin_access.py).
        key = matrix.rule_key(route)
        found.add(key)
        if key not in ACCESS_RULES:
            missing.append(f"{key!r} ({route.route})")
    assert not missing, (
        "These URLs have no access rule. Add each to ACCESS_RULES in "
        "tests/test_permission_matrix.py (PUBLIC, LOGGED_IN, RESIDENT_OBJECT, STAFF, STAFF_ROLE, "
        "STAFF_DEPARTMENT_OBJECT or ADMIN, with the objects to try) and describe it in "
        "docs/access.md:\n  " + "\n  ".join(missing)
    )
    # A rule for a URL that no longer exists is dead weight.
    assert not set(ACCESS_RULES) - found, sorted(set(ACCESS_RULES) - found)


def test_every_url_with_arguments_says_which_objects_to_try():
    for route in matrix.walk_urlconf():
        if matrix.is_admin(route) or not route.arguments:
            continue
        assert ACCESS_RULES[matrix.rule_key(route)].objects is not None, route


# --- the matrix ----------------------------------------------------------------------------

LANGUAGES = ("fi", "sv", "en")


def _fingerprint() -> dict[str, int]:
    """How many rows every table holds, and the newest change of the tables that have one: a
    refused request stores nothing."""
    from django.apps import apps

    prints = {}
    for model in apps.get_models():
        # Logins themselves (sessions, the login log) and the task queue are not the data.
        if model._meta.app_label in ("sessions", "axes", "django_tasks_database"):
            continue
        prints[model._meta.label] = model._default_manager.count()
        for field in ("updated_at", "lock_version"):
            if any(f.name == field for f in model._meta.fields):
                aggregate = models.Max if field == "updated_at" else models.Sum
                prints[f"{model._meta.label}.{field}"] = str(
                    model._default_manager.aggregate(value=aggregate(field))["value"]
                )
    return prints


@functools.cache
def _login_prefix(language: str) -> str:
    with translation.override(language):
        return reverse("accounts:login")


def _request(client, rule: Rule, path: str, kwargs: dict):
    if rule.method == "GET":
        return client.get(path)
    if not path.startswith("/api/"):
        return client.post(path, rule.body(kwargs) if callable(rule.body) else {})
    if rule.body == matrix.MULTIPART:
        return client.post(path, {"file": pdf_upload(), "kind": "budget"})
    return client.generic(
        rule.method, path, json.dumps(rule.body or {}), content_type="application/json"
    )


def _refused(response, username, *, api: bool) -> bool:
    if response.status_code == 404:
        return True
    if username is None:
        if api:
            return response.status_code == 401
        location = response.get("Location", "")
        return response.status_code == 302 and any(
            location.startswith(_login_prefix(language)) for language in LANGUAGES
        )
    return False


def _address(name: str, kwargs: dict, language: str) -> str:
    if name.startswith("unnamed:"):
        return "/" + name.removeprefix("unnamed:")  # a fixed route without a name
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def _rule_allows(rule: Rule, username: str | None, staff: set[str], roles: dict) -> bool:
    if rule.kind == PUBLIC:
        return True
    if rule.kind == LOGGED_IN:
        return username is not None
    if rule.kind == STAFF:
        return username in staff
    if rule.kind == STAFF_ROLE:
        return bool(roles.get(username, set()) & rule.roles)
    raise AssertionError(rule)


@pytest.fixture
def demo_world(django_capture_on_commit_callbacks, db):
    from django.core.files.base import ContentFile

    from asiointi.feedback.models import Feedback, FeedbackPhoto
    from asiointi.testing.fixtures import PNG_BYTES

    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    # A photo on every feedback item, none of them published: private to the handlers.
    for feedback in Feedback.objects.filter(photos__isnull=True):
        FeedbackPhoto.objects.create(
            feedback=feedback,
            file=ContentFile(PNG_BYTES, name="kuva.png"),
            original_name="kuva.png",
            content_type="image/png",
            size=len(PNG_BYTES),
            sha256="0" * 64,
        )
    # A decided fee review with its letter (the demo's reviews wait for the official).
    from django.utils import timezone

    from asiointi.fees.models import FeeDecision, IncomeReview

    review = IncomeReview.objects.filter(decision__isnull=True).order_by("pk").first()
    FeeDecision.objects.create(
        review=review,
        kind="fee",
        amount="100.00",
        valid_from=review.period_start,
        decided_by=get_user_model().objects.get(username="maija"),
        decided_at=timezone.now(),
        language="fi",
        letter=ContentFile(b"%PDF-1.4 kirje", name="kirje.pdf"),
        letter_name="kirje.pdf",
    )
    # A second version of a received grant (what a version diff compares).
    from asiointi.cases.models import Case
    from asiointi.cases.services.sending import case_send

    received = Case.objects.filter(status="received", organisation__isnull=False).first()
    with django_capture_on_commit_callbacks(execute=True):
        case_send(
            actor=received.organisation.representations.first().person,
            case=received,
            data={**received.versions.get(number=1).data, "member_count": 121},
        )
    get_user_model().objects.create_superuser("admin", "admin@example.fi", "x" * 20)


def _refusal_content(body: str) -> str:
    """What a refusal says about the object: its title and main content. The site's header
    around an HTML refusal (the 404 page) names the person logged in, whose own name may also be
    a case title (a social-assistance case is titled with the applicant's name): that is their
    own session, not the refused object."""
    if "<main" not in body:
        return body
    title = body[body.find("<title>") : body.find("</title>")]
    return title + body[body.find("<main") : body.rfind("</main>")]


def test_nobody_reaches_what_is_not_theirs(client, demo_world):
    from asiointi.organisation.models import Membership

    users = {name: matrix.persona(name) for name in matrix.demo_usernames()}
    staff = matrix.all_staff()
    roles: dict[str, set[str]] = {}
    for username, role in Membership.objects.values_list("user__username", "role"):
        roles.setdefault(username, set()).add(role)
    # Every rule's objects, built before any request changes the data.
    tried = []
    for name, rule in ACCESS_RULES.items():
        if rule.objects is not None:
            built = rule.objects()
            assert built, f"{name}: the demo data has no object to try"
            tried += [(name, rule, kwargs, allowed) for kwargs, allowed in built]
        else:
            allowed = {u for u in users if _rule_allows(rule, u, staff, roles)}
            tried.append((name, rule, {}, allowed))
    # The record numbers and titles of every case: none may appear in a refusal.
    from asiointi.cases.models import Case

    secrets = [
        value
        for pair in Case.objects.exclude(record_number=None).values_list("record_number", "title")
        for value in pair
        if value and len(value) > 6
    ]
    before = _fingerprint()
    failures = []
    languages = itertools.cycle(LANGUAGES)
    for username, user in users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for name, rule, kwargs, allowed in tried:
            if username in allowed:
                continue
            path = _address(name, kwargs, next(languages))
            response = _request(client, rule, path, kwargs)
            api = path.startswith("/api/")
            if not _refused(response, username, api=api):
                failures.append(
                    f"{username or 'anonymous'} {rule.method} {path}: {response.status_code}"
                )
                continue
            body = response.content.decode(errors="replace") if not response.streaming else ""
            leaked = [secret for secret in secrets if secret in _refusal_content(body)]
            if leaked:
                failures.append(f"{username} {path}: the refusal shows {leaked[:2]}")
    assert not failures, "Refusals expected:\n  " + "\n  ".join(failures)
    after = _fingerprint()
    assert {k: v for k, v in after.items() if before.get(k) != v} == {}

    # One allowed persona gets each GET page: the addresses tried above are right. Public
    # pages and APIs never show what feedback givers wrote before a moderator published it.
    from asiointi.feedback.models import Feedback

    unpublished = [
        value
        for pair in Feedback.objects.exclude(publication="published").values_list(
            "description", "contact_email"
        )
        for value in pair
        if value and len(value) > 8
    ]
    wrong = []
    for name, rule, kwargs, allowed in tried:
        candidates = sorted(u for u in allowed if u in users and u)
        if rule.method != "GET" or not candidates:
            continue
        client.logout()
        client.force_login(users[candidates[0]])
        response = client.get(_address(name, kwargs, "fi"))
        if response.status_code not in rule.answers:
            wrong.append(f"{candidates[0]} GET {name} {kwargs}: {response.status_code}")
        elif rule.kind == PUBLIC and not response.streaming:
            body = response.content.decode(errors="replace")
            if any(text in body for text in unpublished):
                wrong.append(f"{name} {kwargs} shows unpublished feedback")
    assert not wrong, "Allowed personas refused:\n  " + "\n  ".join(wrong)

    # Lists of cases show each persona theirs only.
    cases = list(Case.objects.exclude(record_number=None).select_related("service"))
    for name, rule, kwargs, allowed in tried:
        if not rule.own_cases_only:
            continue
        listed_own = 0
        for username in sorted(u for u in allowed if u in users and u):
            owners = matrix.case_applicants if rule.kind == LOGGED_IN else matrix.case_handlers
            foreign = [c.record_number for c in cases if username not in owners(c)]
            client.logout()
            client.force_login(users[username])
            body = client.get(_address(name, kwargs, "fi")).content.decode()
            shown = [number for number in foreign if number in body]
            assert not shown, f"{username} {name} shows others' cases {shown[:3]}"
            own = [c.record_number for c in cases if username in owners(c)]
            listed_own += any(number in body for number in own)
        # The list does list cases for someone (Aino her own, Kaisa her queue): the check
        # above can fail.
        assert listed_own or name == "grants:lists", name


def test_the_admin_lets_in_administrators_only(client, demo_world):
    from django.contrib import admin

    pages = [reverse("admin:index")] + [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]
    for username in matrix.demo_usernames():
        client.logout()
        if username:
            client.force_login(matrix.persona(username))
        for page in pages:
            response = client.get(page)
            if username == "admin":
                assert response.status_code == 200, page
            else:
                assert response.status_code == 302, (username, page)
                assert response["Location"].startswith(reverse("admin:login"))
