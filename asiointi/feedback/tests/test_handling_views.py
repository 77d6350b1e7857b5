"""The handlers' feedback pages: access, forms, errors next to fields, query counts."""

import datetime

import pytest
from django.utils import timezone

from asiointi.feedback import services
from asiointi.feedback.constants import FeedbackChannel, FeedbackStatus, Publication
from asiointi.feedback.intake import FeedbackInput, feedback_submit
from asiointi.feedback.models import Feedback, FeedbackPhoto, StatementRequest
from asiointi.organisation.constants import StaffRole
from asiointi.organisation.models import Department, Membership
from asiointi.testing.fixtures import PNG_BYTES, make_person, pdf_upload, png_upload, url

pytestmark = pytest.mark.django_db


def submit(**changes) -> Feedback:
    values = {
        "service_code": "kirjastot",
        "description": "Kirjaston aukioloajat ovat liian lyhyet viikonloppuisin.",
        "contact_name": "Aino Asukas",
        "contact_email": "aino@example.com",
        "contact_phone": "040 123 4567",
        "reply_wanted": True,
    }
    values.update(changes)
    return feedback_submit(FeedbackInput(**values))


def detail_url(feedback) -> str:
    return url("feedback_handling:detail", feedback.pk)


def action_url(feedback, name) -> str:
    return url("feedback_handling:action", feedback.pk, name)


def staff_without_membership():
    return make_person("sami", "Sami", "Staff", is_staff=True)


def urban_handler():
    person = make_person("pekka", "Pekka", "Puutarha", is_staff=True)
    Membership.objects.create(
        user=person, department=Department.objects.get(code="urban"), role=StaffRole.HANDLER
    )
    return person


def test_handler_sees_everything_including_personal_data(client, handler_culture):
    feedback = submit(photos=[png_upload()])
    client.force_login(handler_culture)
    response = client.get(detail_url(feedback))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Aino Asukas", "aino@example.com", "040 123 4567", "aukioloajat"):
        assert text in html
    photo = feedback.photos.get()
    assert url("feedback_handling:photo", feedback.pk, photo.pk) in html
    assert 'name="lock_version" value="0"' in html
    assert 'id="answer-submit"' in html and 'id="claim-submit"' in html
    # The answer form warns that the answer is public.
    assert "Do not write personal data" in html or "henkilötietoja" in html
    photo_response = client.get(url("feedback_handling:photo", feedback.pk, photo.pk))
    assert photo_response.status_code == 200
    assert b"".join(photo_response.streaming_content) == PNG_BYTES


@pytest.mark.parametrize("who", ["resident", "other_department", "no_membership"])
def test_outsiders_get_404_on_every_page_and_nothing_changes(client, who, resident, catalogue):
    feedback = submit(photos=[png_upload()], reply_wanted=False)
    actor = {
        "resident": lambda: resident,
        "other_department": urban_handler,
        "no_membership": staff_without_membership,
    }[who]()
    client.force_login(actor)
    photo = feedback.photos.get()
    assert client.get(url("feedback_handling:queue")).status_code == (
        404 if who != "other_department" else 200
    )
    assert client.get(detail_url(feedback)).status_code == 404
    assert client.get(url("feedback_handling:photo", feedback.pk, photo.pk)).status_code == 404
    for name, data in [
        ("claim", {}),
        ("answer", {"answer-answer": "Vastaus"}),
        ("close_without_answer", {}),
        ("add_note", {"add_note-note": "x"}),
    ]:
        response = client.post(action_url(feedback, name), {"lock_version": 0, **data})
        assert response.status_code == 404, name
    before = Feedback.objects.get(pk=feedback.pk)
    assert before.status == FeedbackStatus.RECEIVED and before.lock_version == 0


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(url("feedback_handling:queue"))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_triage_sees_unrouted_feedback_and_routes_it(client, triage_officer, catalogue):
    feedback = submit(service_code="", description="Puistossa on kaatunut puu ja roskis on täynnä.")
    client.force_login(triage_officer)
    queue = client.get(url("feedback_handling:queue"))
    assert queue.context["tab"] == "triage"
    assert [row.pk for row in queue.context["rows"]] == [feedback.pk]
    page = client.get(detail_url(feedback)).content.decode()
    assert 'id="routing-suggestions"' in page and "Puistot ja viheralueet" in page
    assert 'id="answer-submit"' not in page  # triage only routes
    from asiointi.catalogue.models import Service

    puistot = Service.objects.get(code="puistot")
    response = client.post(
        action_url(feedback, "route"),
        {"lock_version": 0, "route-service": puistot.pk, "route-reason": "Suggestion"},
    )
    # Triage may still correct it while it is open.
    assert response.status_code == 302 and response["Location"] == detail_url(feedback)
    feedback.refresh_from_db()
    assert feedback.department.code == "urban" and feedback.service == puistot


def test_triage_cannot_handle_routed_feedback(client, triage_officer, handler_culture):
    feedback = submit()
    client.force_login(triage_officer)
    # May open it (to correct the routing) and sees only the route form …
    page = client.get(detail_url(feedback)).content.decode()
    assert 'id="route-submit"' in page and 'id="answer-submit"' not in page
    # … but every handler action is a 404.
    for name, data in [
        ("claim", {}),
        ("answer", {"answer-answer": "Vastaus"}),
        ("publish", {"publish-public_description": "Julkinen versio"}),
    ]:
        assert (
            client.post(action_url(feedback, name), {"lock_version": 0, **data}).status_code == 404
        )
    # Closed feedback of a department is not triage's business at all.
    services.feedback_answer(actor=handler_culture, feedback=feedback, text="Vastaus.")
    assert client.get(detail_url(feedback)).status_code == 404
    assert Feedback.objects.get(pk=feedback.pk).answer == "Vastaus."


def test_claim_and_answer_through_the_page(client, handler_culture):
    feedback = submit()
    client.force_login(handler_culture)
    response = client.post(action_url(feedback, "claim"), {"lock_version": 0})
    assert response.status_code == 302 and response["Location"] == detail_url(feedback)
    response = client.post(
        action_url(feedback, "answer"), {"lock_version": 1, "answer-answer": "Pidennämme."}
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.ANSWERED and feedback.answer == "Pidennämme."
    page = client.get(detail_url(feedback)).content.decode()
    assert 'data-kind="claimed"' in page and 'data-kind="answered"' in page
    assert "Käsittelijä" in page  # the actor on the timeline


def test_empty_answer_shows_the_error_next_to_the_field(client, handler_culture):
    feedback = submit()
    client.force_login(handler_culture)
    response = client.post(action_url(feedback, "answer"), {"lock_version": 0, "answer-answer": ""})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_answer-answer_error"' in html
    assert 'href="#id_answer-answer"' in html  # the summary links to the field
    assert Feedback.objects.get(pk=feedback.pk).status == FeedbackStatus.RECEIVED


def test_typed_text_is_kept_when_the_form_fails(client, handler_culture):
    feedback = submit()
    client.force_login(handler_culture)
    response = client.post(
        action_url(feedback, "transfer"),
        {"lock_version": 0, "transfer-reason": "Kuuluu muille", "transfer-department": ""},
    )
    assert response.status_code == 422
    assert "Kuuluu muille" in response.content.decode()


def test_stale_page_shows_a_conflict_message(client, handler_culture):
    feedback = submit()
    services.feedback_claim(actor=handler_culture, feedback=feedback)
    client.force_login(handler_culture)
    response = client.post(
        action_url(feedback, "answer"),
        {"lock_version": 0, "answer-answer": "Vastaus"},
        follow=True,
    )
    assert "Joku muu muutti tätä palautetta, kun sivu oli auki." in response.content.decode()
    assert Feedback.objects.get(pk=feedback.pk).answer == ""


def test_close_without_answer_refused_when_a_reply_was_wanted(client, handler_culture):
    feedback = submit(reply_wanted=True)
    client.force_login(handler_culture)
    page = client.get(detail_url(feedback)).content.decode()
    assert 'id="close-refused-note"' in page and 'id="close_without_answer-submit"' not in page
    response = client.post(
        action_url(feedback, "close_without_answer"), {"lock_version": 0}, follow=True
    )
    assert response.status_code == 200
    assert Feedback.objects.get(pk=feedback.pk).status == FeedbackStatus.RECEIVED
    assert len(list(response.context["messages"])) == 1


def test_forward_through_the_page(client, handler_culture):
    feedback = submit(publish_consent=True)
    client.force_login(handler_culture)
    response = client.post(
        action_url(feedback, "forward"),
        {"lock_version": 0, "forward-reason": "confidential", "forward-pointer": "HEL 2026-1"},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.status == FeedbackStatus.FORWARDED
    assert feedback.publication == Publication.DECLINED
    page = client.get(detail_url(feedback)).content.decode()
    assert 'id="publish-submit"' not in page


def test_publish_form_is_prefilled_and_publishes_the_edit(client, handler_culture):
    feedback = services.feedback_answer(
        actor=handler_culture, feedback=submit(publish_consent=True), text="Vastaus Ainolle."
    )
    client.force_login(handler_culture)
    page = client.get(detail_url(feedback)).content.decode()
    assert "Kirjaston aukioloajat ovat liian lyhyet viikonloppuisin." in page
    assert 'id="publish-submit"' in page
    response = client.post(
        action_url(feedback, "publish"),
        {
            "lock_version": feedback.lock_version,
            "publish-public_description": "Aukioloajat ovat lyhyet.",
            "publish-public_answer": "Vastaus.",
        },
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert feedback.publication == Publication.PUBLISHED
    assert feedback.public_answer == "Vastaus." and feedback.answer == "Vastaus Ainolle."


def test_statement_asked_from_another_department(client, handler_culture, handler_education):
    feedback = submit()
    client.force_login(handler_culture)
    education = Department.objects.get(code="education")
    client.post(
        action_url(feedback, "request_statement"),
        {
            "lock_version": 0,
            "request_statement-department": education.pk,
            "request_statement-question": "Onko koulukirjastoille muutoksia?",
        },
    )
    statement = StatementRequest.objects.get(feedback=feedback)
    client.force_login(handler_education)
    queue = client.get(url("feedback_handling:queue") + "?tab=statements")
    assert [row.pk for row in queue.context["rows"]] == [feedback.pk]
    page = client.get(detail_url(feedback)).content.decode()
    # The limited view: the question and the feedback, not the personal data.
    assert "Onko koulukirjastoille muutoksia?" in page
    assert "aino@example.com" not in page and "040 123 4567" not in page
    assert 'id="answer-submit"' not in page
    response = client.post(
        url("feedback_handling:give_statement", feedback.pk, statement.pk),
        {f"statement-{statement.pk}-statement": "Ei muutoksia."},
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.statement == "Ei muutoksia." and statement.given_by == handler_education
    client.force_login(handler_culture)
    assert "Ei muutoksia." in client.get(detail_url(feedback)).content.decode()
    # A handler of a third department may not give it.
    client.force_login(urban_handler())
    response = client.post(
        url("feedback_handling:give_statement", feedback.pk, statement.pk),
        {f"statement-{statement.pk}-statement": "Minäkin."},
    )
    assert response.status_code == 404


def test_register_by_phone(client, handler_culture):
    client.force_login(handler_culture)
    assert client.get(url("feedback_handling:register")).status_code == 200
    arrived = timezone.localtime() - datetime.timedelta(hours=1)
    response = client.post(
        url("feedback_handling:register"),
        {
            "channel": FeedbackChannel.PHONE,
            "received_at": arrived.strftime("%Y-%m-%dT%H:%M"),
            "type": "feedback",
            "service_code": "kirjastot",
            "description": "Soittaja: kirjastossa on liian kylmä.",
            "contact_phone": "040 765 4321",
            "reply_wanted": "on",
            "language": "fi",
        },
    )
    feedback = Feedback.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(feedback)
    assert feedback.channel == FeedbackChannel.PHONE and feedback.registered_by == handler_culture
    assert feedback.received_at == arrived.replace(second=0, microsecond=0)


def test_register_from_email_with_the_photos_the_resident_sent(client, handler_culture):
    client.force_login(handler_culture)
    response = client.post(
        url("feedback_handling:register"),
        {
            "channel": FeedbackChannel.EMAIL,
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "type": "feedback",
            "service_code": "liikuntapaikat",
            "description": "Sähköposti: uimahallin portaan kaide on irti, kuvat liitteenä.",
            "photos": [png_upload("kaide1.png"), png_upload("kaide2.png")],
            "language": "fi",
        },
    )
    feedback = Feedback.objects.get()
    assert response.status_code == 302
    assert sorted(feedback.photos.values_list("original_name", flat=True)) == [
        "kaide1.png",
        "kaide2.png",
    ]
    detail = client.get(detail_url(feedback)).content.decode()
    assert "kaide1.png" in detail


def test_register_refuses_a_file_that_is_not_a_photo_and_stores_nothing(client, handler_culture):
    client.force_login(handler_culture)
    response = client.post(
        url("feedback_handling:register"),
        {
            "channel": FeedbackChannel.EMAIL,
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "type": "feedback",
            "service_code": "liikuntapaikat",
            "description": "Sähköposti, jonka liitteenä oli PDF eikä kuva.",
            "photos": [pdf_upload("kaide.pdf")],
            "language": "fi",
        },
    )
    assert response.status_code == 422
    assert "kaide.pdf" in response.content.decode()
    assert not Feedback.objects.exists() and not FeedbackPhoto.objects.exists()


def test_register_errors_next_to_fields_and_nothing_stored(client, handler_culture):
    client.force_login(handler_culture)
    response = client.post(
        url("feedback_handling:register"),
        {
            "channel": "online",
            "received_at": "",
            "type": "feedback",
            "description": "lyhyt",
            "reply_wanted": "on",
            "language": "fi",
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    for field in ("channel", "received_at"):
        assert f'id="id_{field}_error"' in html
    assert not Feedback.objects.exists()
    # Description and contact rules come from intake, next to their fields.
    response = client.post(
        url("feedback_handling:register"),
        {
            "channel": "desk",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "type": "feedback",
            "description": "Liian lyhyt",
            "reply_wanted": "on",
            "language": "fi",
        },
    )
    assert response.status_code == 422
    assert 'id="id_contact_email_error"' in response.content.decode()
    assert not Feedback.objects.exists()


def _many(count: int, handler) -> None:
    for index in range(count):
        feedback = submit(description=f"Kirjaston palaute numero {index} tässä.")
        if index % 3 == 0:
            services.feedback_request_statement(
                actor=handler,
                feedback=feedback,
                department=Department.objects.get(code="education"),
                question="?",
            )
    Feedback.objects.update(reminders_sent=1)


QUEUE_QUERIES = 6  # session, user, memberships, rows, tab counts, statement count


@pytest.mark.parametrize("count", [1, 30])
def test_queue_query_count_does_not_grow_with_rows(
    client, handler_culture, django_assert_num_queries, count
):
    _many(count, handler_culture)
    client.force_login(handler_culture)
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get(url("feedback_handling:queue"))
    assert len(response.context["rows"]) == count
    html = response.content.decode()
    assert html.count('data-reminder="1"') == count


def test_queue_tabs_and_order(client, handler_culture):
    old = submit()
    Feedback.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=4), reminders_sent=1
    )
    new = submit()
    mine = services.feedback_claim(actor=handler_culture, feedback=submit())
    client.force_login(handler_culture)
    rows = client.get(url("feedback_handling:queue")).context["rows"]
    assert [row.pk for row in rows] == [old.pk, new.pk]  # oldest first
    assert (
        "3-day reminder sent"
        in client.get(url("feedback_handling:queue", language="en")).content.decode()
    )
    for tab, expected in [("in_process", [mine.pk]), ("mine", [mine.pk]), ("closed", [])]:
        response = client.get(url("feedback_handling:queue") + f"?tab={tab}")
        assert [row.pk for row in response.context["rows"]] == expected, tab
    counts = {key: count for key, _label, count in response.context["tabs"]}
    assert counts == {"new": 2, "in_process": 1, "mine": 1, "statements": 0, "closed": 0}


def test_queue_sorts_by_a_clicked_header_and_back(client, handler_culture):
    old, new = submit(), submit(type="idea")
    Feedback.objects.filter(pk=old.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=4)
    )
    client.force_login(handler_culture)
    queue = url("feedback_handling:queue")
    html = client.get(queue).content.decode()
    # The headers are links that sort by their column, ascending first.
    assert 'href="?sort=received"' in html and 'href="?sort=number"' in html
    newest_first = client.get(queue + "?sort=-received")
    assert [row.pk for row in newest_first.context["rows"]] == [new.pk, old.pk]
    assert 'aria-sort="descending"' in newest_first.content.decode()
    oldest_first = client.get(queue + "?sort=received").context["rows"]
    assert [row.pk for row in oldest_first] == [old.pk, new.pk]
    by_number = client.get(queue + "?sort=-number").context["rows"]
    assert [row.pk for row in by_number] == [new.pk, old.pk]
    # A column that cannot be sorted is ignored: the usual order, oldest first.
    ignored = client.get(queue + "?sort=contact_email")
    assert ignored.status_code == 200
    assert [row.pk for row in ignored.context["rows"]] == [old.pk, new.pk]


def test_sorting_with_htmx_answers_with_the_table_alone(client, handler_culture):
    submit()
    client.force_login(handler_culture)
    response = client.get(
        url("feedback_handling:queue") + "?sort=-received",
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="feedback-results",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="feedback-queue"' in html
    assert "<html" not in html and "feedback-tabs" not in html


# session, user, memberships, feedback; events, statements, photos, reminders; the routing
# suggestion (services, recent feedback); the choices of the statement and transfer forms.
DETAIL_QUERIES = 13


@pytest.mark.parametrize("events", [0, 5])
def test_detail_query_count_is_fixed(client, handler_culture, django_assert_num_queries, events):
    feedback = submit(photos=[png_upload()])
    for index in range(events):
        services.feedback_add_note(
            actor=handler_culture, feedback=feedback, text=f"Muistiinpano {index}"
        )
    client.force_login(handler_culture)
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(detail_url(feedback))
    assert response.status_code == 200


@pytest.mark.parametrize(("language", "empty"), [("fi", "– Valitse –"), ("sv", "– Välj –")])
def test_the_empty_choice_of_the_selects_is_translated(client, handler_culture, language, empty):
    feedback = submit()
    client.force_login(handler_culture)
    html = client.get(url("feedback_handling:detail", feedback.pk, language=language)).content
    html = html.decode()
    for name in (
        "request_statement-department",
        "request_statement-expert",
        "transfer-department",
    ):
        select = html[html.index(f'name="{name}"') :]
        select = select[: select.index("</select>")]
        assert f'<option value="" selected>{empty}</option>' in select, name
    assert "---------" not in html


@pytest.mark.parametrize(("language", "empty"), [("fi", "– Valitse –"), ("sv", "– Välj –")])
def test_the_empty_choice_of_the_routing_selects_is_translated(
    client, triage_officer, language, empty
):
    feedback = submit(service_code="", description="Puistossa on kaatunut puu ja roskis on täynnä.")
    client.force_login(triage_officer)
    html = client.get(url("feedback_handling:detail", feedback.pk, language=language)).content
    html = html.decode()
    for name in ("route-department", "route-service"):
        select = html[html.index(f'name="{name}"') :]
        select = select[: select.index("</select>")]
        assert f'<option value="" selected>{empty}</option>' in select, name
    assert "---------" not in html
