"""The folder and the application page run a fixed number of queries, whatever the data size.

Each test builds a small and a large data set through the real services, measures one page load
of the small one with ``CaptureQueriesContext`` and of the large one under
``django_assert_num_queries`` with the exact figure, so a query that grows with the data fails as
"small != large" and a new fixed query fails as a changed figure (a conscious change: update the
constant). The figures count every query of the request: the session, the user, the page's own
reads and, on the application page, the "messages read" write. They are the same on SQLite and
PostgreSQL.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from asiointi.accounts.acting import SESSION_KEY
from asiointi.accounts.models import ApplicantOrganisation, Representation
from asiointi.cases.services.attachments import attachment_add
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.messaging import message_send, messages_mark_read
from asiointi.cases.services.sending import case_send
from asiointi.testing.fixtures import make_person, pdf_upload, valid_answers

pytestmark = pytest.mark.django_db

# Session, user, cases page, represented organisations, open calls, the benefit services applied
# for without a call (issue 6: "Apply for a benefit", one query whatever their number), the
# person's own feedback, the person's fee reviews with their decisions (issue 5;
# fees/tests/test_folder_views.py checks that it stays one query with many reviews).
FOLDER_QUERIES = 8
# … and the re-check of the organisation the person acts for, but no fee reviews: they are
# personal and not shown when acting for an organisation.
FOLDER_ACTING_FOR_QUERIES = 8
# Session, user, the case with its joins (the access check is part of it: no second load), versions,
# attachments, messages, the messages' attachments, timeline.
DETAIL_QUERIES = 8
# … and marking the handler's messages read: savepoint, two updates, release.
DETAIL_UNREAD_QUERIES = 12
# Session, user, access check, the case's attachments.
EDIT_QUERIES = 4

# A person applying for themselves still names the group they apply for in the general form.
UNREGISTERED_GROUP = ApplicantOrganisation(business_id="1234567-1", name="Kallion lapsiryhmä")


def make_cases(*, person, call, organisation, count: int) -> None:
    """``count`` applications: every other one a draft, the rest sent with an attachment."""
    answers_for = organisation or UNREGISTERED_GROUP
    for number in range(count):
        case = case_create_draft(actor=person, grant_call=call, organisation=organisation)
        if number % 2:
            case = case_send(
                actor=person,
                case=case,
                data=valid_answers(answers_for, person, amount=f"{1000 + number}.00"),
            )
            attachment_add(actor=person, case=case, upload=pdf_upload(), kind="budget")


def make_sent_case(*, person, call, organisation, handler, versions, attachments, messages):
    """A sent case with ``versions`` versions, ``attachments`` attachments of its own and
    ``messages`` handler messages, each with an attachment."""
    case = case_create_draft(actor=person, grant_call=call, organisation=organisation)
    for number in range(versions):
        case = case_send(
            actor=person,
            case=case,
            data=valid_answers(organisation, person, amount=f"{1000 + number}.00"),
        )
    for number in range(attachments):
        attachment_add(
            actor=person, case=case, upload=pdf_upload(f"liite-{number}.pdf"), kind="budget"
        )
    for number in range(messages):
        message_send(
            actor=handler,
            case=case,
            from_staff=True,
            body=f"Viesti {number}",
            uploads=[pdf_upload(f"viestin-liite-{number}.pdf")],
        )
    return case


def get(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200


@pytest.fixture
def sports_club(representative) -> ApplicantOrganisation:
    organisation = ApplicantOrganisation.objects.create(
        business_id="2345678-0", name="Pohjoisen Urheiluseura ry"
    )
    Representation.objects.create(person=representative, organisation=organisation, role="chair")
    return organisation


@pytest.mark.parametrize("group", ["", "?group=sent"])
def test_own_folder_query_count_does_not_grow_with_applications(
    client, django_assert_num_queries, general_call, group
):
    few = make_person("aino", "Aino", "Asukas")
    many = make_person("ville", "Ville", "Vieras")
    make_cases(person=few, call=general_call, organisation=None, count=2)
    make_cases(person=many, call=general_call, organisation=None, count=30)

    client.force_login(few)
    with CaptureQueriesContext(connection) as small:
        get(client, reverse("cases:folder") + group)
    client.force_login(many)
    with django_assert_num_queries(FOLDER_QUERIES):
        response = client.get(reverse("cases:folder") + group)

    assert len(small) == FOLDER_QUERIES
    # The large folder really lists many rows: 30 of them, or the 15 sent ones.
    assert len(response.context["cases"]) == (15 if group else 30)


def test_organisation_folder_query_count_does_not_grow_with_applications(
    client, django_assert_num_queries, general_call, association, representative, sports_club
):
    make_cases(person=representative, call=general_call, organisation=association, count=2)
    make_cases(person=representative, call=general_call, organisation=sports_club, count=30)
    client.force_login(representative)
    counts = []
    for organisation in (association, sports_club):
        session = client.session
        session[SESSION_KEY] = organisation.pk
        session.save()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("cases:folder"))
        assert response.context["acting_for"] == organisation
        counts.append((len(captured), len(response.context["cases"])))

    assert counts == [(FOLDER_ACTING_FOR_QUERIES, 2), (FOLDER_ACTING_FOR_QUERIES, 30)]
    with django_assert_num_queries(FOLDER_ACTING_FOR_QUERIES):
        get(client, reverse("cases:folder") + "?group=sent")


@pytest.fixture
def small_and_large_case(general_call, association, representative, handler_culture):
    def make(versions, attachments, messages):
        return make_sent_case(
            person=representative,
            call=general_call,
            organisation=association,
            handler=handler_culture,
            versions=versions,
            attachments=attachments,
            messages=messages,
        )

    return make(1, 1, 1), make(8, 10, 10)


@pytest.mark.parametrize("unread", [False, True], ids=["read", "unread"])
def test_application_page_query_count_does_not_grow_with_its_contents(
    client, django_assert_num_queries, representative, small_and_large_case, unread
):
    small, large = small_and_large_case
    if not unread:
        for case in (small, large):
            messages_mark_read(actor=representative, case=case)
    client.force_login(representative)

    with CaptureQueriesContext(connection) as captured:
        get(client, reverse("cases:detail", args=[small.pk]))
    expected = DETAIL_UNREAD_QUERIES if unread else DETAIL_QUERIES
    with django_assert_num_queries(expected):
        response = client.get(reverse("cases:detail", args=[large.pk]))

    assert len(captured) == expected
    assert len(response.context["versions"]) == 8
    assert len(response.context["attachments"]) == 10
    assert [len(m.attachments.all()) for m in response.context["case_messages"]] == [1] * 10


def test_edit_page_query_count_does_not_grow_with_attachments(
    client, django_assert_num_queries, general_call, resident
):
    cases = []
    for count in (1, 10):
        case = case_create_draft(actor=resident, grant_call=general_call)
        for number in range(count):
            attachment_add(
                actor=resident, case=case, upload=pdf_upload(f"liite-{number}.pdf"), kind="budget"
            )
        cases.append(case)
    client.force_login(resident)

    with CaptureQueriesContext(connection) as captured:
        get(client, reverse("cases:edit", args=[cases[0].pk]))
    with django_assert_num_queries(EDIT_QUERIES):
        response = client.get(reverse("cases:edit", args=[cases[1].pk]))

    assert len(captured) == EDIT_QUERIES
    assert response.content.decode().count("liite-") == 10
