"""Writes of the scanning app: the audit row of a refused upload, and the quarantine."""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from asiointi.scanning.constants import ScanEventKind
from asiointi.scanning.models import QuarantinedFile, ScanEvent
from asiointi.scanning.stored import StoredKind

logger = logging.getLogger(__name__)

QUARANTINE_PREFIX = "quarantine/"


def upload_refused_record(
    *, actor, purpose: str, file_name: str, size: int, sha256: str, signature: str
) -> ScanEvent:
    """The audit row of an infected upload. Called outside the upload's transaction (the file is
    refused before anything is stored), so the row stays."""
    logger.warning("Infected upload refused: %s (%s, sha256 %s)", file_name, signature, sha256)
    return ScanEvent.objects.create(
        kind=ScanEventKind.UPLOAD_REFUSED,
        at=timezone.now(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        purpose=purpose,
        file_name=file_name[:200],
        size=size,
        sha256=sha256,
        signature=signature[:200],
    )


def file_quarantine(*, kind: StoredKind, row, signature: str) -> QuarantinedFile | None:
    """Move a stored file found infected out of reach of its downloads, with an audit row.

    Safe to repeat and to interrupt: the bytes are copied to the quarantine first, then the row
    and its audit are written in one transaction (the unique ``stored_name`` makes a second
    quarantine of the same file a no-op that returns None), and the original is deleted last
    (``quarantine_finish`` deletes it on a later run if a crash came in between).
    """
    field_file = row.file
    storage, stored_name = field_file.storage, field_file.name
    with storage.open(stored_name, "rb") as original:
        quarantine_name = storage.save(QUARANTINE_PREFIX + stored_name, original)
    try:
        with transaction.atomic():
            quarantined = QuarantinedFile.objects.create(
                stored_name=stored_name,
                quarantine_name=quarantine_name,
                kind=kind.name,
                object_id=row.pk,
                signature=signature[:200],
                quarantined_at=timezone.now(),
            )
            if hasattr(row, "scan_result"):
                type(row).objects.filter(pk=row.pk).update(scan_result="quarantined")
            ScanEvent.objects.create(
                kind=ScanEventKind.QUARANTINED,
                at=quarantined.quarantined_at,
                purpose=kind.name,
                file_name=kind.display_name(row)[:200],
                size=getattr(row, "size", 0) or 0,
                sha256=getattr(row, "sha256", "") or "",
                signature=signature[:200],
                stored_name=stored_name,
            )
    except IntegrityError:
        storage.delete(quarantine_name)  # quarantined already by another run
        return None
    logger.warning("Quarantined %s %s: %s", kind.name, row.pk, signature)
    quarantine_finish(quarantined, storage)
    return quarantined


def quarantine_finish(quarantined: QuarantinedFile, storage) -> bool:
    """Delete the original of a quarantined file if it is still there; True if it was."""
    if storage.exists(quarantined.stored_name):
        storage.delete(quarantined.stored_name)
        return True
    return False
