"""The handler's case page as a workspace (issue 17): the side column offers only the actions the
workflow table allows, most likely first; each service offers its own attachment types; claiming
and adding a note answer an htmx request with the part of the page that changed."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asiointi.cases import attachment_kinds, workflow
from asiointi.cases.constants import AttachmentKind, CaseStatus, EventKind
from asiointi.cases.models import InternalNote
from asiointi.cases.services.attachments import attachment_add
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.messaging import message_send
from asiointi.cases.services.notes import note_add
from asiointi.catalogue.constants import DecisionMaker, ServiceKind
from asiointi.catalogue.models import Service
from asiointi.common.errors import ValidationFailed
from asiointi.handling.case_page import CASE_ACTIONS, next_actions
from asiointi.handling.tests.conftest import sent_case, set_state
from asiointi.testing.fixtures import pdf_upload, strongly_identified

pytestmark = pytest.mark.django_db

# Where each action posts: its form is on the page exactly when the action is allowed.
ACTION_URLS = {action: f"handling:{action}" for action in CASE_ACTIONS}
HANDLER_STATUSES_SHOWN = [
    CaseStatus.RECEIVED,
    CaseStatus.IN_PROCESSING,
    CaseStatus.AWAITING_SUPPLEMENT,
    CaseStatus.DECISION_PROPOSED,
    CaseStatus.DECIDED,
    CaseStatus.WITHDRAWN,
    CaseStatus.CLOSED,
]


def case_page(client, case, **headers):
    return client.get(reverse("handling:case", args=[case.pk]), **headers)


def posts_to(html: str, case, action: str) -> bool:
    return f'action="{reverse(ACTION_URLS[action], args=[case.pk])}"' in html


@pytest.mark.parametrize("status", HANDLER_STATUSES_SHOWN)
def test_only_the_actions_the_workflow_allows_are_offered(
    client, handler_culture, submitted, status
):
    case = set_state(submitted, status)
    client.force_login(handler_culture)
    html = case_page(client, case).content.decode()
    for action in CASE_ACTIONS:
        allowed = status in workflow.TRANSITIONS[action][0]
        if action == "propose_decision":
            allowed = False  # an office holder decides this call: no board proposal
        assert posts_to(html, case, action) == allowed, (status, action)
    offered = next_actions(case, handler_culture)
    assert all(status in workflow.TRANSITIONS[action][0] for action in offered)


def test_a_board_call_is_proposed_not_decided(client, handler_culture, submitted):
    call = submitted.grant_call
    call.decision_maker = DecisionMaker.BOARD
    call.save()
    case = set_state(submitted, CaseStatus.IN_PROCESSING, handler=handler_culture)
    client.force_login(handler_culture)
    html = case_page(client, case).content.decode()
    assert posts_to(html, case, "propose_decision")
    assert not posts_to(html, case, "decide")
    assert next_actions(case, handler_culture)[0] == "propose_decision"


@pytest.mark.parametrize(
    ("status", "mine", "expected"),
    [
        (CaseStatus.RECEIVED, False, ["claim", "start_processing", "assign", "transfer"]),
        (CaseStatus.RECEIVED, True, ["start_processing", "assign", "transfer"]),
        (
            CaseStatus.IN_PROCESSING,
            True,
            ["decide", "request_supplement", "assign", "transfer"],
        ),
        (
            CaseStatus.IN_PROCESSING,
            False,
            ["decide", "request_supplement", "claim", "assign", "transfer"],
        ),
        (CaseStatus.AWAITING_SUPPLEMENT, True, ["assign", "transfer"]),
        (CaseStatus.DECISION_PROPOSED, True, ["cancel_proposal"]),
        (CaseStatus.DECIDED, True, ["close"]),
        (CaseStatus.WITHDRAWN, False, ["close"]),
        (CaseStatus.CLOSED, True, []),
    ],
)
def test_next_actions_most_likely_first(client, handler_culture, submitted, status, mine, expected):
    case = set_state(submitted, status, handler=handler_culture if mine else None)
    assert next_actions(case, handler_culture) == expected
    client.force_login(handler_culture)
    html = case_page(client, case).content.decode()
    # The side column shows them in that order, the first as the primary button.
    shown = [part.split('"', 1)[0] for part in html.split('<li data-action="')[1:]]
    assert shown == expected
    if expected:
        first = html.split('<li data-action="', 1)[1].split("</li>", 1)[0]
        assert "hds-button--primary" in first
    else:
        assert 'id="no-next-actions"' in html


def test_the_side_column_holds_status_handler_actions_and_contact(
    client, handler_culture, submitted
):
    client.force_login(handler_culture)
    html = case_page(client, submitted).content.decode()
    main, side = html.split('<aside class="asi-columns__side"', 1)
    assert '<div class="asi-columns" id="case-page">' in main
    for marker in ('id="case-status"', 'id="case-handler"', 'id="next-actions"', 'id="applicant"'):
        assert marker in side and marker not in main, marker
    assert submitted.record_number in side.split('id="case-record-number">', 1)[1][:40]
    for marker in ('id="versions"', 'id="attachments"', 'id="messages"', 'id="timeline"'):
        assert marker in main and marker not in side, marker


# --- Each service its own attachment types ------------------------------------------------


GRANT_ONLY = {AttachmentKind.BUDGET, AttachmentKind.FINANCIAL_STATEMENT, AttachmentKind.MINUTES}
ASSISTANCE_ONLY = {
    AttachmentKind.BANK_STATEMENT,
    AttachmentKind.PAYSLIP,
    AttachmentKind.RENT_AGREEMENT,
}


def test_a_grant_offers_grant_attachment_types(general_call):
    kinds = set(attachment_kinds.kinds_for(general_call.service))
    assert GRANT_ONLY <= kinds
    assert not kinds & ASSISTANCE_ONLY
    assert attachment_kinds.kinds_for(general_call.service)[-1] == AttachmentKind.OTHER


def test_social_assistance_offers_its_own_attachment_types(assistance_service):
    kinds = set(attachment_kinds.kinds_for(assistance_service))
    assert ASSISTANCE_ONLY <= kinds
    assert not kinds & GRANT_ONLY
    staff = [value for value, _label in attachment_kinds.choices_for_staff(assistance_service)]
    assert staff[0] == AttachmentKind.SCANNED_PAPER
    assert AttachmentKind.DECISION_LETTER not in staff


def test_a_service_no_app_names_offers_other_only():
    service = Service(code="muu-palvelu", kind=ServiceKind.BENEFIT)
    assert attachment_kinds.kinds_for(service) == (AttachmentKind.OTHER,)


def test_a_grant_type_is_refused_on_a_social_assistance_case(submitted_assistance, resident):
    with pytest.raises(ValidationFailed):
        attachment_add(
            actor=resident, case=submitted_assistance, upload=pdf_upload(), kind="budget"
        )
    assert not submitted_assistance.attachments.exists()


def test_the_resident_and_the_social_worker_see_no_grant_types(
    client, submitted_assistance, resident, social_worker
):
    client.force_login(resident)
    folder = client.get(reverse("cases:detail", args=[submitted_assistance.pk]))
    client.force_login(social_worker)
    handling = case_page(client, submitted_assistance)
    for response in (folder, handling):
        kinds = [value for value, _label in response.context["attachment_kinds"]]
        html = response.content.decode()
        assert AttachmentKind.BANK_STATEMENT in kinds
        for grant_kind in GRANT_ONLY:
            assert f'value="{grant_kind}"' not in html
    # Nor the grants' panel of other applications and overlapping funding.
    assert 'id="other-applications"' not in handling.content.decode()


def test_ainos_draft_application_offers_social_assistance_types(
    client, assistance_service, resident
):
    draft = case_create_draft(actor=strongly_identified(resident), service=assistance_service)
    client.force_login(resident)
    response = client.get(reverse("cases:edit", args=[draft.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{AttachmentKind.RENT_AGREEMENT}"' in html
    for grant_kind in GRANT_ONLY:
        assert f'value="{grant_kind}"' not in html


def test_a_grant_case_page_offers_grant_types_and_the_overlaps(client, handler_culture, submitted):
    client.force_login(handler_culture)
    html = case_page(client, submitted).content.decode()
    assert f'value="{AttachmentKind.BUDGET}"' in html
    assert f'value="{AttachmentKind.BANK_STATEMENT}"' not in html
    assert 'id="other-applications"' in html


# --- Navigation by what the person handles --------------------------------------------------


def test_grant_links_are_for_those_who_handle_grants(handler_culture, social_worker):
    rendered = Template("{% load handling_nav %}{% handles_grants as g %}{{ g }}")
    for user, expected in ((handler_culture, "True"), (social_worker, "False")):
        request = RequestFactory().get("/")
        request.user = user
        assert rendered.render(Context({"request": request})) == expected


# --- htmx: claiming and adding a note without a page load --------------------------------

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_claim_with_htmx_answers_with_both_columns(client, handler_culture, submitted):
    client.force_login(handler_culture)
    response = client.post(
        reverse("handling:claim", args=[submitted.pk]),
        {"lock_version": submitted.lock_version},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div class="asi-columns" id="case-page">')
    assert "<html" not in html
    submitted.refresh_from_db()
    assert submitted.handler == handler_culture
    assert f'id="case-handler">{handler_culture.display_name}<' in html
    # The message of the action comes with the part, and the forms carry the new lock version.
    assert 'id="case-page-messages"' in html
    assert f'name="lock_version" value="{submitted.lock_version}"' in html
    assert 'data-action="claim"' not in html


def test_claim_without_htmx_redirects(client, handler_culture, submitted):
    client.force_login(handler_culture)
    response = client.post(
        reverse("handling:claim", args=[submitted.pk]), {"lock_version": submitted.lock_version}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("handling:case", args=[submitted.pk])


def test_a_stale_claim_with_htmx_shows_the_conflict_in_place(client, handler_culture, submitted):
    client.force_login(handler_culture)
    response = client.post(
        reverse("handling:claim", args=[submitted.pk]),
        {"lock_version": submitted.lock_version - 1},
        **HTMX,
    )
    assert response.status_code == 200
    assert "hds-notification--error" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.handler is None


def test_note_with_htmx_answers_with_the_notes_and_the_timeline(client, handler_culture, submitted):
    client.force_login(handler_culture)
    response = client.post(
        reverse("handling:note_add", args=[submitted.pk]), {"body": "Soitin hakijalle."}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<section aria-labelledby="notes-title" id="notes">')
    assert "Soitin hakijalle." in html
    assert '<section aria-labelledby="timeline-title" id="timeline" hx-swap-oob="true">' in html
    assert str(EventKind.NOTE_ADDED.label) in html
    assert InternalNote.objects.filter(case=submitted).count() == 1


def test_an_empty_note_with_htmx_comes_back_with_the_error(client, handler_culture, submitted):
    client.force_login(handler_culture)
    response = client.post(
        reverse("handling:note_add", args=[submitted.pk]), {"body": "  "}, **HTMX
    )
    # Status 200 so that htmx swaps it; the plain form gets 422 (test_actions).
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="note-body-error"' in html and 'aria-invalid="true"' in html
    assert "<html" not in html
    assert not InternalNote.objects.exists()


def test_an_empty_note_without_htmx_is_the_whole_page_with_422(client, handler_culture, submitted):
    client.force_login(handler_culture)
    response = client.post(reverse("handling:note_add", args=[submitted.pk]), {"body": ""})
    assert response.status_code == 422
    assert "<html" in response.content.decode()


def test_claim_with_htmx_runs_a_fixed_number_of_queries(
    client, handler_culture, general_call, association, representative
):
    """The part after claiming reads what the page reads: no query per version or message."""

    def claimed_queries(case) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                reverse("handling:claim", args=[case.pk]),
                {"lock_version": case.lock_version},
                **HTMX,
            )
        assert response.status_code == 200
        return len(captured)

    client.force_login(handler_culture)
    small = sent_case(person=representative, call=general_call, organisation=association)
    large = sent_case(person=representative, call=general_call, organisation=association)
    # One of each on the small case (a prefetch of nothing runs no query), five on the large.
    for case, count in ((small, 1), (large, 5)):
        for number in range(count):
            attachment_add(
                actor=representative, case=case, upload=pdf_upload(f"l{number}.pdf"), kind="budget"
            )
            message_send(actor=representative, case=case, body=f"Viesti {number}")
            note_add(actor=handler_culture, case=case, body=f"Muistiinpano {number}")
        case.refresh_from_db()
    assert claimed_queries(large) == claimed_queries(small)
