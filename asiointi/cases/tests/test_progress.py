"""The applicant's progress indicator: where the application is on its way, in words as well."""

import pytest

from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case
from asiointi.testing.fixtures import url


@pytest.mark.parametrize(
    ("status", "states"),
    [
        (CaseStatus.DRAFT, ["current", "upcoming", "upcoming", "upcoming"]),
        (CaseStatus.RECEIVED, ["done", "current", "upcoming", "upcoming"]),
        (CaseStatus.IN_PROCESSING, ["done", "done", "current", "upcoming"]),
        (CaseStatus.AWAITING_SUPPLEMENT, ["done", "done", "current", "upcoming"]),
        # A board's pending proposal is "in processing" to the applicant.
        (CaseStatus.DECISION_PROPOSED, ["done", "done", "current", "upcoming"]),
        (CaseStatus.DECIDED, ["done", "done", "done", "done"]),
    ],
)
def test_steps_follow_the_status(status, states):
    assert [state for _label, state in Case(status=status).applicant_steps] == states


def test_a_withdrawn_application_shows_no_way_ahead():
    assert Case(status=CaseStatus.WITHDRAWN).applicant_steps == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "current", "done"),
    [("fi", "Lähetetty", "Luonnos – valmis"), ("sv", "Skickad", "Utkast – klart")],
)
def test_the_application_page_shows_the_progress(
    client, submitted, representative, language, current, done
):
    client.force_login(representative)
    html = client.get(url("cases:detail", submitted.pk, language=language)).content.decode()
    assert 'aria-current="step"' in html
    step = html.split('aria-current="step"')[1].split("</li>")[0]
    assert current in step
    assert done in html.replace('<span class="visually-hidden"> – ', " – ")
