"""Who sees a social-assistance (toimeentulotuki) case: a matrix of personas × every address that
shows or acts on a case, through HTTP as a user would.

Only the social-work teams of the social department (Sanna in "lansi", Tero in "ita") and the
applicant herself (Aino) see the case. Everyone else gets "not found" everywhere — the existence
of the case is not revealed — and a refused request changes nothing and logs no read. Every read
by a team member is logged (``CaseReadAudit``, purpose "confidential") with what was read.
"""

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.utils import timezone

from asiointi.assistance.models import AssistanceCalculation
from asiointi.cases.constants import AttachmentKind, CaseStatus, DecisionOutcome
from asiointi.cases.models import Case, CaseReadAudit
from asiointi.cases.services.attachments import attachment_add
from asiointi.cases.services.decisions import case_decide
from asiointi.cases.services.notes import note_add
from asiointi.cases.services.processing import case_start_processing
from asiointi.cases.tests import conftest as case_tests
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.payments.models import Payment
from asiointi.testing.fixtures import make_person, pdf_upload, url

pytestmark = pytest.mark.django_db

API = "/api/v1"
# Words of Aino's application that must never appear on a page given to someone else.
SECRET_REASON = "Lääkkeisiin ja sähkölaskuun"
SECRET_NOTE = "Asiakkaan velkatilanne selvitettävä"

# Everyone who must not see the case. "anonymous" is not logged in.
DENIED = [
    "handler_culture",  # Kaisa
    "handler_education",  # Olli
    "triage_officer",
    "finance_officer",
    "fee_official",  # Maija: the social department, but in no team
    "other_resident",  # Ville
    "representative",  # Matti
    "anonymous",
]
DENIED_STAFF = [p for p in DENIED if p not in ("other_resident", "representative", "anonymous")]
TEAM_MEMBERS = ["social_worker", "social_worker_east"]  # Sanna and Tero


@pytest.fixture
def finance_officer(catalogue):
    """Raili: finance of the City Executive Office, who works on every department's payments."""
    person = make_person("raili", "Raili", "Rahoitus", is_staff=True)
    Membership.objects.create(
        user=person, department=Department.objects.get(code="executive"), role=StaffRole.FINANCE
    )
    return person


@pytest.fixture
def auditor(catalogue):
    """Reporting staff of the City Executive Office: may list the read audit."""
    person = make_person("aarne", "Aarne", "Auditoija", is_staff=True)
    Membership.objects.create(
        user=person, department=Department.objects.get(code="executive"), role=StaffRole.REPORTING
    )
    return person


@pytest.fixture
def anonymous():
    return None


def log_in(client, user) -> None:
    if user is not None:
        client.force_login(user)


@pytest.fixture
def received_case(submitted_assistance, resident):
    """Aino's sent application with her income proof attached."""
    attachment_add(
        actor=resident,
        case=submitted_assistance,
        upload=pdf_upload("palkkakuitti.pdf"),
        kind=AttachmentKind.INCOME_PROOF,
    )
    submitted_assistance.refresh_from_db()
    return submitted_assistance


@pytest.fixture
def decided_case(received_case, social_worker, django_capture_on_commit_callbacks):
    """Sanna processed and approved it: an internal note and the decision letter."""
    case_start_processing(actor=social_worker, case=received_case)
    note_add(actor=social_worker, case=received_case, body=SECRET_NOTE)
    with django_capture_on_commit_callbacks(execute=True):
        case_decide(
            actor=social_worker,
            case=Case.objects.get(pk=received_case.pk),
            outcome=DecisionOutcome.APPROVED,
            granted_amount="177.71",
            reasoning="Menot ylittävät tulot.",
        )
    case = Case.objects.get(pk=received_case.pk)
    assert case.status == CaseStatus.DECIDED
    assert case.attachments.filter(kind=AttachmentKind.DECISION_LETTER).count() == 1
    return case


@pytest.fixture(params=["received", "decided"])
def case(request) -> Case:
    return request.getfixturevalue(f"{request.param}_case")


def _attachment_ids(case: Case) -> list[int]:
    return list(case.attachments.order_by("pk").values_list("pk", flat=True))


def documents_path(case: Case) -> str:
    return url("handling:documents", case.pk)


def handler_reads(case: Case, *, versions: bool = True) -> list[tuple[str, str]]:
    """Every handler page that shows the case, with the ``what`` its read is logged as."""
    reads = [
        (url("handling:case", case.pk), "case"),
        (url("handling:read", case.pk), "read"),
        (documents_path(case), "documents"),
    ]
    if versions:
        reads.append((url("handling:version", case.pk, 1), "version:1"))
    for attachment_id in _attachment_ids(case):
        reads.append(
            (url("handling:attachment", case.pk, attachment_id), f"attachment:{attachment_id}")
        )
    return reads


def handler_posts(case: Case, people: dict) -> list[tuple[str, dict]]:
    """Every handler action on the case, with data it would accept from a team member."""
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    lock = {"lock_version": case.lock_version}
    return [
        (url("handling:claim", case.pk), lock),
        (url("handling:start_processing", case.pk), lock),
        (url("handling:assign", case.pk), {**lock, "handler": people["social_worker"].pk}),
        (url("handling:message_send", case.pk), {"body": "Hei Aino"}),
        (url("handling:note_add", case.pk), {"body": "Muistiinpano"}),
        (
            url("handling:request_supplement", case.pk),
            {**lock, "message": "Tiliotteet puuttuvat.", "due_date": tomorrow},
        ),
        (
            url("handling:transfer", case.pk),
            {**lock, "department": people["education"].pk, "reason": "Väärä osasto"},
        ),
        (
            url("handling:decide", case.pk),
            {**lock, "outcome": "rejected", "reasoning": "Tulot riittävät."},
        ),
        (
            url("handling:propose_decision", case.pk),
            {**lock, "outcome": "rejected", "reasoning": "Tulot riittävät."},
        ),
        (url("handling:cancel_proposal", case.pk), lock),
        (url("handling:close", case.pk), lock),
        (url("handling:attachment_upload", case.pk), {"kind": AttachmentKind.SCANNED_PAPER}),
        # The calculation aid of social assistance (laskelma = calculation)
        (url("handling:calculation_save", case.pk), {"calculation_date": "2026-11-01"}),
        # The payment section of the case page (hyväksy = accept, palauta = return, tili = account)
        (url("payments:request_accept", case.pk, 1), lock),
        (url("payments:request_return", case.pk, 1), {**lock, "reason": "Puuttuu"}),
        (
            url("payments:change_account", case.pk, 1),
            {**lock, "bank_account": "FI4950009420028730", "reason": "Uusi tili"},
        ),
    ]


def applicant_gets(case: Case) -> list[str]:
    paths = [
        url("cases:detail", case.pk),
        url("cases:edit", case.pk),
        url("cases:withdraw", case.pk),
        url("cases:version", case.pk, 1),
    ]
    paths += [url("cases:attachment", case.pk, pk) for pk in _attachment_ids(case)]
    return paths


def applicant_posts(case: Case) -> list[tuple[str, dict]]:
    lock = {"lock_version": case.lock_version}
    return [
        (url("cases:edit", case.pk), {"action": "save"}),
        (url("cases:delete", case.pk), lock),
        (url("cases:withdraw", case.pk), lock),
        (url("cases:message_send", case.pk), {"body": "Kaapattu"}),
        (url("cases:attachment_upload", case.pk), {"kind": AttachmentKind.OTHER}),
        (
            url("payments_folder:request_send", case.pk),
            {**lock, "instalment": 1, "report": "Raportti", "bank_account": "FI4950009420028730"},
        ),
    ]


def api_requests(case: Case) -> list[tuple[str, str, dict | None]]:
    base = f"{API}/applications/{case.pk}"
    requests = [
        ("get", base, None),
        ("put", f"{base}/draft", {"data": {"reason": "kaapattu"}}),
        ("post", f"{base}/submit", {"data": {"reason": "kaapattu"}}),
        ("delete", base, None),
        ("get", f"{base}/versions", None),
        ("get", f"{base}/versions/1", None),
        ("get", f"{base}/versions/1/diff?against=1", None),
        ("get", f"{base}/attachments", None),
        ("get", f"{base}/messages", None),
        ("post", f"{base}/messages", {"body": "Hei"}),
        ("get", f"{base}/timeline", None),
    ]
    requests += [("get", f"{base}/attachments/{pk}/content", None) for pk in _attachment_ids(case)]
    return requests


def snapshot(case: Case) -> dict:
    """Everything a request could change (cases.tests.conftest.snapshot) and the calculations."""
    return {
        **case_tests.snapshot(case),
        "calculations": AssistanceCalculation.objects.filter(case=case).count(),
    }


def assert_not_shown(response, case: Case, user) -> None:
    """Not found (or, without a login, sent to log in) — and nothing of the case on the page."""
    if user is None and response.status_code == 302:
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))
    else:
        assert response.status_code == 404, response.request["PATH_INFO"]
    content = response.content.decode(errors="replace")
    for secret in (case.record_number, SECRET_REASON, SECRET_NOTE, "Asukas"):
        assert secret not in content


@pytest.fixture
def people(social_worker, catalogue) -> dict:
    return {"social_worker": social_worker, "education": Department.objects.get(code="education")}


# --- Who must not see it ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", DENIED)
def test_handler_pages_are_not_found_for_everyone_outside_the_teams(client, request, case, persona):
    user = request.getfixturevalue(persona)
    log_in(client, user)
    before = snapshot(case)
    for path, _what in handler_reads(case):
        assert_not_shown(client.get(path), case, user)
    assert snapshot(case) == before
    assert not CaseReadAudit.objects.exists()


@pytest.mark.parametrize("persona", DENIED)
def test_handler_actions_are_not_found_and_change_nothing(client, request, case, people, persona):
    user = request.getfixturevalue(persona)
    log_in(client, user)
    before = snapshot(case)
    for path, data in handler_posts(case, people):
        if path.endswith("/liitteet/"):
            data = {**data, "file": pdf_upload("skannattu.pdf")}
        assert_not_shown(client.post(path, data), case, user)
        assert snapshot(case) == before, path
    assert not CaseReadAudit.objects.exists()


@pytest.mark.parametrize("persona", [*DENIED, "social_worker", "social_worker_east"])
def test_only_the_applicant_reaches_it_in_the_folder(client, request, case, persona):
    """Staff, team members included, and other residents: the folder's addresses are the
    applicant's own."""
    user = request.getfixturevalue(persona)
    log_in(client, user)
    before = snapshot(case)
    for path in applicant_gets(case):
        assert_not_shown(client.get(path), case, user)
    for path, data in applicant_posts(case):
        if path.endswith("/liitteet/"):
            data = {**data, "file": pdf_upload("oma.pdf")}
        assert_not_shown(client.post(path, data), case, user)
        assert snapshot(case) == before, path
    folder = client.get(url("cases:folder"))
    assert case.record_number not in folder.content.decode()
    assert not CaseReadAudit.objects.exists()


@pytest.mark.parametrize("persona", [*DENIED, "social_worker", "social_worker_east"])
def test_the_api_answers_not_found_to_everyone_but_the_applicant(client, request, case, persona):
    user = request.getfixturevalue(persona)
    log_in(client, user)
    before = snapshot(case)
    for method, path, body in api_requests(case):
        response = getattr(client, method)(path, body, content_type="application/json")
        assert response.status_code == (401 if user is None else 404), (method, path)
        content = response.content.decode(errors="replace")
        assert case.record_number not in content
        assert SECRET_REASON not in content
    assert snapshot(case) == before
    listed = client.get(f"{API}/applications")
    if user is not None:
        assert case.record_number not in listed.content.decode()
    assert not CaseReadAudit.objects.exists()


# --- Who may see it: the social-work teams, every read logged ---------------------------------


@pytest.mark.parametrize("persona", TEAM_MEMBERS)
def test_every_read_by_a_team_member_is_logged_once_with_what_was_read(
    client, request, case, persona
):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    for path, what in handler_reads(case, versions=False):
        CaseReadAudit.objects.all().delete()
        response = client.get(path)
        assert response.status_code == 200, path
        rows = list(CaseReadAudit.objects.values_list("reader", "case", "purpose", "what"))
        assert rows == [(user.pk, case.pk, "confidential", what)], path


def test_a_version_read_names_the_version(client, received_case, social_worker):
    """Like a document, a version page reads more than the case: the log says which version."""
    client.force_login(social_worker)
    response = client.get(url("handling:version", received_case.pk, 1))
    assert response.status_code == 200
    rows = list(CaseReadAudit.objects.values_list("reader", "case", "purpose", "what"))
    assert rows == [(social_worker.pk, received_case.pk, "confidential", "version:1")]


def test_a_team_member_of_another_area_acts_and_the_act_is_logged(
    client, received_case, social_worker_east
):
    client.force_login(social_worker_east)
    response = client.post(
        url("handling:claim", received_case.pk), {"lock_version": received_case.lock_version}
    )
    assert response.status_code == 302
    received_case.refresh_from_db()
    assert received_case.handler == social_worker_east
    rows = list(CaseReadAudit.objects.values_list("reader", "purpose", "what"))
    assert rows == [(social_worker_east.pk, "confidential", "case")]


def test_the_page_of_a_team_member_shows_the_note_and_the_application(
    client, decided_case, social_worker_east
):
    client.force_login(social_worker_east)
    page = client.get(url("handling:case", decided_case.pk)).content.decode()
    assert decided_case.record_number in page
    assert SECRET_NOTE in page


def test_the_applicant_sees_her_own_case_and_no_read_is_logged(client, decided_case, resident):
    client.force_login(resident)
    folder = client.get(url("cases:folder"))
    assert decided_case.record_number in folder.content.decode()
    for path in applicant_gets(decided_case):
        if path.endswith("/muokkaa/") or path.endswith("/peru/"):
            continue  # a decided case is no longer edited or withdrawn: these redirect
        assert client.get(path).status_code == 200, path
    page = client.get(url("cases:detail", decided_case.pk)).content.decode()
    assert SECRET_NOTE not in page
    api = client.get(f"{API}/applications/{decided_case.pk}")
    assert (api.status_code, api.json()["record_number"]) == (200, decided_case.record_number)
    # The internal events (team routing, the note) stay on the staff side.
    kinds = {
        event["kind"]
        for event in client.get(f"{API}/applications/{decided_case.pk}/timeline").json()
    }
    assert kinds.isdisjoint({"team_changed", "note_added"})
    assert "decided" in kinds
    assert not CaseReadAudit.objects.exists()


# --- Lists, searches, reports -----------------------------------------------------------------


def _queue(client, department: Department, tab: str):
    return client.get(url("handling:queue"), {"department": department.pk, "tab": tab})


@pytest.mark.parametrize(
    ("fixture", "tab"), [("received_case", "new"), ("decided_case", "decided")]
)
def test_the_queue_lists_it_only_for_the_teams(
    client, request, fee_official, social_worker, fixture, tab
):
    case = request.getfixturevalue(fixture)
    social = Department.objects.get(code="social")
    client.force_login(fee_official)
    response = _queue(client, social, tab)
    assert response.status_code == 200
    assert list(response.context["cases"]) == []
    assert case.record_number not in response.content.decode()
    assert dict((key, count) for key, _label, count in response.context["tabs"])[tab] == 0
    client.force_login(social_worker)
    response = _queue(client, social, tab)
    assert [c.pk for c in response.context["cases"]] == [case.pk]
    assert not CaseReadAudit.objects.exists()


def test_take_next_passes_over_it_for_staff_outside_the_teams(client, received_case, fee_official):
    social = Department.objects.get(code="social")
    before = snapshot(received_case)
    client.force_login(fee_official)
    response = client.post(url("handling:take_next"), {"department": social.pk})
    assert response.status_code == 302
    assert response.url == url("handling:queue") + f"?department={social.pk}&tab=new"
    assert snapshot(received_case) == before
    assert not CaseReadAudit.objects.exists()


def test_it_is_neither_assigned_nor_transferred_to_someone_outside_the_teams(
    client, received_case, social_worker, fee_official
):
    """Maija is in the department but in no team; culture has no teams at all."""
    client.force_login(social_worker)
    before = snapshot(received_case)
    lock = {"lock_version": received_case.lock_version}
    client.post(url("handling:assign", received_case.pk), {**lock, "handler": fee_official.pk})
    culture = Department.objects.get(code="culture")
    response = client.post(
        url("handling:transfer", received_case.pk),
        {**lock, "department": culture.pk, "reason": "Kulttuurille"},
    )
    assert response.status_code == 422
    assert snapshot(received_case) == before


@pytest.fixture
def aino_grant(general_call, resident):
    """Aino's own culture grant application: the search finds her by name."""
    from asiointi.handling.tests.conftest import sent_case

    return sent_case(person=resident, call=general_call, amount="800.00")


@pytest.mark.parametrize("persona", ["handler_culture", "fee_official", "social_worker"])
def test_the_cross_department_search_never_finds_it(
    client, request, decided_case, aino_grant, persona
):
    client.force_login(request.getfixturevalue(persona))
    for query in (decided_case.record_number, "Aino Asukas"):
        response = client.get(url("handling:search"), {"q": query})
        assert response.status_code == 200
        found = [c.pk for c in response.context["cases"]]
        assert decided_case.pk not in found
        # The query itself is echoed on the page; no link to the case is.
        content = response.content.decode()
        assert url("handling:read", decided_case.pk) not in content
        assert url("handling:case", decided_case.pk) not in content
    by_name = client.get(url("handling:search"), {"q": "Aino Asukas"})
    assert [c.pk for c in by_name.context["cases"]] == [aino_grant.pk]


def test_another_departments_handler_page_does_not_list_it_among_the_other_applications(
    client, decided_case, aino_grant, handler_culture
):
    client.force_login(handler_culture)
    response = client.get(url("handling:case", aino_grant.pk))
    assert response.status_code == 200
    assert response.context["other_applications"] == []
    assert decided_case.record_number not in response.content.decode()


@pytest.fixture
def social_auditor(catalogue):
    """A department administrator of Social Services: may list the read audit."""
    person = make_person("saara", "Saara", "Sosiaaliylläpito", is_staff=True)
    Membership.objects.create(
        user=person,
        department=Department.objects.get(code="social"),
        role=StaffRole.DEPARTMENT_ADMIN,
    )
    return person


def test_the_read_audit_lists_confidential_reads_for_the_departments_auditor(
    client, decided_case, social_worker, social_auditor
):
    client.force_login(social_worker)
    client.get(url("handling:case", decided_case.pk))
    client.force_login(social_auditor)
    response = client.get(url("handling:read_audit"))
    assert response.status_code == 200
    entries = [(e.reader, e.case, e.purpose, e.what) for e in response.context["entries"]]
    assert entries == [(social_worker, decided_case, "confidential", "case")]
    assert decided_case.record_number in response.content.decode()


def test_auditors_of_other_departments_do_not_see_confidential_reads(
    client, decided_case, social_worker, auditor
):
    client.force_login(social_worker)
    client.get(url("handling:case", decided_case.pk))
    client.force_login(auditor)
    response = client.get(url("handling:read_audit"))
    assert response.status_code == 200
    assert response.context["entries"] == []
    assert decided_case.record_number not in response.content.decode()


def test_the_read_audit_is_not_found_for_handlers(client, decided_case, social_worker):
    client.force_login(social_worker)
    assert client.get(url("handling:read_audit")).status_code == 404


def test_grant_reports_and_overlaps_leave_it_out(
    client, decided_case, aino_grant, handler_culture, auditor
):
    """Aino has money from two departments this year (a culture grant and social assistance):
    the overlap report must not say so, and the grant report counts only the grant."""
    case_start_processing(actor=handler_culture, case=aino_grant)
    case_decide(
        actor=handler_culture,
        case=Case.objects.get(pk=aino_grant.pk),
        outcome=DecisionOutcome.APPROVED,
        granted_amount="800.00",
        reasoning="Hyvä hanke.",
    )
    year = timezone.localdate(decided_case.submitted_at).year
    client.force_login(auditor)
    overlaps = client.get(url("handling:overlap_report"), {"year": year})
    assert overlaps.status_code == 200
    assert list(overlaps.context["applicants"]) == []
    assert "Asukas" not in overlaps.content.decode()
    for by in ("department", "service", "applicant"):
        report = client.get(url("reports:grants"), {"year": year, "by": by})
        assert report.status_code == 200
        total = report.context["report"].total
        assert (total.applications, total.granted_count, total.granted) == (
            1,
            1,
            Decimal("800.00"),
        ), by
        assert "Toimeentulotuki" not in report.content.decode()
    assert [
        r.key for r in client.get(url("reports:grants"), {"year": year}).context["report"].rows
    ] == ["culture"]


def test_an_approved_assistance_is_not_paid_through_the_city_wide_payment_list(
    client, decided_case, finance_officer
):
    """Finance works for every department: an instalment there would name Aino, her account
    and the amount to them. Assistance is paid outside the grant payment list."""
    assert not Payment.objects.filter(case=decided_case).exists()
    client.force_login(finance_officer)
    response = client.get(url("payments:ready"))
    assert response.status_code == 200
    assert list(response.context["payments"]) == []
    content = response.content.decode()
    assert decided_case.record_number not in content
    assert "Asukas" not in content


def test_a_decision_list_of_the_department_does_not_reveal_it(client, received_case, fee_official):
    """Decision lists are for grants: Maija (social, no team) adding the case's id learns
    nothing, not even its record number or status."""
    from asiointi.grants import services as grant_services

    decision_list = grant_services.decision_list_create(
        actor=fee_official,
        department=Department.objects.get(code="social"),
        body_name="Sosiaali- ja terveyslautakunta",
        title="Kokous 1/2027",
    )
    before = snapshot(received_case)
    client.force_login(fee_official)
    detail = client.get(url("grants:detail", decision_list.pk))
    assert detail.status_code == 200
    assert received_case.record_number not in detail.content.decode()
    response = client.post(url("grants:add", decision_list.pk), {"cases": [received_case.pk]})
    assert_not_shown(response, received_case, fee_official)
    assert not decision_list.entries.exists()
    assert snapshot(received_case) == before


def test_the_admin_filters_the_log_by_purpose(client, decided_case, social_worker, aino_grant):
    client.force_login(social_worker)
    client.get(url("handling:attachment", decided_case.pk, _attachment_ids(decided_case)[0]))
    client.get(url("handling:read", aino_grant.pk))  # logged as a cross-department read
    client.force_login(
        make_person("admin", "Ylläpito", "Pääkäyttäjä", is_staff=True, is_superuser=True)
    )
    response = client.get(
        url("admin:cases_casereadaudit_changelist"), {"purpose__exact": "confidential"}
    )
    assert response.status_code == 200
    shown = [(e.reader, e.case, e.what) for e in response.context["cl"].result_list]
    attachment_id = _attachment_ids(decided_case)[0]
    assert shown == [(social_worker, decided_case, f"attachment:{attachment_id}")]
    everything = client.get(url("admin:cases_casereadaudit_changelist"))
    assert len(everything.context["cl"].result_list) == 2
