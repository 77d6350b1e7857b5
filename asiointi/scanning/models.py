"""The audit of virus findings, and the quarantine of stored files found infected later."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from asiointi.scanning.constants import ScanEventKind


class ScanEvent(models.Model):
    """A virus finding: an upload refused, or a stored file quarantined by a rescan. Written in
    its own transaction, so it stays even though the refused upload stores nothing."""

    kind = models.CharField(_("event"), max_length=20, choices=ScanEventKind.choices)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
        help_text=_("Who uploaded the file; empty for an anonymous upload or a rescan."),
    )
    purpose = models.CharField(_("upload"), max_length=40, help_text=_("What the file was for."))
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    signature = models.CharField(_("signature"), max_length=200)
    stored_name = models.CharField(_("stored name"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("virus finding")
        verbose_name_plural = _("virus findings")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["at"], name="scanevent_at_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.file_name} ({self.signature})"


class QuarantinedFile(models.Model):
    """A stored upload found infected after it was stored. The bytes are moved from
    ``stored_name`` to ``quarantine_name`` in the same private storage; downloads of the row that
    pointed at ``stored_name`` answer that the file is quarantined."""

    stored_name = models.CharField(_("stored name"), max_length=300, unique=True)
    quarantine_name = models.CharField(_("quarantine name"), max_length=300)
    kind = models.CharField(_("kind of file"), max_length=40)
    object_id = models.BigIntegerField(_("row"))
    signature = models.CharField(_("signature"), max_length=200)
    quarantined_at = models.DateTimeField(_("quarantined at"))

    class Meta:
        verbose_name = _("quarantined file")
        verbose_name_plural = _("quarantined files")

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.signature}"
