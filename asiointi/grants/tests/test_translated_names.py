"""Names staff type are shown in the reader's language, Finnish where a translation is missing:
the decision list's title and deciding body (board), the department, and the board's name in
the applicant's decision letter."""

import datetime

import pytest
from django.utils import timezone, translation

from asiointi.cases.letters import letter_context
from asiointi.cases.models import Case
from asiointi.grants import services
from asiointi.grants.models import DecisionList
from asiointi.organisation.models import Department
from asiointi.testing.fixtures import url

pytestmark = pytest.mark.django_db

# Session, user, the handler's departments, the lists with their counts and sums: as for a page
# of Finnish names (test_exports_and_pages.py), translations cost no query.
LISTS_QUERIES = 4


@pytest.fixture
def kaisa(client, handler_culture):
    client.force_login(handler_culture)
    return handler_culture


def swedish_only_list(handler, *cases) -> DecisionList:
    """A list with Swedish translations but no English ones."""
    decision_list = services.decision_list_create(
        actor=handler,
        department=Department.objects.get(code="culture"),
        body_name="Kulttuuri- ja vapaa-aikalautakunta",
        title="Kokous 11/2026",
        body_name_sv="Kultur- och fritidsnämnden",
        title_sv="Möte 11/2026",
    )
    if cases:
        services.decision_list_add_cases(
            actor=handler, decision_list=decision_list, cases=list(cases)
        )
    return decision_list


def test_a_swedish_page_shows_the_swedish_names_and_an_english_one_falls_back_to_finnish(
    client, kaisa, django_assert_num_queries
):
    Department.objects.filter(code="culture").update(
        name_sv="Kultur- och fritidssektorn", name_en=""
    )
    decision_list = swedish_only_list(kaisa)

    with django_assert_num_queries(LISTS_QUERIES):
        swedish = client.get(url("grants:lists", language="sv")).content.decode()
    english = client.get(url("grants:lists", language="en")).content.decode()

    assert "Möte 11/2026" in swedish and "Kultur- och fritidsnämnden" in swedish
    assert "Kokous 11/2026" not in swedish
    assert "Kultur- och fritidssektorn" in swedish
    assert "Kokous 11/2026" in english and "Kulttuuri- ja vapaa-aikalautakunta" in english
    assert "Kulttuurin ja vapaa-ajan toimiala" in english  # the department, in Finnish
    detail = client.get(url("grants:detail", decision_list.pk, language="sv")).content.decode()
    assert "Möte 11/2026" in detail and "Kultur- och fritidsnämnden" in detail


def test_the_handler_can_give_the_translations_when_creating_the_list(client, kaisa):
    response = client.post(
        url("grants:create", language="sv"),
        {
            "title": "Kokous 12/2026",
            "body_name": "Kulttuurilautakunta",
            "title_sv": "Möte 12/2026",
            "title_en": " Meeting 12/2026 ",
            "body_name_sv": "Kulturnämnden",
            "body_name_en": "",
        },
    )

    assert response.status_code == 302
    decision_list = DecisionList.objects.get()
    assert (
        decision_list.title_fi,
        decision_list.title_sv,
        decision_list.title_en,
        decision_list.body_name_fi,
        decision_list.body_name_sv,
        decision_list.body_name_en,
    ) == (
        "Kokous 12/2026",
        "Möte 12/2026",
        "Meeting 12/2026",
        "Kulttuurilautakunta",
        "Kulturnämnden",
        "",
    )
    with translation.override("en"):
        assert (decision_list.title, decision_list.body_name) == (
            "Meeting 12/2026",
            "Kulttuurilautakunta",
        )


def test_the_create_form_offers_the_translations_and_keeps_them_on_an_error(client, kaisa):
    response = client.post(
        url("grants:create", language="en"),
        {"title": "", "body_name": "", "title_sv": "Möte 1/2027", "body_name_en": "x" * 201},
    )

    assert response.status_code == 422
    page = response.content.decode()
    assert 'name="title_sv"' in page and 'value="Möte 1/2027"' in page
    assert 'for="create-body_name_en">Deciding body in English</label>' in page
    assert 'id="create-body_name_en-error"' in page
    assert not DecisionList.objects.exists()


def test_the_decision_letter_names_the_board_in_the_applicants_language(kaisa, proposals):
    decision_list = swedish_only_list(kaisa, *proposals)
    services.decision_list_approve(
        actor=kaisa,
        decision_list=decision_list,
        meeting_date=timezone.localdate() - datetime.timedelta(days=1),
        section="45",
    )
    case = Case.objects.get(pk=proposals[0].pk)

    with translation.override("sv"):
        assert letter_context(case)["body_name"] == "Kultur- och fritidsnämnden"
    with translation.override("en"):
        assert letter_context(case)["body_name"] == "Kulttuuri- ja vapaa-aikalautakunta"


def test_a_decision_made_before_translations_still_names_its_board(kaisa, proposals):
    decision_list = swedish_only_list(kaisa, *proposals)
    services.decision_list_approve(
        actor=kaisa,
        decision_list=decision_list,
        meeting_date=timezone.localdate() - datetime.timedelta(days=1),
        section="45",
    )
    case = Case.objects.get(pk=proposals[0].pk)
    event = case.events.get(kind="decided")
    event.details["body"] = "Kulttuurilautakunta"  # as stored before: a plain string
    event.save(update_fields=["details"])

    with translation.override("sv"):
        context = letter_context(case)
    assert (context["by_board"], context["body_name"]) == (True, "Kulttuurilautakunta")
