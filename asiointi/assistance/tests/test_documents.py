"""The documents page of a case (/kasittely/<id>/asiakirjat/): every version and attachment in one
table with its origin and link, the upload of scanned paper, reads of a confidential case logged.
A generic page of the core: a grant case has one too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asiointi.assistance.tests.conftest import audit_rows
from asiointi.cases.constants import AttachmentKind, DecisionOutcome
from asiointi.cases.models import Attachment, CaseReadAudit
from asiointi.cases.services.attachments import attachment_add
from asiointi.cases.services.decisions import case_decide
from asiointi.cases.services.processing import case_start_processing
from asiointi.cases.services.sending import case_send
from asiointi.cases.tests.conftest import snapshot
from asiointi.testing.fixtures import assistance_answers, pdf_upload, png_upload, url

pytestmark = pytest.mark.django_db

# Session, user, the handler's departments, the access check (the case with its service and
# department), team membership and the audit row (confidential), versions, attachments.
DOCUMENTS_QUERIES = 8


def documents(client, case, language="en"):
    response = client.get(url("handling:documents", case.pk, language=language))
    assert response.status_code == 200
    return response


def rows(response) -> list[tuple]:
    return [
        (document.title, document.origin, document.version_number, document.attachment)
        for document in response.context["documents"]
    ]


def test_every_document_is_listed_with_its_origin(
    client,
    django_capture_on_commit_callbacks,
    submitted_assistance,
    resident,
    social_worker,
):
    case = submitted_assistance
    proof = attachment_add(
        actor=resident, case=case, upload=pdf_upload("palkka.pdf"), kind="income_proof"
    )
    client.force_login(social_worker)
    response = client.post(
        url("handling:attachment_upload", case.pk),
        {"file": png_upload("lomake.png"), "kind": "scanned_paper", "return_to": "documents"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("handling:documents", case.pk)
    scan = Attachment.objects.get(kind=AttachmentKind.SCANNED_PAPER)
    assert (scan.from_staff, scan.uploaded_by) == (True, social_worker)
    # The applicant's new version, then the decision and its letter made by the platform.
    case_send(
        actor=resident,
        case=case,
        data=assistance_answers(resident, reason="Sähkölasku on erääntynyt."),
    )
    case.refresh_from_db()
    case_start_processing(actor=social_worker, case=case)
    with django_capture_on_commit_callbacks(execute=True):
        case_decide(
            actor=social_worker,
            case=case,
            outcome=DecisionOutcome.APPROVED,
            granted_amount="221.82",
            reasoning="Laskelman mukaan.",
        )
    letter = Attachment.objects.get(kind=AttachmentKind.DECISION_LETTER)
    CaseReadAudit.objects.all().delete()

    response = documents(client, case)
    assert rows(response) == [
        ("Application, version 1", "Online by the applicant", 1, None),
        ("Proof of income", "Applicant", None, proof),
        ("Scanned paper document", "Staff", None, scan),
        ("Application, version 2", "Online by the applicant", 2, None),
        ("Decision letter", "The platform", None, letter),
    ]
    page = response.content.decode()
    assert page.count("<tr>") == 5  # five documents (the header row has its class)
    for number in (1, 2):
        assert f'href="{url("handling:version", case.pk, number, language="en")}"' in page
    for attachment in (proof, scan, letter):
        href = url("handling:attachment", case.pk, attachment.pk, language="en")
        assert f'href="{href}">{attachment.display_name}</a>' in page
    assert "Confidential: every read is logged" in page
    assert audit_rows() == [(social_worker.pk, case.pk, "confidential", "documents")]


def test_a_download_is_logged_with_the_attachment(
    client, submitted_assistance, resident, social_worker_east
):
    proof = attachment_add(
        actor=resident, case=submitted_assistance, upload=pdf_upload(), kind="bank_statement"
    )
    client.force_login(social_worker_east)
    response = client.get(url("handling:attachment", submitted_assistance.pk, proof.pk))
    assert response.status_code == 200
    assert audit_rows() == [
        (social_worker_east.pk, submitted_assistance.pk, "confidential", f"attachment:{proof.pk}")
    ]


def test_a_paper_application_entered_by_staff_says_so(client, submitted_assistance, social_worker):
    """Staff intake sends the first version in the applicant's name (the channel is the case's)."""
    from asiointi.cases.models import Case, CaseVersion

    Case.objects.filter(pk=submitted_assistance.pk).update(channel="paper")
    CaseVersion.objects.filter(case=submitted_assistance).update(sent_by=social_worker)
    client.force_login(social_worker)
    assert rows(documents(client, submitted_assistance)) == [
        ("Application, version 1", "Entered by staff (Paper)", 1, None)
    ]


def test_a_grant_case_has_the_page_too_and_logs_nothing(
    client, submitted, representative, handler_culture
):
    budget = attachment_add(
        actor=representative, case=submitted, upload=pdf_upload(), kind="budget"
    )
    client.force_login(handler_culture)
    response = documents(client, submitted)
    assert rows(response) == [
        ("Application, version 1", "Online by the applicant", 1, None),
        ("Budget", "Applicant", None, budget),
    ]
    assert "Confidential" not in response.content.decode()
    assert not CaseReadAudit.objects.exists()


@pytest.mark.parametrize("persona", ["fee_official", "handler_culture"])
def test_staff_outside_the_teams_get_not_found(
    client, request, submitted_assistance, resident, persona
):
    proof = attachment_add(
        actor=resident, case=submitted_assistance, upload=pdf_upload(), kind="income_proof"
    )
    before = snapshot(submitted_assistance)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("handling:documents", submitted_assistance.pk)).status_code == 404
    assert (
        client.get(url("handling:attachment", submitted_assistance.pk, proof.pk)).status_code == 404
    )
    response = client.post(
        url("handling:attachment_upload", submitted_assistance.pk),
        {"file": pdf_upload(), "kind": "scanned_paper", "return_to": "documents"},
    )
    assert response.status_code == 404
    assert Attachment.objects.count() == 1
    assert snapshot(submitted_assistance) == before
    assert audit_rows() == []


def test_documents_page_query_count_does_not_grow(
    client, django_assert_num_queries, submitted_assistance, resident, social_worker
):
    client.force_login(social_worker)
    with CaptureQueriesContext(connection) as small:
        documents(client, submitted_assistance)
    for number in range(6):
        attachment_add(
            actor=resident,
            case=submitted_assistance,
            upload=pdf_upload(f"liite{number}.pdf"),
            kind="income_proof",
        )
        case_send(
            actor=resident,
            case=submitted_assistance,
            data=assistance_answers(resident, reason=f"Tilanne on muuttunut, versio {number + 2}."),
        )
        submitted_assistance.refresh_from_db()
    with django_assert_num_queries(DOCUMENTS_QUERIES):
        response = documents(client, submitted_assistance)
    assert len(small) == DOCUMENTS_QUERIES
    assert len(response.context["documents"]) == 13
