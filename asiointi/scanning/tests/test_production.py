"""The scanner in production settings: ``asiointi serve`` with ASIOINTI_ENV=production on
PostgreSQL and the test session's real clamd. The public feedback form takes files from anyone,
without logging in: an infected photo is refused and nothing is stored; a clean one is stored."""

import re

import requests

from asiointi.scanning.tests.conftest import INFECTED_PNG
from asiointi.testing.fixtures import PNG_BYTES

COUNTS = (
    "from asiointi.feedback.models import Feedback, FeedbackPhoto\n"
    "from asiointi.scanning.models import ScanEvent\n"
    "print(Feedback.objects.count(), FeedbackPhoto.objects.count(),"
    " list(ScanEvent.objects.values_list('purpose', 'file_name', 'signature')))"
)


def send_feedback(server, photo: bytes) -> requests.Response:
    session = requests.Session()
    form = session.get(f"{server.url}/palaute/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
    return session.post(
        f"{server.url}/palaute/",
        data={
            "csrfmiddlewaretoken": token,
            "type": "feedback",
            "title": "Kuoppa",
            "description": "Pyörätiellä on syvä kuoppa.",
        },
        files={"photos": ("kuoppa.png", photo, "image/png")},
        headers={"Referer": f"{server.url}/palaute/"},
        allow_redirects=False,
        timeout=60,
    )


def counts(server) -> str:
    result = server.manage("shell", "-c", COUNTS)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_refuses_an_infected_photo_and_stores_a_clean_one(production_server):
    server = production_server()

    refused = send_feedback(server, INFECTED_PNG)
    assert refused.status_code == 422
    assert (
        "kuoppa.png: Tiedostossa kuoppa.png on virus tai muu haittaohjelma "
        "(Eicar-Test-Signature-NDB.UNOFFICIAL), joten sitä ei tallennettu." in refused.text
    )
    assert counts(server) == (
        "0 0 [('feedback_photo', 'kuoppa.png', 'Eicar-Test-Signature-NDB.UNOFFICIAL')]"
    )

    stored = send_feedback(server, PNG_BYTES)
    assert stored.status_code == 302, stored.text[:2000]
    assert counts(server).startswith("1 1 ")
