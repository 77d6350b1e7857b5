"""A rate limiter for the annual review batch: at most ``per_second`` calls per second towards one
registry, shared by all the batch's worker threads.

Evenly spaced slots rather than a token bucket: a bucket lets a full second's worth of requests
out at once after an idle moment, and a registry that counts requests per second would see the
burst on top of the steady flow. Slots ``1 / per_second`` apart never exceed the limit in any
one-second window, whatever the number of threads.
"""

import threading
import time
from collections.abc import Callable


class RateLimiter:
    """Call it before every request: it blocks until the caller's slot comes. Thread-safe.

    Each call reserves the next free slot under the lock and sleeps outside it, so waiting threads
    do not hold each other up beyond their own slots, and the order of slots is the order of calls.
    """

    def __init__(
        self,
        per_second: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        if not per_second or per_second <= 0:
            raise ValueError("per_second must be positive")
        self.per_second = per_second
        self.interval = 1.0 / per_second
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next_slot = 0.0
        self.calls = 0

    def __call__(self) -> None:
        with self._lock:
            now = self._clock()
            # After an idle moment the next slot is in the past: go at once, no burst credit.
            slot = max(now, self._next_slot)
            self._next_slot = slot + self.interval
            self.calls += 1
        delay = slot - now
        if delay > 0:
            self._sleep(delay)

    def __repr__(self) -> str:
        return f"RateLimiter(per_second={self.per_second})"
