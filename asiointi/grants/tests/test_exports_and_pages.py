"""Decision-list exports (PDF, CSV), the lists page's query count, and proposing / cancelling on
the handler's case page."""

import csv
import io

import pypdf
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from asiointi.cases.constants import CaseStatus, DecisionOutcome, EventKind
from asiointi.cases.models import Case
from asiointi.grants import exports, selectors, services
from asiointi.grants.constants import DecisionListEventKind
from asiointi.grants.tests.conftest import list_snapshot, proposed_case
from asiointi.handling.tests.conftest import sent_case
from asiointi.organisation.models import Department
from asiointi.testing.fixtures import make_person, url

pytestmark = pytest.mark.django_db

# Session, user, the handler's departments, the lists with their counts and sums (one query).
LISTS_QUERIES = 4
# The purpose in the sample answers (asiointi/testing/builders.py).
PURPOSE = "Kevään ja syksyn lastenteatteriesitykset sekä kesän avoimet työpajat."


@pytest.fixture
def kaisa(client, handler_culture):
    client.force_login(handler_culture)
    return handler_culture


def make_list(handler, *cases, title="Kokous 15.3."):
    decision_list = services.decision_list_create(
        actor=handler,
        department=Department.objects.get(code="culture"),
        body_name="Kulttuurilautakunta",
        title=title,
    )
    if cases:
        services.decision_list_add_cases(
            actor=handler, decision_list=decision_list, cases=list(cases)
        )
    return decision_list


def test_csv_has_the_columns_and_escapes_formulas(client, kaisa, proposals):
    version = proposals[0].versions.get()
    version.data["purpose"] = '=HYPERLINK("http://x","y")'
    version.save(update_fields=["data"])
    Case.objects.filter(pk=proposals[1].pk).update(decision_reasoning="@SUM(A1)\\nperustelu")
    decision_list = make_list(kaisa, *proposals)
    response = client.get(url("grants:csv", decision_list.pk, language="en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Record number",
        "Applicant",
        "Purpose",
        "Requested (€)",
        "Proposed (€)",
        "Outcome",
        "Reasoning (summary)",
    ]
    by_record = {row[0]: row for row in rows[1:]}
    assert by_record[proposals[0].record_number] == [
        proposals[0].record_number,
        "Kallion Kulttuuriyhdistys ry",
        '\'=HYPERLINK("http://x","y")',
        "5000.00",
        "3000.00",
        "Partially approved",
        "Ehdotus 5000.00",
    ]
    assert by_record[proposals[1].record_number][1:] == [
        "Aino Asukas",
        PURPOSE,
        "800.00",
        "0.00",
        "Rejected",
        "'@SUM(A1)\\nperustelu",
    ]


def test_the_purpose_column_shows_the_applications_purpose_not_the_applicant(
    client, kaisa, proposals
):
    """An operating grant's title is the organisation's name: the "Purpose" column (fi
    "Käyttötarkoitus") shows the purpose field of the latest sent version instead."""
    version = proposals[0].versions.get()
    version.data["purpose"] = "Syksyn nukketeatterikiertue"
    version.save(update_fields=["data"])
    decision_list = make_list(kaisa, *proposals)
    response = client.get(url("grants:detail", decision_list.pk, language="fi"))
    html = response.content.decode()
    assert '<th scope="col">Käyttötarkoitus</th>' in html
    purposes = {entry.case.pk: entry.purpose for entry in response.context["entries"]}
    assert purposes == {proposals[0].pk: "Syksyn nukketeatterikiertue", proposals[1].pk: PURPOSE}
    # Each cell carries its column's name (data-label: the table stacks on narrow screens).
    purpose_cell = '<td data-label="Käyttötarkoitus" class="asi-wide-text">{}</td>'
    applicant_cell = '<td data-label="Hakija">{}</td>'
    assert purpose_cell.format("Syksyn nukketeatterikiertue") in html
    assert purpose_cell.format(PURPOSE) in html
    # The applicant stays in its own column, and is not the purpose.
    assert applicant_cell.format("Kallion Kulttuuriyhdistys ry") in html
    assert applicant_cell.format("Aino Asukas") in html
    assert purpose_cell.format(proposals[1].title) not in html
    pdf_rows = exports.export_rows(decision_list)
    assert [row["purpose"] for row in pdf_rows] == ["Syksyn nukketeatterikiertue", PURPOSE]


def test_the_purpose_of_a_form_stored_without_the_purpose_summary_role(proposals):
    """A database made before the grant forms named their purpose field: its field called
    "purpose" is still used; a form without one shows the service's name."""
    case = proposals[0]
    data = case.versions.get().data
    del case.form.presentation["summary"]["purpose"]
    assert selectors.purpose_of(case, data) == PURPOSE
    del case.form.schema["properties"]["purpose"]
    case.form.presentation["fields"].pop("purpose")
    for fieldset in case.form.presentation["fieldsets"]:
        fieldset["fields"] = [name for name in fieldset["fields"] if name != "purpose"]
    assert selectors.purpose_of(case, data) == case.service.name


def test_pdf_is_a_tagged_table_of_the_proposals(client, kaisa, proposals):
    decision_list = make_list(kaisa, *proposals)
    response = client.get(url("grants:pdf", decision_list.pk, language="en"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert (root["/Lang"], "/StructTreeRoot" in root, bool(root["/MarkInfo"]["/Marked"])) == (
        "en",
        True,
        True,
    )
    text = " ".join(
        "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ").split()
    )
    for expected in (
        "Kokous 15.3.",
        "Kulttuurilautakunta",
        proposals[0].record_number,
        proposals[1].record_number,
        "Kallion Kulttuuriyhdistys ry",
        "Aino Asukas",
        "€5,000.00",
        "€3,000.00",
        "€800.00",
        "Partially approved",
        "Rejected",
        "Total €5,800.00 €3,000.00",
    ):
        assert expected in text, expected


def test_lists_page_query_count_does_not_grow(
    client, kaisa, django_assert_num_queries, board_call, association, representative
):
    make_list(kaisa, title="Tyhjä")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url("grants:lists")).status_code == 200
    for number in range(12):
        person = make_person(f"h{number}", "Hakija", f"Nro{number}")
        case = proposed_case(person=person, call=board_call, handler=kaisa)
        make_list(kaisa, case, title=f"Lista {number}")
    with django_assert_num_queries(LISTS_QUERIES):
        response = client.get(url("grants:lists"))
    assert len(small) == LISTS_QUERIES
    assert len(response.context["decision_lists"]) == 13
    assert {item.case_count for item in response.context["decision_lists"]} == {0, 1}


def test_board_call_offers_propose_instead_of_decide(client, kaisa, board_call, representative):
    case = sent_case(person=representative, call=board_call)
    from asiointi.cases.services.processing import case_start_processing

    case_start_processing(actor=kaisa, case=case)
    page = client.get(url("handling:case", case.pk, language="en")).content.decode()
    assert "Propose decision" in page
    assert f'action="{url("handling:propose_decision", case.pk, language="en")}"' in page
    assert url("handling:decide", case.pk, language="en") not in page

    response = client.post(
        url("handling:propose_decision", case.pk),
        {"outcome": "partially_approved", "granted_amount": "1 500,00", "reasoning": "Osittain."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.decision_outcome, str(case.granted_amount)) == (
        CaseStatus.DECISION_PROPOSED,
        DecisionOutcome.PARTIALLY_APPROVED,
        "1500.00",
    )
    page = client.get(url("handling:case", case.pk, language="en")).content.decode()
    assert "Not on a decision list yet." in page


def test_propose_errors_are_shown_per_field(client, kaisa, board_call, representative):
    case = sent_case(person=representative, call=board_call)
    from asiointi.cases.services.processing import case_start_processing

    case_start_processing(actor=kaisa, case=case)
    response = client.post(url("handling:propose_decision", case.pk, language="en"), {})
    assert response.status_code == 422
    assert set(response.context["form_errors"]["decide"]) == {"outcome", "reasoning"}
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_PROCESSING


def test_cancel_proposal_needs_a_reason_and_takes_the_case_off_its_list(client, kaisa, proposals):
    decision_list = make_list(kaisa, *proposals)
    page = client.get(url("handling:case", proposals[0].pk)).content.decode()
    assert f'href="{url("grants:detail", decision_list.pk)}">Kokous 15.3.</a>' in page

    before = list_snapshot()
    response = client.post(url("handling:cancel_proposal", proposals[0].pk, language="en"), {})
    assert response.status_code == 422
    assert response.context["form_errors"] == {
        "cancel_proposal": {"reason": ["Give the reason for cancelling the proposal."]}
    }
    assert list_snapshot() == before

    response = client.post(
        url("handling:cancel_proposal", proposals[0].pk),
        {"reason": "Lautakunta palautti valmisteluun."},
    )
    assert response.status_code == 302
    case = Case.objects.get(pk=proposals[0].pk)
    assert (case.status, case.decision_outcome, case.granted_amount) == (
        CaseStatus.IN_PROCESSING,
        "",
        None,
    )
    assert case.events.get(kind=EventKind.PROPOSAL_CANCELLED).reason == (
        "Lautakunta palautti valmisteluun."
    )
    assert list(decision_list.entries.values_list("case_id", flat=True)) == [proposals[1].pk]
    removed = decision_list.events.get(kind=DecisionListEventKind.CASE_REMOVED)
    assert (removed.case_id_logged, removed.details) == (
        case.pk,
        {"reason": "Lautakunta palautti valmisteluun."},
    )
