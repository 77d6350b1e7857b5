"""The case pages name a decision for what it is: a board's pending proposal is a "proposed
decision" on the handlers' pages and still "in processing" for the applicant; a decided case
tells the applicant that a decision has been made, not that processing has started."""

import pytest
from django.urls import reverse
from django.utils import translation

from asiointi.cases.constants import CaseStatus, DecisionOutcome
from asiointi.cases.services.decisions import case_decide, case_propose_decision
from asiointi.cases.services.processing import case_start_processing
from asiointi.catalogue.constants import DecisionMaker
from asiointi.catalogue.models import GrantCall

pytestmark = pytest.mark.django_db

PROCESSING_STARTED = {
    "fi": "Hakemuksen käsittely on alkanut",
    "en": "Processing of this application has started",
}
DECIDED = {
    "fi": "Hakemukseen on tehty päätös, joten lomakkeen tietoja ei voi enää muuttaa.",
    "en": "A decision has been made on this application, so its form data can no longer be "
    "changed.",
}


def page(client, user, name: str, case, language: str) -> str:
    client.force_login(user)
    with translation.override(language):
        url = reverse(name, args=[case.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def proposed(submitted, handler_culture):
    """A grant whose board has only been proposed a decision (on a list, not yet approved)."""
    GrantCall.objects.filter(pk=submitted.grant_call_id).update(decision_maker=DecisionMaker.BOARD)
    case = case_start_processing(actor=handler_culture, case=submitted)
    case = case_propose_decision(
        actor=handler_culture,
        case=case,
        outcome=DecisionOutcome.APPROVED,
        granted_amount="5000",
        reasoning="Täyttää ehdot.",
    )
    assert case.status == CaseStatus.DECISION_PROPOSED
    return case


@pytest.mark.parametrize(
    ("language", "proposal", "decision"),
    [
        ("fi", "<dt>Ehdotettu päätös</dt>", "<dt>Päätös</dt>"),
        ("en", "<dt>Proposed decision</dt>", "<dt>Decision</dt>"),
    ],
)
def test_a_proposal_is_not_labelled_a_decision_on_the_handlers_pages(
    language, proposal, decision, client, proposed, handler_culture, handler_education
):
    for user, name in ((handler_culture, "handling:case"), (handler_education, "handling:read")):
        content = page(client, user, name, proposed, language)
        assert content.count(proposal) >= 1, name
        assert decision not in content, name


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_applicant_sees_a_proposed_case_still_in_processing(
    language, client, proposed, representative
):
    content = page(client, representative, "cases:detail", proposed, language)
    assert PROCESSING_STARTED[language] in content
    assert DECIDED[language] not in content
    assert 'id="decision"' not in content
    for word in ("Päätösehdotus", "Decision proposed", "Ehdotettu päätös", "Proposed decision"):
        assert word not in content


@pytest.mark.parametrize("language", ["fi", "en"])
def test_a_decided_case_tells_the_applicant_a_decision_was_made(
    language, client, submitted, representative, handler_culture, django_capture_on_commit_callbacks
):
    case = case_start_processing(actor=handler_culture, case=submitted)
    with django_capture_on_commit_callbacks(execute=True):
        case_decide(
            actor=handler_culture,
            case=case,
            outcome=DecisionOutcome.APPROVED,
            granted_amount="5000",
            reasoning="Täyttää ehdot.",
        )
    content = page(client, representative, "cases:detail", case, language)
    assert DECIDED[language] in content
    assert PROCESSING_STARTED[language] not in content
    assert 'id="decision"' in content
    # The handler's page calls it a decision.
    decision = {"fi": "<dt>Päätös</dt>", "en": "<dt>Decision</dt>"}[language]
    assert decision in page(client, handler_culture, "handling:case", case, language)
