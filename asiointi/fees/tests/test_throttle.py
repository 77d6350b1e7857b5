"""The batch's rate limiter: evenly spaced slots, shared safely by worker threads."""

import threading
import time

import pytest

from asiointi.fees.throttle import RateLimiter


class FakeTime:
    """A clock that only moves when the limiter sleeps (or the test lets time pass)."""

    def __init__(self):
        self.now = 100.0
        self.sleeps = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


def test_calls_are_spaced_one_interval_apart():
    fake = FakeTime()
    limiter = RateLimiter(4, clock=fake.clock, sleep=fake.sleep)
    starts = []
    for _ in range(5):
        limiter()
        starts.append(fake.now)
    assert [round(start - 100.0, 6) for start in starts] == [0.0, 0.25, 0.5, 0.75, 1.0]
    # The first call did not wait at all.
    assert fake.sleeps == [0.25, 0.25, 0.25, 0.25]


def test_an_idle_moment_earns_no_burst():
    fake = FakeTime()
    limiter = RateLimiter(2, clock=fake.clock, sleep=fake.sleep)
    limiter()
    fake.now += 10  # nobody asked for ten seconds
    limiter()
    limiter()
    # The call after the pause goes at once, the one after it waits a full interval again.
    assert fake.sleeps == [0.5]


def test_threads_share_the_limit():
    limiter = RateLimiter(40)
    stamps = []
    lock = threading.Lock()

    def work():
        for _ in range(7):
            limiter()
            with lock:
                stamps.append(time.monotonic())

    threads = [threading.Thread(target=work) for _ in range(6)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stamps.sort()
    assert len(stamps) == 42
    # 42 calls at 40 per second need at least 41 intervals.
    assert stamps[-1] - started >= 41 / 40 - 0.01
    # No one-second window holds more than the limit (one more for a thread woken late).
    busiest = max(sum(1 for t in stamps if first <= t < first + 1.0) for first in stamps)
    assert busiest <= 41


@pytest.mark.parametrize("per_second", [0, -1])
def test_a_limit_must_be_positive(per_second):
    with pytest.raises(ValueError, match="positive"):
        RateLimiter(per_second)
