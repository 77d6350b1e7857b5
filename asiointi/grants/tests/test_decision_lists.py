"""Decision lists through the handler's pages: create, add, remove, approve (all or nothing),
with every refused path leaving everything as it was."""

import datetime

import pytest
from django.utils import timezone, translation

from asiointi.cases.constants import CaseStatus, DecisionOutcome, EventKind
from asiointi.cases.models import Attachment, Case
from asiointi.grants.constants import DecisionListEventKind, DecisionListStatus
from asiointi.grants.models import DecisionList, DecisionListEntry
from asiointi.grants.tests.conftest import list_snapshot, proposed_case
from asiointi.organisation.models import Department
from asiointi.testing.fixtures import url

pytestmark = pytest.mark.django_db

EN = {"language": "en"}


@pytest.fixture
def kaisa(client, handler_culture):
    client.force_login(handler_culture)
    return handler_culture


def make_list(handler, title="Kulttuurilautakunta 15.3.", department_code="culture"):
    from asiointi.grants import services

    return services.decision_list_create(
        actor=handler,
        department=Department.objects.get(code=department_code),
        body_name="Kulttuuri- ja vapaa-aikalautakunta",
        title=title,
    )


def add(decision_list, handler, *cases):
    from asiointi.grants import services

    services.decision_list_add_cases(actor=handler, decision_list=decision_list, cases=list(cases))


def field_errors(response) -> dict:
    return response.context["form_errors"]


def test_create_a_list(client, kaisa):
    response = client.post(
        url("grants:create"),
        {"title": "Kokous 15.3.", "body_name": "Kulttuurilautakunta", "department": ""},
    )
    decision_list = DecisionList.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("grants:detail", decision_list.pk)
    assert (
        decision_list.title,
        decision_list.body_name,
        decision_list.department.code,
        decision_list.status,
        decision_list.created_by,
    ) == ("Kokous 15.3.", "Kulttuurilautakunta", "culture", DecisionListStatus.DRAFT, kaisa)
    assert list(decision_list.events.values_list("kind", flat=True)) == [
        DecisionListEventKind.CREATED
    ]


def test_create_without_title_or_body_shows_both_errors_and_creates_nothing(client, kaisa):
    response = client.post(url("grants:create", **EN), {"title": " ", "body_name": ""})
    assert response.status_code == 422
    assert field_errors(response) == {
        "create": {
            "title": ["Give the list a title, e.g. the meeting it is for."],
            "body_name": ["Enter the deciding body, e.g. the culture and leisure board."],
        }
    }
    assert 'href="#create-title"' in response.content.decode()
    assert not DecisionList.objects.exists()


def test_add_and_remove_proposals(client, kaisa, proposals):
    decision_list = make_list(kaisa)
    page = client.get(url("grants:detail", decision_list.pk)).content.decode()
    for case in proposals:
        assert f'id="add-case-{case.pk}"' in page
    response = client.post(
        url("grants:add", decision_list.pk), {"cases": [str(c.pk) for c in proposals]}
    )
    assert response.status_code == 302
    assert set(decision_list.entries.values_list("case_id", flat=True)) == {c.pk for c in proposals}
    for case in proposals:
        event = case.events.get(kind=EventKind.ADDED_TO_DECISION_LIST)
        assert (event.visible_to_applicant, event.actor, event.details["decision_list"]) == (
            False,
            kaisa,
            decision_list.pk,
        )
    page = client.get(url("grants:detail", decision_list.pk)).content.decode()
    assert "add-case-" not in page
    assert proposals[0].record_number in page

    response = client.post(url("grants:remove", decision_list.pk, proposals[1].pk))
    assert response.status_code == 302
    assert list(decision_list.entries.values_list("case_id", flat=True)) == [proposals[0].pk]
    assert Case.objects.get(pk=proposals[1].pk).status == CaseStatus.DECISION_PROPOSED
    assert list(decision_list.events.values_list("kind", flat=True)) == [
        DecisionListEventKind.CREATED,
        DecisionListEventKind.CASE_ADDED,
        DecisionListEventKind.CASE_ADDED,
        DecisionListEventKind.CASE_REMOVED,
    ]


def test_adding_nothing_is_a_field_error(client, kaisa, proposals):
    decision_list = make_list(kaisa)
    before = list_snapshot()
    response = client.post(url("grants:add", decision_list.pk, **EN), {})
    assert response.status_code == 422
    assert field_errors(response) == {"add": {"cases": ["Choose at least one proposal to add."]}}
    assert list_snapshot() == before


def test_a_case_on_another_list_or_without_proposal_is_refused_and_nothing_is_added(
    client, kaisa, proposals, board_call, representative, association
):
    first, second = make_list(kaisa, "Eka"), make_list(kaisa, "Toka")
    add(first, kaisa, proposals[0])
    processing = proposed_case(
        person=representative, call=board_call, handler=kaisa, organisation=association
    )
    Case.objects.filter(pk=processing.pk).update(status=CaseStatus.IN_PROCESSING)
    before = list_snapshot()
    for cases, message in [
        (
            # All or nothing: the first, valid proposal is not added either.
            [proposals[1], proposals[0]],
            f"{proposals[0].record_number} is already on the decision list “Eka”.",
        ),
        (
            [processing],
            f"{processing.record_number} has no decision proposal (it is “In processing”).",
        ),
    ]:
        response = client.post(
            url("grants:add", second.pk, **EN), {"cases": [c.pk for c in cases]}, follow=True
        )
        assert [str(m) for m in response.context["messages"]] == [message]
        assert list_snapshot() == before


def test_approve_finalises_every_case_in_one_go(
    client, kaisa, proposals, django_capture_on_commit_callbacks
):
    decision_list = make_list(kaisa)
    add(decision_list, kaisa, *proposals)
    meeting = timezone.localdate() - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("grants:approve", decision_list.pk),
            {"meeting_date": meeting.isoformat(), "section": "45"},
        )
    assert response.status_code == 302
    decision_list.refresh_from_db()
    assert (
        decision_list.status,
        decision_list.meeting_date,
        decision_list.section,
        decision_list.approved_by,
    ) == (DecisionListStatus.APPROVED, meeting, "§ 45", kaisa)
    for case in proposals:
        case.refresh_from_db()
        assert case.status == CaseStatus.DECIDED
        assert timezone.localdate(case.decided_at) == meeting
        event = case.events.get(kind=EventKind.DECIDED)
        assert event.visible_to_applicant
        # In every language the list has (the letter names the board in the applicant's).
        assert event.details["body"] == {
            "fi": "Kulttuuri- ja vapaa-aikalautakunta",
            "sv": "",
            "en": "",
        }
        assert (event.details["meeting_date"], event.details["section"]) == (
            meeting.isoformat(),
            "§ 45",
        )
        assert Attachment.objects.filter(case=case, kind="decision_letter").count() == 1
    assert proposals[0].decision_outcome == DecisionOutcome.PARTIALLY_APPROVED
    assert proposals[0].payments.count() == 1
    assert proposals[1].payments.count() == 0
    page = client.get(url("grants:detail", decision_list.pk)).content.decode()
    assert 'id="approve"' not in page and 'id="add"' not in page
    assert "remove-" not in page


@pytest.mark.parametrize(
    ("values", "errors"),
    [
        (
            {"meeting_date": "", "section": ""},
            {
                "meeting_date": ["Enter the date of the meeting."],
                "section": ["Enter the section (§) of the minutes, e.g. § 45."],
            },
        ),
        (
            {"meeting_date": "15.3.2026", "section": "pykälä"},
            {
                "meeting_date": ["Enter the meeting date as a date, e.g. 2026-03-15."],
                "section": ["Enter the section as a number, e.g. § 45."],
            },
        ),
        (
            {"meeting_date": "2999-01-01", "section": "§ 45"},
            {
                "meeting_date": [
                    "The meeting date cannot be in the future: approve the list after the meeting."
                ]
            },
        ),
    ],
)
def test_approve_with_missing_or_bad_date_or_section_changes_nothing(
    client, kaisa, proposals, values, errors
):
    decision_list = make_list(kaisa)
    add(decision_list, kaisa, *proposals)
    before = list_snapshot()
    response = client.post(url("grants:approve", decision_list.pk, **EN), values)
    assert response.status_code == 422
    assert field_errors(response) == {"approve": errors}
    page = response.content.decode()
    assert "The approval has errors." in page
    assert 'aria-invalid="true"' in page
    assert list_snapshot() == before


def test_an_empty_list_cannot_be_approved(client, kaisa):
    decision_list = make_list(kaisa)
    before = list_snapshot()
    response = client.post(
        url("grants:approve", decision_list.pk, **EN),
        {"meeting_date": timezone.localdate().isoformat(), "section": "§ 1"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "The decision list is empty: add the proposals before approving it."
    ]
    assert list_snapshot() == before


def test_an_approved_list_cannot_be_approved_again_or_changed(client, kaisa, proposals):
    from asiointi.grants import services

    decision_list = make_list(kaisa)
    add(decision_list, kaisa, proposals[0])
    services.decision_list_approve(
        actor=kaisa,
        decision_list=decision_list,
        meeting_date=timezone.localdate(),
        section="§ 7",
    )
    before = list_snapshot()
    refused = "The decision list has already been approved; it can no longer be changed."
    for path, data in [
        (
            url("grants:approve", decision_list.pk, **EN),
            {"meeting_date": "2026-01-01", "section": "8"},
        ),
        (url("grants:add", decision_list.pk, **EN), {"cases": [proposals[1].pk]}),
        (url("grants:remove", decision_list.pk, proposals[0].pk, **EN), {}),
    ]:
        response = client.post(path, data, follow=True)
        assert [str(m) for m in response.context["messages"]] == [refused], path
    assert list_snapshot() == before


def test_approval_is_all_or_nothing(client, kaisa, proposals):
    decision_list = make_list(kaisa)
    add(decision_list, kaisa, *proposals)
    # The second proposal was taken back behind the list's back (e.g. through the API).
    Case.objects.filter(pk=proposals[1].pk).update(status=CaseStatus.IN_PROCESSING)
    before = list_snapshot()
    response = client.post(
        url("grants:approve", decision_list.pk, **EN),
        {"meeting_date": timezone.localdate().isoformat(), "section": "§ 45"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        f"{proposals[1].record_number} no longer has a decision proposal (it is “In processing”)."
        " Remove it from the list and approve again."
    ]
    assert list_snapshot() == before
    assert not Case.objects.get(pk=proposals[0].pk).events.filter(kind=EventKind.DECIDED).exists()


def test_another_departments_list_is_not_found(
    client, handler_education, handler_culture, proposals
):
    decision_list = make_list(handler_culture)
    client.force_login(handler_education)
    before = list_snapshot()
    for name, args, method in [
        ("grants:detail", (decision_list.pk,), "get"),
        ("grants:pdf", (decision_list.pk,), "get"),
        ("grants:csv", (decision_list.pk,), "get"),
        ("grants:add", (decision_list.pk,), "post"),
        ("grants:remove", (decision_list.pk, proposals[0].pk), "post"),
        ("grants:approve", (decision_list.pk,), "post"),
    ]:
        response = getattr(client, method)(
            url(name, *args), {"meeting_date": "2026-01-01", "section": "1", "cases": [1]}
        )
        assert response.status_code == 404, name
    assert decision_list.title not in client.get(url("grants:lists")).content.decode()
    assert list_snapshot() == before


def test_a_resident_gets_not_found(client, resident, handler_culture):
    decision_list = make_list(handler_culture)
    client.force_login(resident)
    assert client.get(url("grants:lists")).status_code == 404
    assert client.get(url("grants:detail", decision_list.pk)).status_code == 404


def test_another_departments_case_cannot_be_added(client, kaisa, proposals):
    decision_list = make_list(kaisa)
    Case.objects.filter(pk=proposals[0].pk).update(
        department=Department.objects.get(code="education")
    )
    before = list_snapshot()
    response = client.post(url("grants:add", decision_list.pk), {"cases": [proposals[0].pk]})
    assert response.status_code == 404
    assert list_snapshot() == before
    assert not DecisionListEntry.objects.exists()


@pytest.mark.parametrize(
    ("language", "approved", "outcome", "favourable"),
    [
        ("fi", "Hyväksytty", "Osittain myönteinen", "Myönteinen"),
        ("sv", "Godkänd", "Delvis positivt", "Positivt"),
    ],
)
def test_an_approved_list_reads_approved_and_its_outcomes_favourable(
    client, kaisa, proposals, language, approved, outcome, favourable
):
    """The list is "approved", not "favourable" as a decision outcome (one English word)."""
    from asiointi.grants import services

    decision_list = make_list(kaisa)
    add(decision_list, kaisa, *proposals)
    services.decision_list_approve(
        actor=kaisa, decision_list=decision_list, meeting_date=timezone.localdate(), section="§ 7"
    )
    page = client.get(url("grants:detail", decision_list.pk, language=language)).content.decode()
    # The status is an HDS status label, green for approved.
    tone = "hds-status-label hds-status-label--success status-approved"
    label = f'<span class="{tone}">{approved}</span>'
    assert f'<dd id="list-status">{label}</dd>' in page
    assert f"<dt>{approved}</dt>" in page
    assert outcome in page  # the proposals' outcomes are still decision outcomes
    lists = client.get(url("grants:lists", language=language)).content.decode()
    assert f">{label}</td>" in lists
    assert favourable not in lists
    with translation.override(language):
        assert str(DecisionOutcome.APPROVED.label) == favourable
