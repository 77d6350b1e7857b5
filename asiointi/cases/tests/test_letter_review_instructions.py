"""The review instructions of a case's decision letter follow the kind of decision: a grant
(office holder or board) under the Local Government Act — 14 days, the party and any member of
the municipality, the minutes online — and social assistance under the Administrative Procedure
Act — 30 days, the party alone, to the social-welfare body named in the letter. Read from the
PDF's text."""

import pytest
from django.utils import timezone

from asiointi.cases.constants import DecisionOutcome
from asiointi.cases.models import Case
from asiointi.cases.review_instructions import ReviewKind, case_review_kind
from asiointi.cases.services.decisions import (
    case_decide,
    case_finalise_decision,
    case_propose_decision,
)
from asiointi.cases.services.processing import case_start_processing
from asiointi.cases.tests.test_decision_letter import BOARD_DETAILS, letter_of, pdf_text
from asiointi.catalogue.constants import DecisionMaker
from asiointi.catalogue.models import GrantCall

pytestmark = pytest.mark.django_db

# Words of the Local Government Act's instructions that a social-welfare letter never has.
MUNICIPAL_MEMBERS = {
    "fi": ("kunnan jäsen", "pöytäkirja", "14 päivän", "Kuntalaki", "kuntalaki"),
    "sv": ("kommunmedlem", "protokollet", "14 dagar", "kommunallagen"),
    "en": ("member of the municipality", "minutes", "14 days", "Local Government Act"),
}


def decided(case: Case, handler, captured, **decision) -> Case:
    case = case_start_processing(actor=handler, case=case)
    with captured(execute=True):
        case_decide(actor=handler, case=case, **decision)
    case.refresh_from_db()
    return case


def in_language(person, language: str) -> None:
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])


def test_grant_by_an_office_holder(
    submitted, representative, handler_culture, django_capture_on_commit_callbacks
):
    in_language(representative, "fi")
    case = decided(
        submitted,
        handler_culture,
        django_capture_on_commit_callbacks,
        outcome=DecisionOutcome.REJECTED,
        reasoning="Toiminta ei ole avointa.",
    )
    _reader, text = pdf_text(letter_of(case))
    for expected in (
        # Who: the party and any member of the municipality.
        "(asianosainen), sekä kunnan jäsen.",
        # The deadline and both notification rules.
        "Oikaisuvaatimus on tehtävä 14 päivän kuluessa päätöksen tiedoksisaannista.",
        "kolmantena päivänä sen lähettämisestä",
        "seitsemäntenä päivänä sen lähettämisestä",
        "kun pöytäkirja on asetettu yleisesti nähtäväksi yleiseen tietoverkkoon",
        # The receiving body: the board the office holder is subordinate to.
        "Oikaisuvaatimus tehdään toimielimelle, jonka alainen viranhaltija on: "
        f"{case.department.name_fi} -toimialasta vastaavalle lautakunnalle.",
        "Oikeusperuste: kuntalaki (410/2015)",
    ):
        assert expected in text, expected
    assert "30 päivän" not in text
    assert "Oikaisuvaatimuksen saa tehdä vain asianosainen" not in text


def test_grant_by_a_board(
    submitted, representative, handler_culture, django_capture_on_commit_callbacks
):
    in_language(representative, "en")
    GrantCall.objects.filter(pk=submitted.grant_call_id).update(decision_maker=DecisionMaker.BOARD)
    case = case_start_processing(actor=handler_culture, case=submitted)
    case = case_propose_decision(
        actor=handler_culture,
        case=case,
        outcome=DecisionOutcome.APPROVED,
        granted_amount="5000",
        reasoning="Meets the criteria.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        case_finalise_decision(
            actor=handler_culture, case=case, decided_at=timezone.now(), details=BOARD_DETAILS
        )
    _reader, text = pdf_text(letter_of(case))
    for expected in (
        "and by a member of the municipality.",
        "within 14 days of the notification of the decision",
        "made to the authority that made the decision: Kulttuuri- ja vapaa-aikalautakunta.",
        "the minutes were made publicly available",
        "Legal basis: Local Government Act (410/2015), sections 134–138",
    ):
        assert expected in text, expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fi",
            (
                "Oikaisuvaatimuksen saa tehdä vain asianosainen eli henkilö, jota päätös koskee.",
                "Oikaisuvaatimus on tehtävä 30 päivän kuluessa päätöksen tiedoksisaannista.",
                "sähköisesti lähetetyn päätöksen katsotaan tulleen tiedoksi kolmantena päivänä",
                "kirjeenä postitse lähetetyn päätöksen seitsemäntenä päivänä",
                "Oikaisuvaatimus tehdään sosiaalihuollosta vastaavalle kunnan toimielimelle: "
                "Esimerkkilän kaupunki, sosiaali- ja terveyslautakunta.",
                "Oikeusperuste: laki toimeentulotuesta (1412/1997) 24 §; sosiaalihuoltolaki "
                "(1301/2014) 48 §; hallintolaki (434/2003) 49 a–49 g § ja 59 §",
            ),
        ),
        (
            "sv",
            (
                "Endast en part får begära omprövning",
                "inom 30 dagar från delfåendet av beslutet",
                "den tredje dagen efter att meddelandet sändes",
                "den sjunde dagen efter att brevet sändes",
                "Omprövning begärs hos det kommunala organ som ansvarar för socialvården: "
                "Esimerkkilän kaupunki, social- och hälsovårdsnämnden.",
                "lagen om utkomststöd (1412/1997) 24 §",
            ),
        ),
        (
            "en",
            (
                "Only the party may request a review: the person to whom the decision applies.",
                "within 30 days of the notification of the decision",
                "received on the third day after it was sent",
                "by post as a letter on the seventh day after it was sent",
                "The request for review is made to the municipal body responsible for social "
                "welfare: Esimerkkilän kaupunki, Social and Health Services Committee.",
                "Act on Social Assistance (1412/1997), section 24; Social Welfare Act "
                "(1301/2014), section 48; Administrative Procedure Act (434/2003), sections "
                "49 a–49 g and 59",
            ),
        ),
    ],
)
def test_social_assistance(
    language,
    expected,
    submitted_assistance,
    resident,
    social_worker,
    django_capture_on_commit_callbacks,
):
    in_language(resident, language)
    case = decided(
        submitted_assistance,
        social_worker,
        django_capture_on_commit_callbacks,
        outcome=DecisionOutcome.REJECTED,
        reasoning="Tulot riittävät.",
    )
    _reader, text = pdf_text(letter_of(case))
    for words in expected:
        assert words in text, words
    for words in MUNICIPAL_MEMBERS[language]:
        assert words not in text, words


def test_the_kind_follows_the_service_and_the_decision_maker(submitted, submitted_assistance):
    assert (
        case_review_kind(submitted.service.code, by_board=False)
        == ReviewKind.GRANT_BY_OFFICE_HOLDER
    )
    assert case_review_kind(submitted.service.code, by_board=True) == ReviewKind.GRANT_BY_BOARD
    # Social assistance is a social-welfare decision whoever makes it.
    for by_board in (False, True):
        assert (
            case_review_kind(submitted_assistance.service.code, by_board=by_board)
            == ReviewKind.SOCIAL_ASSISTANCE
        )
