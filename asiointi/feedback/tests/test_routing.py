"""Routing suggestions, with worked examples: each suggestion says why."""

import pytest

from asiointi.feedback import routing, services
from asiointi.feedback.intake import FeedbackInput, feedback_submit

pytestmark = pytest.mark.django_db


def codes(suggestions) -> list[str | None]:
    return [s.service.code if s.service else None for s in suggestions]


def test_inflected_finnish_word_matches_the_keyword_stem(catalogue):
    # "kuopasta" is "kuoppa" (a pothole) in the elative case: the stem "kuop" matches.
    suggestions = routing.suggest("Pyörätiellä on iso kuopasta vettä roiskuu")
    assert codes(suggestions)[0] == "katujen-kunnossapito"
    best = suggestions[0]
    assert best.department.code == "urban"
    assert best.score == routing.KEYWORD_POINTS
    assert best.reasons == ["Sana ”kuopasta” vastaa palvelun hakusanaa ”kuoppa”."]


def test_case_and_diacritics_do_not_matter(catalogue):
    # "JÄÄHALLISSA" → "jaahallissa", keyword "jäähalli" → stem "jaahal".
    suggestions = routing.suggest("JAAHALLISSA on kylmä ja UIMAHALLIN kahvio kiinni")
    assert codes(suggestions) == ["liikuntapaikat"]
    assert suggestions[0].score == 2 * routing.KEYWORD_POINTS


def test_several_services_are_ranked_by_points(catalogue):
    suggestions = routing.suggest(
        "Puistossa penkki rikki, ja kirjaston aukiolo on liian lyhyt. Puiston roskis täynnä."
    )
    # puistot: puisto, penkki, roskis and roska ("roskis" starts with the stem "rosk") = 4
    # keywords > kirjastot: kirjasto, kirja ("kirj"), aukiolo = 3.
    assert codes(suggestions)[:2] == ["puistot", "kirjastot"]
    assert [s.score for s in suggestions[:2]] == [4 * routing.KEYWORD_POINTS, 9]


def test_short_keywords_match_only_whole_words(catalogue):
    # "puu" (a tree) must not match "puuttuu" (is missing).
    assert codes(routing.suggest("Vastaus puuttuu edelleen")) == []


def test_nothing_matched_gives_no_suggestion(catalogue):
    assert routing.suggest("Hei, kiitos!") == []
    assert routing.suggest("") == []


def test_similar_earlier_routed_feedback_is_suggested_with_its_number(catalogue, triage_officer):
    earlier = feedback_submit(
        FeedbackInput(
            service_code="",
            description="Sähkölaatikon kansi irti Vallilan kadunkulmassa, vaarallinen lapsille.",
        )
    )
    services.feedback_route(
        actor=triage_officer,
        feedback=earlier,
        service=__import__("asiointi.catalogue.models", fromlist=["Service"]).Service.objects.get(
            code="asiakaspalvelu"
        ),
    )
    suggestions = routing.suggest("Vallilassa sähkölaatikon kansi on taas irti.")
    assert codes(suggestions) == ["asiakaspalvelu"]
    reason = suggestions[0].reasons[0]
    assert earlier.request_id in reason
    assert "kans…" in reason and "sahk…" in reason and "vall…" in reason
    assert suggestions[0].score == 4  # kans, sahk, vall, irti


def test_unrouted_feedback_is_not_a_similar_example(catalogue):
    feedback_submit(
        FeedbackInput(service_code="", description="Sähkölaatikon kansi irti Vallilassa.")
    )
    assert routing.suggest("Sähkölaatikon kansi irti Vallilassa.") == []


def test_suggest_uses_a_bounded_number_of_queries(catalogue, django_assert_num_queries):
    with django_assert_num_queries(2):  # the services, the recent routed feedback
        routing.suggest("Kirjaston kirjat ovat huonossa kunnossa")
