"""Rate limiting per client in fixed windows, counted in the database.

The counter is in the database rather than in process memory because the platform runs any
number of web processes (docs/operating.md); a limit per process would multiply with them. A request
is counted with one statement, an upsert that returns the new count (common/counters.py): atomic
on both engines, so parallel requests are counted exactly. Called inside the request's own
transaction (Open311's POST), it commits with the request's writes: one commit per request. Its
row lock is then held until that commit, which makes one client's requests wait for each other —
harmless at limits of a few requests a second. Client identifiers are hashed: the table never
holds an IP address.

Counters of ended windows are deleted by the daily purge (``purge_ended``, run by ``asiointi
purge_idempotency_keys``), not by requests. Deleting them on a counter's first request in a window
would cost a second statement on nearly every public form post and status page (most addresses
come once in a window), and two clients starting a window at once would wait on each other's
deletes; a day of counters is a small table, and its rows are found by the unique index.
"""

import dataclasses
import hashlib
import time

from django.conf import settings

from asiointi.common.counters import increment
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
    count = increment(
        RateLimitCounter,
        keys={"scope": scope, "client": client_key(client), "window_start": window},
        field="count",
    )
    retry_after = int(window + limit.seconds - now) + 1
    return Verdict(allowed=count <= limit.requests, retry_after=retry_after)


def longest_window() -> int:
    """The longest window of the configured limits, in seconds."""
    return max(
        Limit.parse(value).seconds
        for value in (
            settings.FEEDBACK_FORM_RATE_LIMIT,
            settings.OPEN311_POST_RATE_LIMIT,
            settings.FEEDBACK_TRACK_RATE_LIMIT,
        )
    )


def purge_ended(now: float | None = None) -> int:
    """Delete the counters of windows that have ended (for the daily purge); returns how many."""
    now = time.time() if now is None else now
    deleted, _by_model = RateLimitCounter.objects.filter(
        window_start__lte=now - longest_window()
    ).delete()
    return deleted
