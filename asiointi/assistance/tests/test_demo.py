"""The social-assistance demo: a dozen made-up applicants with temporary identity codes, cases in
every state across the three teams, letters for the decided ones, Aino's draft; fast and once."""

from collections import Counter

import pytest
from django.urls import reverse
from stdnum.fi import hetu

from asiointi.accounts.demo import load_people
from asiointi.accounts.models import User
from asiointi.assistance.demo import USERNAME_PREFIX, load_assistance_demo
from asiointi.assistance.models import AssistanceCalculation
from asiointi.cases.constants import AttachmentKind, CaseStatus, Channel, DecisionOutcome
from asiointi.cases.models import Attachment, Case
from asiointi.catalogue.demo import load_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people(db):
    load_catalogue()
    return load_people()


@pytest.fixture
def loaded(demo_people, django_capture_on_commit_callbacks):
    # The decision letters are rendered after the commits, as in the demo.
    with django_capture_on_commit_callbacks(execute=True):
        return load_assistance_demo(demo_people)


def test_applicants_are_made_up_people_with_temporary_identity_codes(loaded):
    people = User.objects.filter(username__startswith=USERNAME_PREFIX)
    assert people.count() == 12
    for person in people:
        assert hetu.validate(person.national_id, allow_temporary=True) == person.national_id
        assert 900 <= int(person.national_id[7:10]) <= 999
    assert Counter(people.values_list("preferred_language", flat=True)) == {
        "fi": 9,
        "sv": 2,
        "en": 1,
    }


def test_cases_are_in_every_state_across_the_three_teams(loaded, demo_people):
    cases = loaded
    assert len(cases) == 12
    assistance = Case.objects.filter(service__code="toimeentulotuki").exclude(
        status=CaseStatus.DRAFT
    )
    assert Counter(assistance.values_list("status", flat=True)) == {
        CaseStatus.RECEIVED: 7,
        CaseStatus.IN_PROCESSING: 3,
        CaseStatus.AWAITING_SUPPLEMENT: 1,
        CaseStatus.DECIDED: 1,
    }
    assert Counter(assistance.values_list("team__code", flat=True)) == {
        "lansi": 4,
        "ita": 3,
        "keskusta": 5,
    }
    sanna = demo_people["sanna"]
    claimed = assistance.get(status=CaseStatus.RECEIVED, handler=sanna)
    assert claimed.applicant.username == "tuki-05"
    assert set(assistance.filter(urgent=True).values_list("applicant__username", flat=True)) == {
        "tuki-04",
        "tuki-12",
    }
    # Saved calculations on the cases in processing and the decided one.
    assert set(
        AssistanceCalculation.objects.values_list("case__applicant__username", flat=True)
    ) == {"tuki-06", "tuki-07", "tuki-09", "tuki-10"}
    approved = assistance.get(decision_outcome=DecisionOutcome.APPROVED)
    assert approved.granted_amount == approved.assistance_calculations.get().monthly_assistance
    assert approved.applicant.username == "tuki-09"
    letter = Attachment.objects.get(kind=AttachmentKind.DECISION_LETTER)
    assert (letter.case, letter.content_type) == (approved, "application/pdf")
    paper = assistance.get(channel=Channel.PAPER)
    assert paper.applicant.username == "tuki-11"
    assert paper.attachments.filter(kind=AttachmentKind.SCANNED_PAPER).count() == 1


def test_aino_continues_her_draft_from_the_folder(client, loaded, demo_people):
    aino = demo_people["aino"]
    draft = Case.objects.get(applicant=aino, service__code="toimeentulotuki")
    assert (draft.status, draft.draft_data["postal_code"]) == (CaseStatus.DRAFT, "00320")
    client.force_login(aino)
    folder = client.get(reverse("cases:folder")).content.decode()
    assert f"/asiointikansio/{draft.pk}/" in folder
    page = client.get(f"/asiointikansio/{draft.pk}/muokkaa/").content.decode()
    assert 'value="Kauppamiehentie 4 B 12"' in page


def test_social_worker_opens_a_demo_case_and_the_fee_official_does_not(client, loaded, demo_people):
    case = Case.objects.get(service__code="toimeentulotuki", applicant__username="tuki-09")
    client.force_login(demo_people["sanna"])
    assert client.get(f"/kasittely/{case.pk}/").status_code == 200
    client.force_login(demo_people["maija"])
    assert client.get(f"/kasittely/{case.pk}/").status_code == 404


def test_loading_again_adds_nothing(loaded, demo_people):
    counts = (Case.objects.count(), User.objects.count(), AssistanceCalculation.objects.count())
    assert load_assistance_demo(demo_people) == []
    assert (
        Case.objects.count(),
        User.objects.count(),
        AssistanceCalculation.objects.count(),
    ) == counts
