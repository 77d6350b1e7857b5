"""Social assistance and registry consents need a login at the level substantial or high; a
lower level is told why, with a link to log in again, and nothing is stored."""

import pytest

from asiointi.accounts.tests.conftest import oidc_login
from asiointi.assistance.tests.test_apply_online import form_post
from asiointi.cases.constants import CaseStatus
from asiointi.cases.models import Case
from asiointi.fees.constants import ReviewStatus
from asiointi.fees.models import IncomeConsent
from asiointi.testing.fixtures import EINO_ID, assistance_answers, en, make_person

pytestmark = pytest.mark.django_db

LOW = "http://eidas.europa.eu/LoA/low"
TOO_LOW = "Your login was at a lower level: log in again with one of them."


@pytest.fixture
def low_level_aino(client, oidc, resident_provider, assistance_service):
    resident_provider.users["aino"]["acr"] = LOW
    oidc_login(client, resident_provider, "asukas", "aino", language="en")
    return client


def test_low_level_login_cannot_start_social_assistance(low_level_aino):
    client = low_level_aino
    page = client.get(en("cases:start_service", "toimeentulotuki")).content.decode()
    assert TOO_LOW in page
    assert (
        '<a href="/en/oidc/asukas/authenticate/?next=%2Fen%2Fasiointikansio%2Fuusi%2Fpalvelu'
        '%2Ftoimeentulotuki%2F">Log in again</a>'
    ) in page
    assert 'id="start-application"' not in page
    response = client.post(en("cases:start_service", "toimeentulotuki"), follow=True)
    assert TOO_LOW in response.content.decode()
    assert Case.objects.count() == 0


def test_low_level_session_cannot_start_social_assistance_through_the_api(low_level_aino):
    response = low_level_aino.post(
        "/api/v1/applications",
        {"service_code": "toimeentulotuki"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
        HTTP_X_CSRFTOKEN=low_level_aino.cookies["csrftoken"].value
        if "csrftoken" in low_level_aino.cookies
        else "",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "rule_violated"
    assert body["message"].endswith(TOO_LOW)
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    "acr", ["http://ftn.ficora.fi/2017/loa2", "http://ftn.ficora.fi/2017/loa3"]
)
def test_substantial_or_high_login_starts_social_assistance(
    client, oidc, resident_provider, assistance_service, acr
):
    resident_provider.users["aino"]["acr"] = acr
    oidc_login(client, resident_provider, "asukas", "aino", language="en")
    page = client.get(en("cases:start_service", "toimeentulotuki")).content.decode()
    assert TOO_LOW not in page
    response = client.post(en("cases:start_service", "toimeentulotuki"))
    case = Case.objects.get()
    assert response["Location"] == en("cases:edit", case.pk)
    assert case.applicant.national_id == "131052-308T"


def test_low_level_login_cannot_consent_to_fetching_incomes(
    client, oidc, resident_provider, fee_review, fee_client_person
):
    resident_provider.users["eino"] = {
        "sub": "suomifi-eino",
        "given_name": "Eino",
        "family_name": "Eläkeläinen",
        "national_id": EINO_ID,
        "acr": LOW,
    }
    oidc_login(client, resident_provider, "asukas", "eino", language="en")
    assert int(client.session["_auth_user_id"]) == fee_client_person.pk
    url = f"/en/asiointikansio/asiakasmaksut/{fee_review.pk}/"
    assert TOO_LOW in client.get(url).content.decode()
    response = client.post(url, {"choice": "consent", "registries": ["incomes_register"]})
    assert response.status_code == 422
    assert TOO_LOW in response.content.decode()
    assert IncomeConsent.objects.count() == 0
    fee_review.refresh_from_db()
    assert (fee_review.status, fee_review.choice) == (ReviewStatus.WAITING_FOR_CLIENT, "")
    # Declaring the incomes oneself needs no registry, and so no higher level.
    assert client.post(url, {"choice": "declared"}).status_code == 302
    fee_review.refresh_from_db()
    assert fee_review.choice == "declared"


def test_demo_login_counts_as_substantial_for_a_resident_with_an_identity_code(
    client, assistance_service
):
    aino = make_person("aino", "Aino", "Asukas", national_id="131052-308T", is_demo_persona=True)
    client.post("/en/kirjaudu/demo/", {"persona": aino.pk})
    assert client.session["asiointi_level_of_assurance"] == "substantial"
    client.post(en("cases:start_service", "toimeentulotuki"))
    assert Case.objects.filter(applicant=aino).count() == 1


def test_a_draft_started_at_a_high_level_is_not_sent_from_a_low_level_login(
    client, oidc, resident_provider, assistance_service
):
    oidc_login(client, resident_provider, "asukas", "aino", language="en")
    client.post(en("cases:start_service", "toimeentulotuki"))
    draft = Case.objects.get()
    client.post("/en/kirjaudu-ulos/")
    resident_provider.users["aino"]["acr"] = LOW
    oidc_login(client, resident_provider, "asukas", "aino", language="en")
    answers = assistance_answers(draft.applicant)
    response = client.post(en("cases:edit", draft.pk), form_post(answers, "send", 0))
    assert response.status_code == 400
    assert TOO_LOW in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.record_number, draft.versions.count()) == (
        CaseStatus.DRAFT,
        None,
        0,
    )
