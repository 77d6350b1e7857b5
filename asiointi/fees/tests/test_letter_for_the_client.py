"""The fee decision letter is written for the client: the calculation's steps, never the
official's worksheet lines (a figure not yet confirmed, the proposed amount, the change from the
current fee, registry failures), and the review instructions of a social-welfare decision: a
request for review by the client alone, within 30 days, to the body named in the letter."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from asiointi.fees import decisions, proposals
from asiointi.fees.models import FeeDecision, VoucherFormula
from asiointi.fees.tests.decision_builders import proposed
from asiointi.fees.tests.test_letters import pdf_text

pytestmark = pytest.mark.django_db

VALID_FROM = datetime.date(2026, 12, 1)

# What the official's worksheet says and a client's letter never may, in each language: the
# note on a figure not yet confirmed (the 2026 income limits are), on an unconfirmed voucher
# formula, the proposed amount, no amount proposed, the current amount and the change, a failed
# registry query and a changed rule.
INTERNAL = {
    "fi": (
        "Huom.:",
        "pääkäyttäjä ei ole vielä vahvistanut",
        "tarkista se ennen päätöstä",
        "Ehdotettu summa",
        "Summaa ei voida ehdottaa",
        "Nykyinen summa",
        "kuukaudessa; muutos",
        "Rekisterikysely epäonnistui",
        "laske ehdotus uudelleen",
    ),
    "sv": (
        "Obs!",
        "har ännu inte bekräftats av en administratör",
        "kontrollera den innan du fattar beslut",
        "Föreslaget belopp",
        "Inget belopp kan föreslås",
        "Nuvarande belopp",
        "i månaden; förändring",
        "kunde inte tillfrågas",
        "beräkna förslaget på nytt",
    ),
    "en": (
        "Note:",
        "not yet confirmed by an administrator",
        "check it before deciding",
        "Proposed amount",
        "No amount can be proposed",
        "Current amount",
        "a month; change",
        "could not be queried",
        "calculate the proposal again",
    ),
}

# The fee's last step in the letter, in each language (190.20 = 20 % × (1650 − 699)).
FEE_STEP = {
    "fi": "Kuukausimaksu: 190,20 €.",
    "sv": "Månadsavgift: 190,20 €.",
    "en": "Monthly fee: 190.20 €.",
}


def decided(review, official, captured) -> FeeDecision:
    with captured(execute=True):
        made = decisions.review_decide(
            review, actor=official, valid_from=VALID_FROM, amount=review.proposal.amount
        )
    made.refresh_from_db()
    return made


def in_language(person, language: str) -> None:
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])


def worksheet(decision: FeeDecision, language: str) -> str:
    with translation.override(language):
        return " ".join(proposals.explanation_from_calculation(decision.calculation))


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_letter_shows_the_steps_but_no_internal_worksheet_line(
    language, fee_review, fee_official, fee_client_person, django_capture_on_commit_callbacks
):
    in_language(fee_client_person, language)
    client = fee_review.client
    client.current_amount = Decimal("112.00")  # a change of 70 %: the worksheet flags it
    client.save(update_fields=["current_amount"])
    review = proposed(fee_review, fee_official)
    decision = decided(review, fee_official, django_capture_on_commit_callbacks)
    # The stored calculation does hold the official's lines (the 2026 limit is unconfirmed)…
    internal = worksheet(decision, language)
    present = [marker for marker in INTERNAL[language] if marker in internal]
    assert len(present) >= 6, present
    # …and the client's letter shows none of them, only the steps of the calculation.
    _reader, text = pdf_text(decision)
    assert FEE_STEP[language] in text
    assert [marker for marker in INTERNAL[language] if marker in text] == []


def test_an_unconfirmed_voucher_formula_is_not_mentioned_to_the_client(
    fee_review, fee_official, fee_client_person, django_capture_on_commit_callbacks
):
    in_language(fee_client_person, "fi")
    VoucherFormula.objects.update(verified=False)
    client = fee_review.client
    client.service = "service-voucher"
    client.monthly_hours = None
    client.monthly_cost = Decimal("900.00")
    client.save(update_fields=["service", "monthly_hours", "monthly_cost"])
    review = proposed(fee_review, fee_official)
    decision = decided(review, fee_official, django_capture_on_commit_callbacks)
    assert "palvelusetelin laskentakaavaa" in worksheet(decision, "fi")
    _reader, text = pdf_text(decision)
    assert "Palvelusetelin arvo" in text
    assert [marker for marker in INTERNAL["fi"] if marker in text] == []
    # The voucher's own law, and the review rules of a social-welfare decision.
    for expected in (
        "laki sosiaali- ja terveydenhuollon palvelusetelistä (569/2009)",
        "Oikaisuvaatimus on tehtävä 30 päivän kuluessa päätöksen tiedoksisaannista.",
        "Oikaisuvaatimuksen saa tehdä vain asianosainen",
    ):
        assert expected in text, expected


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
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
                "laki sosiaali- ja terveydenhuollon asiakasmaksuista (734/1992) 15 §",
                "hallintolaki (434/2003) 49 a–49 g § ja 59 §",
            ),
            ("kunnan jäsen", "pöytäkirja", "14 päivän", "kuntalaki"),
        ),
        (
            "sv",
            (
                "Endast en part får begära omprövning",
                "inom 30 dagar från delfåendet av beslutet",
                "den tredje dagen",
                "den sjunde dagen",
                "Omprövning begärs hos det kommunala organ som ansvarar för socialvården: "
                "Esimerkkilän kaupunki, social- och hälsovårdsnämnden.",
                "lagen om klientavgifter inom social- och hälsovården (734/1992) 15 §",
            ),
            ("kommunmedlem", "protokollet", "14 dagar", "kommunallagen"),
        ),
    ],
)
def test_review_instructions_of_a_fee_decision(
    language,
    expected,
    absent,
    fee_review,
    fee_official,
    fee_client_person,
    django_capture_on_commit_callbacks,
):
    in_language(fee_client_person, language)
    review = proposed(fee_review, fee_official)
    decision = decided(review, fee_official, django_capture_on_commit_callbacks)
    _reader, text = pdf_text(decision)
    for words in expected:
        assert words in text, words
    for words in absent:
        assert words not in text, words


def test_the_operator_names_the_reviewing_body(
    settings, fee_review, fee_official, fee_client_person, django_capture_on_commit_callbacks
):
    settings.SOCIAL_WELFARE_REVIEW_BODY = "Sosiaali- ja terveyslautakunnan yksilöjaosto"
    in_language(fee_client_person, "fi")
    review = proposed(fee_review, fee_official)
    decision = decided(review, fee_official, django_capture_on_commit_callbacks)
    _reader, text = pdf_text(decision)
    assert (
        "sosiaalihuollosta vastaavalle kunnan toimielimelle: "
        "Sosiaali- ja terveyslautakunnan yksilöjaosto."
    ) in text
