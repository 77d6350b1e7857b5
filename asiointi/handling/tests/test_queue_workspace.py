"""The queue as a workspace: the filter panel remembered per staff member, sorting by the column
headers, row counts, htmx filtering with the plain form as fallback, bulk assignment, and the
filters each department's own services need (no grant filters in a social-assistance queue)."""

import pytest
from django.urls import reverse
from django.utils import translation

from asiointi.cases.constants import CaseStatus, EventKind
from asiointi.cases.models import Case, CaseReadAudit, TimelineEvent
from asiointi.handling.models import QueuePreference
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.testing.fixtures import make_person

pytestmark = pytest.mark.django_db

QUEUE = "handling:queue"


@pytest.fixture
def kaisa(client, handler_culture, queue_cases):
    client.force_login(handler_culture)
    return handler_culture


@pytest.fixture
def pirjo(catalogue):
    """A colleague of Kaisa's in culture, to assign to."""
    person = make_person("pirjo2", "Pirjo", "Toinen", is_staff=True)
    Membership.objects.create(
        user=person, department=Department.objects.get(code="culture"), role=StaffRole.HANDLER
    )
    return person


def fi(msgid: str, **values) -> str:
    """A message as the (Finnish, default) page shows it."""
    with translation.override("fi"):
        text = translation.gettext(msgid)
    return text % values if values else text


def content(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# --- the filter panel -------------------------------------------------------------------------


def test_filter_panel_is_closed_until_the_staff_member_opens_it(client, kaisa):
    page = content(client.get(reverse(QUEUE)))
    assert '<details class="asi-filter-panel" id="queue-filter-panel">' in page
    # The search stays in the bar, outside the panel.
    assert page.index('name="q"') < page.index('id="queue-filter-panel"')

    # Without JavaScript: the "keep open" button posts the choice and goes back to the queue.
    response = client.post(
        reverse("handling:queue_filter_panel"),
        {"open": "1", "next": reverse(QUEUE) + "?tab=mine&sort=-received"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(QUEUE) + "?tab=mine&sort=-received"
    assert QueuePreference.objects.get(user=kaisa).filters_open is True
    page = content(client.get(reverse(QUEUE)))
    assert '<details class="asi-filter-panel" id="queue-filter-panel" open>' in page
    assert fi("Keep the filters closed on my next visits") in page

    # With htmx the summary posts as it toggles, and gets itself back with the next value.
    response = client.post(
        reverse("handling:queue_filter_panel"), {"open": "0", "in_use": "2"}, HTTP_HX_REQUEST="true"
    )
    summary = content(response)
    assert summary.startswith("<summary")
    assert '"open": "1"' in summary
    assert 'data-in-use="2"' in summary
    assert QueuePreference.objects.get(user=kaisa).filters_open is False


def test_the_preference_is_the_staff_members_own(client, kaisa, pirjo):
    QueuePreference.objects.create(user=pirjo, filters_open=True)
    page = content(client.get(reverse(QUEUE)))
    assert 'id="queue-filter-panel">' in page  # Kaisa's stays closed


def test_filter_errors_open_the_panel_and_the_summary_counts_filters_in_use(client, kaisa):
    page = content(client.get(reverse(QUEUE) + "?amount_min=paljon"))
    assert 'id="queue-filter-panel" open>' in page
    page = content(client.get(reverse(QUEUE) + "?amount_min=100&received_from=2026-01-01&q=ry"))
    assert 'data-in-use="2"' in page  # the search is in the bar, not counted


def test_going_back_only_to_the_queue(client, kaisa):
    response = client.post(
        reverse("handling:queue_filter_panel"), {"open": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse(QUEUE)


# --- sorting, counts, htmx --------------------------------------------------------------------


def test_headers_sort_and_reverse_on_a_second_click(client, kaisa, queue_cases):
    page = content(client.get(reverse(QUEUE)))
    # Received (the default, oldest first) is sorted ascending; a click reverses it.
    assert 'aria-sort="ascending"><a href="?sort=-received"' in page
    assert 'href="?sort=amount"' in page
    response = client.get(reverse(QUEUE) + "?sort=-amount")
    assert [c.record_number for c in response.context["cases"]] == [
        queue_cases[name].record_number for name in ("kallio", "sports", "aino")
    ]
    assert 'aria-sort="descending"><a href="?sort=amount"' in content(response)


def test_row_count_of_the_whole_list(client, kaisa):
    response = client.get(reverse(QUEUE))
    assert response.context["total"] == 3
    assert "1–3 / 3" in content(response) or 'data-total="3"' in content(response)
    response = client.get(reverse(QUEUE) + "?amount_min=1000")
    assert response.context["total"] == 2
    assert 'data-total="2"' in content(response)


def test_htmx_filtering_gets_only_the_results(client, kaisa, queue_cases):
    response = client.get(
        reverse(QUEUE) + "?amount_min=1000",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="queue-results",
    )
    page = content(response)
    assert page.lstrip().startswith('<div id="queue-results"')
    assert "<html" not in page
    assert queue_cases["kallio"].record_number in page
    assert queue_cases["aino"].record_number not in page
    # The sort the next filtering keeps is updated out of band.
    assert 'id="queue-sort" hx-swap-oob="true"' in page
    # The plain request gets the whole page, with the same results region.
    page = content(client.get(reverse(QUEUE) + "?amount_min=1000"))
    assert "<html" in page and 'id="queue-results"' in page
    assert 'hx-get="/kasittely/"' in page and 'hx-push-url="true"' in page


# --- bulk assignment --------------------------------------------------------------------------


def test_bulk_assign_two_rows(client, kaisa, pirjo, queue_cases):
    kallio, sports = queue_cases["kallio"], queue_cases["sports"]
    page = content(client.get(reverse(QUEUE)))
    assert 'id="bulk-assign"' in page and "Pirjo Toinen" in page
    response = client.post(
        reverse("handling:bulk_assign"),
        {"cases": [kallio.pk, sports.pk], "handler": pirjo.pk, "next": reverse(QUEUE) + "?tab=new"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(QUEUE) + "?tab=new"
    assert set(Case.objects.filter(handler=pirjo).values_list("pk", flat=True)) == {
        kallio.pk,
        sports.pk,
    }
    # The same timeline event as the single assignment, one per case.
    events = TimelineEvent.objects.filter(kind=EventKind.ASSIGNED, case__in=[kallio, sports])
    assert sorted((e.case_id, e.actor_id, e.details["handler"]) for e in events) == sorted(
        [(kallio.pk, kaisa.pk, pirjo.pk), (sports.pk, kaisa.pk, pirjo.pk)]
    )


def test_bulk_assign_is_all_or_nothing(client, kaisa, pirjo, queue_cases):
    """A case Kaisa may not handle (another department's) among the chosen: nothing changes."""
    education = queue_cases["education"]
    kallio = queue_cases["kallio"]
    response = client.post(
        reverse("handling:bulk_assign"),
        {"cases": [kallio.pk, education.pk], "handler": pirjo.pk},
        follow=True,
    )
    assert fi(
        "One of the chosen applications cannot be assigned by you. Nothing was assigned."
    ) in content(response)
    assert not Case.objects.filter(handler=pirjo).exists()
    assert not TimelineEvent.objects.filter(kind=EventKind.ASSIGNED, case=kallio).exists()


def test_bulk_assign_refuses_a_handler_of_another_department(client, kaisa, queue_cases):
    outsider = make_person("ulla", "Ulla", "Ulkopuolinen", is_staff=True)
    Membership.objects.create(
        user=outsider, department=Department.objects.get(code="education"), role=StaffRole.HANDLER
    )
    kallio = queue_cases["kallio"]
    response = client.post(
        reverse("handling:bulk_assign"),
        {"cases": [kallio.pk], "handler": outsider.pk},
        follow=True,
    )
    refusal = fi(
        "%(name)s is not a member of the department responsible for this application.",
        name="Ulla Ulkopuolinen",
    )
    assert fi(
        "%(record)s: %(message)s Nothing was assigned.",
        record=kallio.record_number,
        message=refusal,
    ) in content(response)
    kallio.refresh_from_db()
    assert kallio.handler is None


def test_bulk_assign_without_a_choice(client, kaisa, pirjo):
    response = client.post(reverse("handling:bulk_assign"), {"handler": pirjo.pk}, follow=True)
    assert fi("Choose the applications to assign.") in content(response)
    response = client.post(reverse("handling:bulk_assign"), {"cases": ["1"]}, follow=True)
    assert fi("Choose the handler.") in content(response)


def test_decided_tab_has_no_bulk_assignment(client, kaisa):
    page = content(client.get(reverse(QUEUE) + "?tab=decided"))
    assert 'id="bulk-assign"' not in page
    assert 'name="cases"' not in page


# --- each service its own filters -------------------------------------------------------------


@pytest.fixture
def sanna(client, social_worker, submitted_assistance):
    client.force_login(social_worker)
    return social_worker


def test_social_assistance_queue_has_no_grant_filters(client, sanna, submitted_assistance):
    response = client.get(reverse(QUEUE))
    page = content(response)
    form = response.context["form"]
    assert {"grant_call", "amount_min", "amount_max"}.isdisjoint(form.fields)
    assert CaseStatus.DECISION_PROPOSED not in dict(form.fields["status"].choices)
    assert "amount" not in dict(form.fields["sort"].choices)
    assert "Requested amount" not in page and "amount_min" not in page
    assert 'id="decision-lists-link"' not in page and 'id="reports-link"' not in page
    assert [c.record_number for c in response.context["cases"]] == [
        submitted_assistance.record_number
    ]
    # An amount in the address is no filter here: left out, not an error.
    response = client.get(reverse(QUEUE) + "?amount_min=100&sort=amount")
    assert len(response.context["cases"]) == 1


def test_grant_queue_keeps_its_grant_filters(client, kaisa):
    response = client.get(reverse(QUEUE))
    page = content(response)
    assert {"grant_call", "amount_min", "amount_max"} <= set(response.context["form"].fields)
    assert 'id="decision-lists-link"' in page and 'id="reports-link"' in page


def test_bulk_assign_of_a_confidential_case_is_audited_like_a_single_one(
    client, sanna, submitted_assistance, social_worker_east
):
    client.post(
        reverse("handling:bulk_assign"),
        {"cases": [submitted_assistance.pk], "handler": social_worker_east.pk},
    )
    submitted_assistance.refresh_from_db()
    assert submitted_assistance.handler == social_worker_east
    assert CaseReadAudit.objects.filter(reader=sanna, case=submitted_assistance).exists()


def test_bulk_assign_takes_at_most_a_hundred(client, kaisa, pirjo, queue_cases):
    chosen = [queue_cases["kallio"].pk, *range(10_000, 10_100)]
    response = client.post(
        reverse("handling:bulk_assign"), {"cases": chosen, "handler": pirjo.pk}, follow=True
    )
    assert fi("Choose at most %(limit)s applications at a time.", limit=100) in content(response)
    assert not Case.objects.filter(handler=pirjo).exists()
