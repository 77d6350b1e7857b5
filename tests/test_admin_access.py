"""The admin (/yllapito/) obeys the handling pages' rules (asiointi/common/admin_access.py).

Walks every model registered in the admin with every demo persona and an administrator: staff
and residents are sent to the admin's login page and see nothing; the administrator sees no
draft and nothing of a confidential case anywhere, and each read of another department's case
data writes its audit row.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse

from asiointi.accounts.demo import PERSONAS
from asiointi.accounts.models import User
from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case, CaseReadAudit
from asiointi.cases.services.attachments import attachment_add
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.notes import note_add
from asiointi.catalogue.models import GrantCall
from asiointi.common.admin_access import CaseDataAdmin
from asiointi.demo.loading import load_demo
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.testing.fixtures import pdf_upload

pytestmark = pytest.mark.django_db

PERSONA_USERNAMES = [persona[0] for persona in PERSONAS]


def _admin_urls(model) -> tuple[str, str]:
    opts = model._meta
    return f"admin:{opts.app_label}_{opts.model_name}_changelist", (
        f"admin:{opts.app_label}_{opts.model_name}_change"
    )


@pytest.fixture
def demo_data(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    # A draft with an attachment: what the applicant keeps to themselves until sending.
    draft = Case.objects.filter(status=CaseStatus.DRAFT, service__confidential=False).first()
    if draft is None:
        draft = case_create_draft(
            actor=User.objects.get(username="aino"),
            grant_call=GrantCall.objects.get(service__code="yleisavustus"),
        )
    attachment_add(
        actor=draft.applicant, case=draft, upload=pdf_upload("luonnos.pdf"), kind="budget"
    )
    # An internal note on a culture case (the demo has none).
    culture = Case.objects.filter(department__code="culture", status=CaseStatus.RECEIVED).first()
    note_add(actor=User.objects.get(username="kaisa"), case=culture, body="Tarkista budjetti.")
    return draft


@pytest.fixture
def administrator(db) -> User:
    return User.objects.create_superuser("admin", "admin@example.fi", "x" * 20)


def _queryset(model_admin, user):
    request = RequestFactory().get("/")
    request.user = user
    return model_admin.get_queryset(request)


def _any_object(model_admin, user):
    return _queryset(model_admin, user).order_by("pk").first()


def _case_of(model_admin, obj):
    return model_admin.case_of(obj) if isinstance(model_admin, CaseDataAdmin) else None


def test_every_admin_page_refuses_every_persona(client, demo_data, administrator):
    """Kaisa, Olli, Raili, Maija, Sanna, … (staff with model permissions) and residents get the
    admin's login page: never a page with data."""
    pages = []
    for model, model_admin in admin.site._registry.items():
        changelist, change = _admin_urls(model)
        pages.append(reverse(changelist))
        obj = _any_object(model_admin, administrator)
        if obj is not None:
            pages.append(reverse(change, args=[obj.pk]))
        else:
            # Every model with data worth protecting has an object to try.
            assert not isinstance(model_admin, CaseDataAdmin), model
    pages.append(reverse("admin:index"))
    audits = CaseReadAudit.objects.count()
    for username in [None, *PERSONA_USERNAMES]:
        client.logout()
        if username:
            client.force_login(User.objects.get(username=username))
        for page in pages:
            response = client.get(page)
            assert response.status_code == 302, (username, page)
            assert response["Location"].startswith(reverse("admin:login")), (username, page)
    # Nobody read anything.
    assert CaseReadAudit.objects.count() == audits


def test_staff_with_a_password_cannot_log_in_to_the_admin(client, demo_data):
    kaisa = User.objects.get(username="kaisa")
    kaisa.set_password("kaisan-salasana-123")
    kaisa.save()
    response = client.post(
        reverse("admin:login"), {"username": "kaisa", "password": "kaisan-salasana-123"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_administrator_sees_no_draft_and_nothing_confidential(client, demo_data, administrator):
    client.force_login(administrator)
    drafts = Case.objects.filter(status=CaseStatus.DRAFT)
    confidential = Case.objects.filter(service__confidential=True)
    assert drafts.filter(attachments__isnull=False).exists()
    assert confidential.exclude(status=CaseStatus.DRAFT).exists()
    hidden_cases = set(drafts.values_list("pk", flat=True)) | set(
        confidential.values_list("pk", flat=True)
    )
    walked = 0
    for model, model_admin in admin.site._registry.items():
        changelist, change = _admin_urls(model)
        assert client.get(reverse(changelist)).status_code == 200, model
        obj = _any_object(model_admin, administrator)
        if obj is not None:
            page = client.get(reverse(change, args=[obj.pk]))
            assert page.status_code == 200, model
            walked += 1
        if not isinstance(model_admin, CaseDataAdmin):
            continue
        # Every object of a hidden case: absent from the list and its page does not open.
        shown = list(_queryset(model_admin, administrator))
        assert not {model_admin.case_of(item).pk for item in shown} & hidden_cases, model
        lookup = f"{model_admin.case_path}__in" if model_admin.case_path else "pk__in"
        for hidden in model._default_manager.filter(**{lookup: hidden_cases})[:3]:
            audits = CaseReadAudit.objects.count()
            response = client.get(reverse(change, args=[hidden.pk]))
            assert (response.status_code, response["Location"]) == (302, reverse("admin:index"))
            assert CaseReadAudit.objects.count() == audits
    # Users, services, rule tables, cases, attachments, payments …: all with data to show.
    assert walked >= 15
    # No confidential model is in the admin at all.
    labels = {model._meta.label for model in admin.site._registry}
    assert not labels & {"assistance.AssistanceCalculation", "feedback.Feedback"}


def test_the_case_page_shows_no_working_copy(client, demo_data, administrator):
    client.force_login(administrator)
    case = Case.objects.filter(status=CaseStatus.AWAITING_SUPPLEMENT).first() or (
        Case.objects.exclude(status=CaseStatus.DRAFT).filter(service__confidential=False).first()
    )
    Case.objects.filter(pk=case.pk).update(draft_data={"purpose": "LUONNOKSEN-SALAISUUS"})
    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert page.status_code == 200
    assert "LUONNOKSEN-SALAISUUS" not in page.content.decode()


def test_each_read_of_case_data_writes_an_audit_row(client, demo_data, administrator):
    """The administrator is a member of no department: every case data page is a
    cross-department read, logged like /kasittely/luku/."""
    client.force_login(administrator)
    audited = 0
    for model, model_admin in admin.site._registry.items():
        obj = _any_object(model_admin, administrator)
        _, change = _admin_urls(model)
        before = set(CaseReadAudit.objects.values_list("pk", flat=True))
        if obj is None:
            # Groups and task results may be empty; every case data model has its demo rows.
            assert not isinstance(model_admin, CaseDataAdmin), model
            continue
        assert client.get(reverse(change, args=[obj.pk])).status_code == 200
        new = CaseReadAudit.objects.exclude(pk__in=before)
        case = _case_of(model_admin, obj)
        if case is None:
            assert not new.exists(), model
            continue
        row = new.get()
        assert (row.reader, row.case, row.purpose, row.what) == (
            administrator,
            case,
            "cross_department",
            f"admin:{model._meta.model_name}",
        )
        audited += 1
    # Case, attachment, message, note, instalment and payment request.
    assert audited == 6


def test_a_member_of_the_department_reads_without_an_audit_row(client, demo_data, administrator):
    case = Case.objects.filter(department__code="culture").exclude(status=CaseStatus.DRAFT).first()
    Membership.objects.create(
        user=administrator,
        department=Department.objects.get(code="culture"),
        role=StaffRole.HANDLER,
    )
    client.force_login(administrator)
    before = CaseReadAudit.objects.count()
    assert client.get(reverse("admin:cases_case_change", args=[case.pk])).status_code == 200
    assert CaseReadAudit.objects.count() == before


def test_an_anonymous_request_gets_an_empty_queryset_nowhere(demo_data):
    """The querysets themselves (not only the site) never hold a draft."""
    shown = _queryset(admin.site._registry[Case], AnonymousUser())
    assert not shown.filter(status=CaseStatus.DRAFT).exists()
    assert not shown.filter(service__confidential=True).exists()
