"""The kinds of stored uploads that are scanned again by ``asiointi attachments rescan``.

Every upload path checks its files with ``cases.uploads.check_upload`` and stores them in the
private attachment storage in one of these models' ``file`` field. Letters the city generates
are stored as case attachments too and are rescanned with them.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class StoredKind:
    name: str  # as in QuarantinedFile.kind and the command's --kind
    model_label: str
    display_name_field: str

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    def display_name(self, row) -> str:
        return getattr(row, self.display_name_field)


STORED_KINDS = (
    StoredKind("case_attachment", "cases.Attachment", "display_name"),
    StoredKind("feedback_photo", "feedback.FeedbackPhoto", "original_name"),
    StoredKind("fee_attachment", "fees.ReviewAttachment", "name"),
)
KINDS_BY_NAME = {kind.name: kind for kind in STORED_KINDS}
