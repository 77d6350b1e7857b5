"""Cross-cutting tables: only the rate-limit counters live here."""

from django.db import models


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
