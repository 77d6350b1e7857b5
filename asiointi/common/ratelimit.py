"""Rate limiting per client in fixed windows, counted in the database.

The counter is in the database rather than in process memory because the platform runs any
number of web processes (DESIGN.md §6); a limit per process would multiply with them. One
UPDATE … SET count = count + 1 per request is atomic on both engines, so parallel requests are
counted exactly. Client identifiers are hashed: the table never holds an IP address.
"""

import dataclasses
import hashlib
import time

from django.conf import settings
from django.db import transaction
from django.db.models import F

from asiointi.common.models import RateLimitCounter


@dataclasses.dataclass(frozen=True)
class Limit:
    requests: int
    seconds: int

    @classmethod
    def parse(cls, value: str) -> "Limit":
        """``"20/60"`` = 20 requests per 60 seconds."""
        requests, _, seconds = value.partition("/")
        limit = cls(int(requests), int(seconds or 60))
        if limit.requests < 1 or limit.seconds < 1:
            raise ValueError(f"bad rate limit {value!r}")
        return limit


@dataclasses.dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends (when not allowed)


def client_key(raw: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{raw}".encode()).hexdigest()


def request_ip(request) -> str:
    """The client's address; behind a proxy, the address the trusted proxy reports."""
    if settings.RATE_LIMIT_TRUST_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def hit(scope: str, client: str, limit: Limit, now: float | None = None) -> Verdict:
    """Count one request of ``client`` in ``scope`` and say whether it is within ``limit``."""
    now = time.time() if now is None else now
    window = int(now // limit.seconds) * limit.seconds
    key = client_key(client)
    with transaction.atomic():
        updated = RateLimitCounter.objects.filter(
            scope=scope, client=key, window_start=window
        ).update(count=F("count") + 1)
        if not updated:
            RateLimitCounter.objects.bulk_create(
                [RateLimitCounter(scope=scope, client=key, window_start=window, count=0)],
                ignore_conflicts=True,
            )
            RateLimitCounter.objects.filter(scope=scope, client=key, window_start=window).update(
                count=F("count") + 1
            )
            # A new window: forget every client's ended windows in this scope, so the table holds
            # only the current window's counters (the window_start index finds them).
            RateLimitCounter.objects.filter(scope=scope, window_start__lt=window).delete()
        count = RateLimitCounter.objects.values_list("count", flat=True).get(
            scope=scope, client=key, window_start=window
        )
    retry_after = int(window + limit.seconds - now) + 1
    return Verdict(allowed=count <= limit.requests, retry_after=retry_after)
