"""The boundary in production: ``asiointi serve`` (gunicorn) on PostgreSQL, over real HTTP.

The inputs that gave a 500 on PostgreSQL, sent exactly as a fuzzer sent them, through the server
an operator runs (asiointi/testing/production_server.py): each answer is in its endpoint's own
format, never a 5xx or an HTML error on an API, and nothing is stored.
"""

import json
import xml.etree.ElementTree as ET  # noqa: S405 (parsing our own server's answers)

import pytest
import requests

from asiointi.testing import production_server as production

pytestmark = pytest.mark.postgres_only

JSON_TYPE = "application/json; charset=utf-8"
TIMEOUT = 30


def open311_errors(response: requests.Response) -> list[dict]:
    if response.headers["Content-Type"] == JSON_TYPE:
        return json.loads(response.content)
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314
    return [
        {"code": int(error.findtext("code")), "description": error.findtext("description")}
        for error in root
    ]


def count(server, model: str) -> int:
    app, name = model.rsplit(".", 1)
    result = server.manage(
        "shell", "-c", f"from {app} import {name}; print({name}.objects.count())"
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip().splitlines()[-1])


def test_bad_input_in_production_answers_in_each_endpoints_format(production_server, monkeypatch):
    # Migrating a fresh database takes longer than the default wait on a busy test machine.
    monkeypatch.setattr(production, "START_TIMEOUT_SECONDS", 300)
    server = production_server()
    base = server.url
    # Open311: parameters, the path, dates far out of range, unknown suffixes.
    nul_param = requests.get(f"{base}/open311/v2/requests.json?service_code=a%00b", timeout=TIMEOUT)
    assert nul_param.status_code == 400
    assert open311_errors(nul_param) == [
        {
            "code": 400,
            "description": "service_code contains a control character (U+0000), which is not "
            "allowed. Remove it and send again.",
        }
    ]
    nul_path = requests.get(f"{base}/open311/v2/tokens/AB%00CD.xml", timeout=TIMEOUT)
    assert nul_path.status_code == 400
    assert open311_errors(nul_path) == [
        {
            "code": 400,
            "description": "The address contains a control character (U+0000), which is not "
            "allowed.",
        }
    ]
    for query in (
        "end_date=0001-02-01T00:00:00Z",
        "start_date=9999-12-30T00:00:00Z",
        "start_date=0001-01-01T00:00:00%2B14:00",
    ):
        dates = requests.get(f"{base}/open311/v2/requests.xml?{query}", timeout=TIMEOUT)
        assert dates.status_code == 400, query
        assert open311_errors(dates)[0]["code"] == 400
    for path in ("requests.yaml", "requests.JSON", "services/a%20b.json"):
        missing = requests.get(f"{base}/open311/v2/{path}", timeout=TIMEOUT)
        assert missing.status_code == 404, path
        assert open311_errors(missing)[0]["code"] == 404
    posted = requests.post(
        f"{base}/open311/v2/requests.json",
        data={
            "api_key": "nobody.knows",
            "service_code": "kirjastot",
            "description": "Kirjaston\x00 ovi on rikki.",
            "address_string": "Kuusitie 5",
        },
        timeout=TIMEOUT,
    )
    assert posted.status_code == 400
    too_large = requests.post(
        f"{base}/open311/v2/requests.xml",
        data={"description": "x" * 3_000_000},
        timeout=TIMEOUT,
    )
    assert too_large.status_code == 413
    assert open311_errors(too_large) == [
        {
            "code": 413,
            "description": "The request is too large: at most 2560 kB can be sent at a time.",
        }
    ]
    # Pages: a translated page, not a 500.
    for path in ("/palaute/seuranta/?code=AB%00C", "/palaute/seuranta/AB%00C/"):
        page = requests.get(base + path, timeout=TIMEOUT)
        assert page.status_code == 400, path
        assert "<h1>Pyyntöä ei voitu käsitellä</h1>" in page.text
    search = requests.get(f"{base}/kasittely/haku/?q=a%00b", timeout=TIMEOUT)
    assert search.status_code == 400
    # A session cookie carrying U+0000 (as the escape \000) counts as no session at all.
    cookie = requests.get(
        f"{base}/palaute/",
        headers={"Cookie": 'sessionid="abcdefgh\\000ijk"'},
        timeout=TIMEOUT,
    )
    assert cookie.status_code == 200
    # The REST API: its own JSON, before authentication is even looked at.
    draft = requests.put(
        f"{base}/api/v1/applications/1/draft",
        json={"data": {"na\u0000me": "x"}},
        headers={"Accept-Language": "en"},
        timeout=TIMEOUT,
    )
    assert draft.status_code == 422
    assert draft.json()["code"] == "request_invalid"
    assert draft.json()["detail"][0]["loc"] == ["body", "data", "na\ufffdme"]
    unknown = requests.get(f"{base}/api/v1/no-such-thing", timeout=TIMEOUT)
    assert unknown.status_code == 404
    assert unknown.headers["Content-Type"].startswith("application/json")
    # A page that does not exist: the site's own page in the page's language, not Django's bare
    # "Not Found".
    page = requests.get(f"{base}/sv/finns-inte/", timeout=TIMEOUT)
    assert page.status_code == 404
    assert page.headers["Content-Type"].startswith("text/html")
    assert '<html lang="sv">' in page.text and "<h1>Sidan hittades inte</h1>" in page.text
    assert count(server, "asiointi.feedback.models.Feedback") == 0
