"""A payment batch as an ISO 20022 SEPA credit transfer initiation (``pain.001.001.09``).

Built with sepaxml, which validates the file against the official XSD it ships with. The
debtor is the city's own account from settings (ASIOINTI_PAYER_NAME/IBAN/BIC). The file is
the same on every download: the message id, the payment information id and the creation time
come from the batch, not from the clock or a random source.
"""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from sepaxml import SepaTransfer

from asiointi.payments.models import Payment, PaymentBatch

SCHEMA = "pain.001.001.09"


class _BatchTransfer(SepaTransfer):
    """sepaxml's transfer with the batch's own identifiers instead of random ones."""

    def __init__(self, config: dict, *, message_id: str, created_at: str):
        super().__init__(config, schema=SCHEMA, clean=True)
        self._message_id = message_id
        header = self._xml.find("CstmrCdtTrfInitn/GrpHdr")
        header.find("MsgId").text = message_id
        header.find("CreDtTm").text = created_at

    def _finalize_batch(self):
        super()._finalize_batch()
        for index, node in enumerate(self._xml.iter("PmtInfId"), 1):
            node.text = f"{self._message_id}-{index}"[:35]


def remittance_information(payment: Payment) -> str:
    """The text the payee sees on their bank statement, in the city's main language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Grant %(record)s, instalment %(number)s") % {
            "record": payment.case.record_number,
            "number": payment.number,
        }


def batch_pain001(batch: PaymentBatch) -> bytes:
    """The batch's credit transfer file; raises sepaxml's ValidationError if it breaks the XSD."""
    created_at = timezone.localtime(batch.created_at).replace(microsecond=0, tzinfo=None)
    transfer = _BatchTransfer(
        {
            "name": settings.PAYER_NAME,
            "IBAN": settings.PAYER_IBAN,
            "BIC": settings.PAYER_BIC,
            "batch": True,
            "currency": "EUR",
        },
        message_id=batch.message_id,
        created_at=created_at.isoformat(),
    )
    for payment in batch.payments.select_related("case").order_by("pk"):
        transfer.add_payment(
            {
                "name": payment.payee_name,
                "IBAN": payment.payee_iban,
                "amount": int(payment.amount * 100),
                "execution_date": batch.execution_date,
                "description": remittance_information(payment),
                "endtoend_id": payment.end_to_end_id,
            }
        )
    return transfer.export(validate=True)


def batch_filename(batch: PaymentBatch) -> str:
    return f"{batch.message_id}.xml"
