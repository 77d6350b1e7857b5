"""The queue page and the handler's case page run a fixed number of queries, whatever the data.

As in asiointi/cases/tests/test_query_counts.py: the small data set is measured, the large one
asserted with the exact figure, so a query that grows with the data fails.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asiointi.cases.services.attachments import attachment_add
from asiointi.cases.services.messaging import message_send
from asiointi.cases.services.processing import case_start_processing
from asiointi.cases.services.sending import case_send
from asiointi.handling.tests.conftest import sent_case
from asiointi.testing.fixtures import make_person, pdf_upload, valid_answers

pytestmark = pytest.mark.django_db

# Session, user, the handler's departments, services and grant calls for the filters, the page
# of cases with its joins, the tab counts, the department's handlers (to assign the chosen rows),
# the staff member's filter panel preference; a filtered list adds its row count (unfiltered, the
# tab's count is the total); a search adds two per word (the organisations and the people the
# word matches, looked up first so the case query can use its indexes).
QUEUE_QUERIES = 9
FILTERED_COUNT_QUERIES = 1
SEARCH_QUERIES_PER_WORD = 2
# Session, user, departments, access check, the case with its joins, versions, attachments,
# messages, the messages' attachments, timeline, the department's handlers (to assign), the other
# departments (to transfer), the internal notes, the applicant's other applications; then
# marking the applicant's messages read: savepoint, update, release.
CASE_QUERIES = 17


@pytest.mark.parametrize("query", ["", "?tab=mine&q=ry&sort=-amount&amount_min=1"])
def test_queue_query_count_does_not_grow(
    client,
    django_assert_num_queries,
    general_call,
    association,
    representative,
    handler_culture,
    query,
):
    sent_case(person=representative, call=general_call, organisation=association)
    client.force_login(handler_culture)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("handling:queue") + query).status_code == 200
    for number in range(60):
        case = sent_case(
            person=make_person(f"p{number}", "Pekka", f"Nro{number}"),
            call=general_call,
            organisation=association if number % 2 else None,
            amount=f"{100 + number}.00",
        )
        if "mine" in query:
            case_start_processing(actor=handler_culture, case=case)
    expected = (
        QUEUE_QUERIES
        + (FILTERED_COUNT_QUERIES if "amount_min=" in query else 0)
        + (SEARCH_QUERIES_PER_WORD if "q=" in query else 0)
    )
    with django_assert_num_queries(expected):
        response = client.get(reverse("handling:queue") + query)
    assert len(small) == expected
    assert len(response.context["cases"]) == (30 if "mine" in query else 50)


def test_case_page_query_count_does_not_grow(
    client, django_assert_num_queries, general_call, association, representative, handler_culture
):
    def make(versions, attachments, messages, others):
        for _ in range(others):
            sent_case(person=representative, call=general_call, organisation=association)
        case = sent_case(person=representative, call=general_call, organisation=association)
        for number in range(1, versions):
            case_send(
                actor=representative,
                case=case,
                data=valid_answers(association, representative, amount=f"{2000 + number}.00"),
            )
        for number in range(attachments):
            attachment_add(
                actor=representative, case=case, upload=pdf_upload(f"l{number}.pdf"), kind="budget"
            )
        for number in range(messages):
            message_send(
                actor=representative,
                case=case,
                body=f"Viesti {number}",
                uploads=[pdf_upload(f"v{number}.pdf")],
            )
        return case

    small = make(1, 1, 1, 0)
    large = make(6, 8, 8, 10)
    client.force_login(handler_culture)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("handling:case", args=[small.pk])).status_code == 200
    with django_assert_num_queries(CASE_QUERIES):
        response = client.get(reverse("handling:case", args=[large.pk]))
    assert len(captured) == CASE_QUERIES
    assert len(response.context["versions"]) == 6
    assert len(response.context["attachments"]) == 16
    assert len(response.context["other_applications"]) == 11
