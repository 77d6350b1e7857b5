"""Cross-cutting tables: the rate-limit counters, and the base of rule tables with effective
dates (client fees, social assistance)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RateLimitCounter(models.Model):
    """Requests by one client in one fixed time window (see common/ratelimit.py)."""

    scope = models.CharField(max_length=40)
    client = models.CharField(max_length=64)
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "client", "window_start"], name="ratelimit_window_unique"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="ratelimit_window_idx")]

    def __str__(self) -> str:
        return f"{self.scope} {self.window_start}: {self.count}"


class RuleRow(models.Model):
    """A row of a rule table by date: valid from ``valid_from`` until (not including)
    ``valid_until``. ``verified`` says an administrator confirmed the figure against its source
    (the reference marks some figures unverified); the UI shows unverified figures as such."""

    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Exclusive; empty = still valid.")
    )
    verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        abstract = True


class IdempotencyKey(models.Model):
    """A client's ``Idempotency-Key`` and the answer it got (see common/idempotency.py).

    The row is inserted before the operation runs, in the same transaction, and the answer is
    written into it before that transaction commits: a concurrent retry with the same key waits
    on the unique index and then finds the stored answer, never a half-done request.
    """

    client = models.CharField(max_length=80)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(null=True)
    content_type = models.CharField(max_length=120, blank=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="idempotency_client_key_unique")
        ]
        indexes = [models.Index(fields=["expires_at"], name="idempotency_expires_idx")]

    def __str__(self) -> str:
        return f"{self.client} {self.key}"
