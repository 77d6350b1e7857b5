"""The batch's ISO 20022 credit transfer file (pain.001.001.09), validated against the official
XSD that sepaxml ships and read back element by element."""

import xml.etree.ElementTree as ET  # noqa: S405 — parses our own output in a test
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from django.test import override_settings
from django.utils import timezone

from asiointi.payments.models import Payment, PaymentBatch
from asiointi.payments.sepa import batch_pain001
from asiointi.testing.fixtures import url

pytestmark = pytest.mark.django_db

XSD = Path(sepaxml.__file__).with_name("schemas") / "pain.001.001.09.xsd"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"}


@pytest.fixture
def batch(client, finance_officer, ready_payments) -> PaymentBatch:
    Payment.objects.filter(pk=ready_payments[1].pk).update(
        payee_name="Åsa Öhman-Äijälä", payee_iban="SE4550000000058398257466"
    )
    client.force_login(finance_officer)
    client.post(url("payments:batch_create"), {"payment": [p.pk for p in ready_payments]})
    return PaymentBatch.objects.get()


def download(client, batch) -> bytes:
    response = client.get(url("payments:batch_file", batch.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{batch.message_id}.xml"'
    return response.content


def text(node, path: str) -> str:
    return node.find(path, NS).text


@override_settings(
    PAYER_NAME="Esimerkkilän kaupunki", PAYER_IBAN="FI2112345600000785", PAYER_BIC="NDEAFIHH"
)
def test_file_is_valid_pain_001_001_09(client, batch, ready_payments):
    content = download(client, batch)

    xmlschema.XMLSchema(str(XSD)).validate(content.decode())

    root = ET.fromstring(content)  # noqa: S314 — our own output
    initiation = root.find("p:CstmrCdtTrfInitn", NS)
    header = initiation.find("p:GrpHdr", NS)
    assert text(header, "p:MsgId") == batch.message_id
    assert text(header, "p:NbOfTxs") == "3"
    assert text(header, "p:CtrlSum") == "1850.49"
    assert text(header, "p:InitgPty/p:Nm") == "Esimerkkilan kaupunki"

    (information,) = initiation.findall("p:PmtInf", NS)
    assert text(information, "p:PmtMtd") == "TRF"
    assert text(information, "p:NbOfTxs") == "3"
    assert text(information, "p:CtrlSum") == "1850.49"
    assert text(information, "p:ReqdExctnDt/p:Dt") == batch.execution_date.isoformat()
    assert text(information, "p:Dbtr/p:Nm") == "Esimerkkilan kaupunki"
    assert text(information, "p:DbtrAcct/p:Id/p:IBAN") == "FI2112345600000785"
    assert text(information, "p:DbtrAgt/p:FinInstnId/p:BICFI") == "NDEAFIHH"

    transactions = [
        (
            text(tx, "p:PmtId/p:EndToEndId"),
            Decimal(text(tx, "p:Amt/p:InstdAmt")),
            tx.find("p:Amt/p:InstdAmt", NS).get("Ccy"),
            text(tx, "p:Cdtr/p:Nm"),
            text(tx, "p:CdtrAcct/p:Id/p:IBAN"),
            text(tx, "p:RmtInf/p:Ustrd"),
        )
        for tx in information.findall("p:CdtTrfTxInf", NS)
    ]
    first, second, third = (p.case.record_number for p in ready_payments)
    # The remittance text is in the city's main language (Finnish), whoever downloads it.
    from django.utils import translation

    with translation.override("fi"):
        grant = translation.gettext("Grant %(record)s, instalment %(number)s")
    assert transactions == [
        (
            f"{first}-1",
            Decimal("1500.00"),
            "EUR",
            "Kallion Kulttuuriyhdistys ry",
            "FI2112345600000785",
            grant % {"record": first, "number": 1},
        ),
        (
            f"{second}-1",
            Decimal("250.50"),
            "EUR",
            "Asa Ohman-Aijala",
            "SE4550000000058398257466",
            grant % {"record": second, "number": 1},
        ),
        (
            f"{third}-1",
            Decimal("99.99"),
            "EUR",
            "Kallion Kulttuuriyhdistys ry",
            "FI2112345600000785",
            grant % {"record": third, "number": 1},
        ),
    ]
    assert sum(t[1] for t in transactions) == batch.total


def test_the_same_file_on_every_download(client, batch):
    assert download(client, batch) == download(client, batch)


def test_file_carries_the_batch_creation_time(batch):
    content = batch_pain001(batch)
    created = timezone.localtime(batch.created_at).replace(microsecond=0, tzinfo=None)
    assert f"<CreDtTm>{created.isoformat()}</CreDtTm>".encode() in content
