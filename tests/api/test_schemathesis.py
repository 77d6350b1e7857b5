"""Schemathesis against /api/v1 as an operator runs it: ``asiointi serve`` in production mode on
PostgreSQL (asiointi/testing/production_server.py), authenticated with a resident's OIDC bearer
token checked against the OIDC provider simulator, running in this process.

Every operation gets bounded generated requests, valid and invalid; every answer must be no
server error, a documented status code, the documented content type and a body that matches
the documented schema. The resident has data (an association, a draft and a sent application
with a message and an attachment), and path ids are drawn from those ids as well as at random,
so the operations are exercised on real objects and not only on 404s.
"""

import json
import re
from pathlib import Path

import hypothesis.strategies as st
import pytest
import requests
import schemathesis
from django.core.serializers.json import DjangoJSONEncoder
from hypothesis import HealthCheck, settings
from schemathesis import checks

from asiointi.api.router import api
from asiointi.simulators import oidc_provider
from asiointi.testing import production_server

# A production server on PostgreSQL (asiointi/testing/engine_passes.py), one for the module: one
# pytest-xdist worker runs all its tests.
pytestmark = [pytest.mark.postgres_only, pytest.mark.xdist_group("schemathesis")]

TOKEN = "schemathesis-token-aino"
CLAIMS = {
    "sub": "suomifi-aino-0001",
    "given_name": "Aino",
    "family_name": "Asukas",
    "email": "aino@example.com",
    "national_id": "131052-308T",
    "acr": "http://ftn.ficora.fi/2017/loa3",
}
MAX_EXAMPLES = 25
SERVER_START_SECONDS = 300

# Run in the server's environment (``asiointi shell``): the catalogue and a resident with data.
SEED = """
import json
import re
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from asiointi.accounts.models import ApplicantOrganisation, Representation, User
from asiointi.cases.services.attachments import attachment_add
from asiointi.cases.services.drafts import case_create_draft
from asiointi.cases.services.messaging import message_send
from asiointi.cases.services.sending import case_send
from asiointi.testing import builders
from asiointi.testing.fixtures import PDF_BYTES

call = builders.general_call()
aino = User.objects.create_user(
    username="oidc:suomifi-aino-0001", first_name="Aino", last_name="Asukas",
    email="aino@example.com", national_id="131052-308T",
)
association = ApplicantOrganisation.objects.create(
    business_id="1234567-1", name="Kallion Kulttuuriyhdistys ry"
)
Representation.objects.create(person=aino, organisation=association, role="chair")
draft = case_create_draft(actor=aino, grant_call=call)
sent = case_create_draft(actor=aino, grant_call=call, organisation=association)
sent = case_send(
    actor=aino, case=sent,
    data=builders.grant_answers(association, aino),
)
message = message_send(actor=aino, case=sent, body="Liitin talousarvion.")
attachment = attachment_add(
    actor=aino, case=sent,
    upload=SimpleUploadedFile("talousarvio.pdf", PDF_BYTES, content_type="application/pdf"),
    kind="budget",
)
print(json.dumps({
    "case_id": [draft.pk, sent.pk], "organisation": [association.pk],
    "attachment_id": [attachment.pk], "grant_call_id": [call.pk], "number": [1],
}))
"""


@pytest.fixture(scope="module")
def provider():
    running = oidc_provider.start({TOKEN: CLAIMS})
    yield running
    running.stop()


@pytest.fixture(scope="module")
def api_server(provider, tmp_path_factory):
    oidc = {**provider.settings("OIDC_RESIDENT_"), **provider.settings("OIDC_STAFF_")}
    with pytest.MonkeyPatch.context() as patch:
        # Migrating a fresh database takes longer than the default wait on a busy test machine.
        patch.setattr(production_server, "START_TIMEOUT_SECONDS", SERVER_START_SECONDS)
        server = production_server.start_production_server(
            tmp_path_factory.mktemp("production"),
            {**oidc, "ASIOINTI_ANTIVIRUS_SCANNER": "none"},
        )
    seeded = server.manage("shell", "-c", SEED)
    if seeded.returncode != 0:
        server.stop()
        raise RuntimeError(f"seeding failed:\n{seeded.stdout}\n{seeded.stderr}")
    KNOWN_IDS.update(json.loads(seeded.stdout.strip().splitlines()[-1]))
    yield server
    server.stop()


def _document() -> dict:
    """The OpenAPI document of the code under test (the test compares it with the server's)."""
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    return json.loads(json.dumps(document, cls=DjangoJSONEncoder))


# Loaded when the module is collected (schemathesis's fixture-based loader does not work with
# this pytest); the requests go to the production server's URL, given per call.
schema = schemathesis.openapi.from_dict(_document())
schema.config.update(
    headers={"Authorization": f"Bearer {TOKEN}", "Accept-Language": "en"}, request_timeout=30
)
# The ids of the resident's objects in the server's database, filled in by ``api_server``.
KNOWN_IDS: dict[str, list[int]] = {}


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    # Path ids: the resident's real objects' or as generated, half and half.
    if not path_parameters:
        return st.just(path_parameters)
    return st.fixed_dictionaries(
        {
            name: st.sampled_from(KNOWN_IDS[name]) | st.just(value)
            if name in KNOWN_IDS
            else st.just(value)
            for name, value in path_parameters.items()
        }
    )


def test_the_bearer_token_reaches_the_residents_own_data(api_server):
    """The generated requests are made as the resident, not refused at the door."""
    draft_id, sent_id = KNOWN_IDS["case_id"]
    (organisation,) = KNOWN_IDS["organisation"]
    for query, expected in (("", [draft_id]), (f"?organisation={organisation}", [sent_id])):
        response = requests.get(
            f"{api_server.url}/api/v1/applications{query}",
            headers={"Authorization": f"Bearer {TOKEN}"},
            timeout=30,
        )
        assert response.status_code == 200
        assert [item["id"] for item in response.json()["items"]] == expected


def test_the_server_publishes_the_same_document(api_server):
    served = requests.get(f"{api_server.url}/api/v1/openapi.json", timeout=30)
    assert served.status_code == 200
    assert served.json() == _document()


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
    derandomize=True,
)
def test_api_answers_as_documented(case, api_server):
    # Every check but "a schema-valid request is accepted": the fee calculator's rules (dates
    # with rule tables, family sizes) and the refusal of control characters in any text are
    # more than a JSON schema says, and their 422 answers are documented.
    case.call_and_validate(
        base_url=api_server.url, excluded_checks=[checks.positive_data_acceptance]
    )


def test_the_server_answered_no_request_with_a_server_error(api_server):
    """Runs after the generated tests (same module): no 5xx in the server's access log, also
    for requests schemathesis made without checking them (its probes of other methods)."""
    log = Path(api_server.log_path).read_text(errors="replace")
    statuses = re.findall(r'"[A-Z]+ /api/v1/[^"]*" (\d{3}) ', log)
    assert [status for status in statuses if status.startswith("5")] == []
