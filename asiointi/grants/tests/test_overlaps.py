"""Overlap detection (grants.overlaps): the applicant's other applications of the same year in
every department, and flags with their exact reasons."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from asiointi.accounts.models import ApplicantOrganisation
from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case
from asiointi.cases.services.drafts import case_create_draft, case_save_draft
from asiointi.cases.services.sending import case_send
from asiointi.catalogue.models import GrantCall
from asiointi.grants import overlaps
from asiointi.testing.fixtures import make_person, valid_answers

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year + 1
THEATRE = "Kevään ja syksyn lastenteatteriesitykset sekä kesän avoimet työpajat."
THEATRE_AGAIN = "Lastenteatterin esitykset keväällä ja syksyllä sekä avoimet työpajat kesällä."
FOOTBALL = "Junioreiden jalkapallokoulu ja otteluiden tuomarointi kaupungin kentillä."


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def budget(*expenses: str) -> list[dict]:
    return [
        {"kind": "income", "item": "Jäsenmaksut", "amount": "2400.00"},
        *({"kind": "expense", "item": item, "amount": "1000.00"} for item in expenses),
    ]


def apply(person, call, organisation=None, *, start, end, purpose, items, project=""):
    """Send an application through the services, with the given period, purpose and budget."""
    group = organisation or ApplicantOrganisation(business_id="1234567-1", name="Lapsiryhmä")
    data = valid_answers(group, person)
    data.update(
        purpose=purpose,
        period={"start": start, "end": end},
        budget=budget(*items),
    )
    if call.service.code == "projektiavustus":
        for name in ("activity_area", "target_groups", "member_count"):
            data.pop(name)
        data["project_name"] = project or "Projekti"
    case = case_create_draft(actor=person, grant_call=call, organisation=organisation)
    return case_send(actor=person, case=case, data=data)


def overview_of(case: Case) -> overlaps.Overview:
    data = case.versions.order_by("-number").first().data
    return overlaps.year_overview(
        case=case, data=data, others=overlaps.other_applications(case=case)
    )


@pytest.fixture
def calls(catalogue):
    return catalogue["general_call"], GrantCall.objects.get(service__code="projektiavustus")


def test_normalising_and_similarity_are_explainable():
    assert overlaps.stems("Lastenteatterin ESITYKSET, ja kesällä!") == {
        "lasten": "lastenteatterin",
        "esityk": "esitykset",
        "kesäll": "kesällä",
    }
    score, common = overlaps.purpose_similarity(THEATRE, "Lastenteatteri " + THEATRE_AGAIN)
    assert (score, common) == (0.5, ["lastenteatteriesitykset", "avoimet", "työpajat"])
    assert overlaps.purpose_similarity(THEATRE, FOOTBALL) == (0.0, [])
    assert overlaps.budget_item_key("  Tilavuokrat ") == overlaps.budget_item_key("tilavuokra")


def test_overlapping_periods_with_a_similar_purpose_are_flagged_across_departments(
    calls, association, representative
):
    general, project = calls
    culture = apply(
        representative,
        general,
        association,
        start=f"{YEAR}-01-01",
        end=f"{YEAR}-12-31",
        purpose=THEATRE,
        items=["Tilavuokrat"],
    )
    education = apply(
        representative,
        project,
        association,
        start=f"{YEAR}-03-01",
        end=f"{YEAR}-06-30",
        purpose=THEATRE_AGAIN,
        items=["Lavasteet"],
        project="Lastenteatteri",
    )
    overview = overview_of(culture)
    assert overview.year == YEAR
    assert [(entry.case, entry.reasons) for entry in overview.entries] == [
        (
            education,
            [
                f"Overlapping activity periods (1 Jan {YEAR}–31 Dec {YEAR} and 1 Mar {YEAR}–30 Jun "
                f"{YEAR}) and a similar purpose: 50 % of the words in common "
                "(lastenteatteriesitykset, avoimet, työpajat)."
            ],
        )
    ]
    assert overview.department_count == 1
    # … and the other way round, with the words as the education application writes them.
    assert overview_of(education).flagged[0].reasons == [
        f"Overlapping activity periods (1 Mar {YEAR}–30 Jun {YEAR} and 1 Jan {YEAR}–31 Dec "
        f"{YEAR}) and a similar purpose: 50 % of the words in common "
        "(lastenteatteri, avoimet, työpajat)."
    ]


def test_the_same_budget_items_are_flagged_even_without_a_period_overlap(
    calls, association, representative
):
    general, project = calls
    culture = apply(
        representative,
        general,
        association,
        start=f"{YEAR}-01-01",
        end=f"{YEAR}-05-31",
        purpose=THEATRE,
        items=["Tilavuokrat", "Esiintyjien palkkiot", "Mainonta"],
    )
    apply(
        representative,
        project,
        association,
        start=f"{YEAR}-09-01",
        end=f"{YEAR}-12-31",
        purpose=FOOTBALL,
        items=["tilavuokra", "Tuomaripalkkiot", "mainonta."],
    )
    # The income row "Jäsenmaksut" is in both budgets but is not a reason: it funds nothing.
    assert overview_of(culture).flagged[0].reasons == [
        "The same budget items: Tilavuokrat, Mainonta."
    ]


def test_no_flag_for_another_year_or_an_unrelated_purpose(calls, association, representative):
    general, project = calls
    culture = apply(
        representative,
        general,
        association,
        start=f"{YEAR}-01-01",
        end=f"{YEAR}-12-31",
        purpose=THEATRE,
        items=["Tilavuokrat"],
    )
    next_year = apply(
        representative,
        project,
        association,
        start=f"{YEAR + 1}-01-01",
        end=f"{YEAR + 1}-06-30",
        purpose=THEATRE_AGAIN,
        items=["Tilavuokrat"],
    )
    unrelated = apply(
        representative,
        project,
        association,
        start=f"{YEAR}-03-01",
        end=f"{YEAR}-04-30",
        purpose=FOOTBALL,
        items=["Tuomaripalkkiot"],
    )
    overview = overview_of(culture)
    # Another year's application is not in this year's overview at all.
    assert [(entry.case, entry.reasons) for entry in overview.entries] == [(unrelated, [])]
    assert overview.flagged == []
    assert next_year in overlaps.other_applications(case=culture)


def test_only_the_same_applicant_counts_and_withdrawn_or_rejected_are_not_flagged(
    calls, association, representative, resident
):
    general, project = calls
    kwargs = {"start": f"{YEAR}-01-01", "end": f"{YEAR}-12-31", "items": ["Tilavuokrat"]}
    own = apply(resident, general, purpose=THEATRE, **kwargs)
    withdrawn = apply(resident, project, purpose=THEATRE_AGAIN, **kwargs)
    rejected = apply(resident, project, purpose=THEATRE_AGAIN, **kwargs)
    granted = apply(resident, project, purpose=THEATRE_AGAIN, **kwargs)
    apply(representative, project, association, purpose=THEATRE_AGAIN, **kwargs)
    apply(make_person("toinen", "Toinen", "Henkilö"), project, purpose=THEATRE_AGAIN, **kwargs)
    Case.objects.filter(pk=withdrawn.pk).update(status=CaseStatus.WITHDRAWN)
    Case.objects.filter(pk=rejected.pk).update(
        status=CaseStatus.DECIDED, decision_outcome="rejected"
    )
    Case.objects.filter(pk=granted.pk).update(
        status=CaseStatus.CLOSED, decision_outcome="approved", granted_amount=Decimal("2000.00")
    )
    overview = overview_of(own)
    by_case = {entry.case.pk: entry for entry in overview.entries}
    assert set(by_case) == {withdrawn.pk, rejected.pk, granted.pk}
    assert by_case[withdrawn.pk].reasons == by_case[rejected.pk].reasons == []
    assert by_case[granted.pk].reasons == [
        f"Overlapping activity periods (1 Jan {YEAR}–31 Dec {YEAR} and 1 Jan {YEAR}–31 Dec "
        f"{YEAR}) and a similar purpose: 50 % of the words in common "
        "(lastenteatteriesitykset, avoimet, työpajat).",
        "The same budget items: Tilavuokrat.",
    ]
    assert (overview.grant_count, overview.granted_total) == (1, Decimal("2000.00"))


def test_the_sent_version_counts_not_the_working_copy(calls, association, representative):
    general, project = calls
    culture = apply(
        representative,
        general,
        association,
        start=f"{YEAR}-01-01",
        end=f"{YEAR}-12-31",
        purpose=THEATRE,
        items=["Tilavuokrat"],
    )
    education = apply(
        representative,
        project,
        association,
        start=f"{YEAR}-01-01",
        end=f"{YEAR}-12-31",
        purpose=FOOTBALL,
        items=["Tuomaripalkkiot"],
    )
    # The applicant edits the working copy without sending it: it is not what the city has.
    case_save_draft(
        actor=representative,
        case=education,
        data={**education.draft_data, "budget": budget("Tilavuokrat")},
    )
    assert overview_of(culture).flagged == []


def test_a_case_without_a_period_uses_the_year_it_was_received():
    received = Case(submitted_at=timezone.now())
    assert overlaps.case_year(received, {"purpose": THEATRE}) == timezone.localdate().year
    assert overlaps.case_year(Case(), {}) is None
    assert overlaps.period({"event_date": f"{YEAR}-05-01"}) == (
        datetime.date(YEAR, 5, 1),
        datetime.date(YEAR, 5, 1),
    )
    assert overlaps.period({"period": {"start": f"{YEAR}-05-01", "end": f"{YEAR}-04-01"}}) is None
