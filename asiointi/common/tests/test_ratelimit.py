"""Rate limits hold across processes because they are counted in the database."""

import threading

import pytest
from django.db import connection

from asiointi.common import ratelimit
from asiointi.common.models import RateLimitCounter

pytestmark = pytest.mark.django_db

LIMIT = ratelimit.Limit(requests=3, seconds=60)
T0 = 1_800_000_000.0  # a window boundary (divisible by 60)


def test_requests_within_the_limit_pass_and_the_next_is_refused():
    verdicts = [ratelimit.hit("form", "10.0.0.1", LIMIT, now=T0 + i) for i in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert verdicts[-1].retry_after == 58  # the window ends at T0 + 60; one second to spare


def test_clients_and_scopes_are_counted_apart():
    for _ in range(3):
        ratelimit.hit("form", "10.0.0.1", LIMIT, now=T0)
    assert ratelimit.hit("form", "10.0.0.2", LIMIT, now=T0).allowed
    assert ratelimit.hit("track", "10.0.0.1", LIMIT, now=T0).allowed
    assert not ratelimit.hit("form", "10.0.0.1", LIMIT, now=T0).allowed


def test_a_new_window_starts_afresh_and_the_purge_deletes_ended_windows(settings):
    settings.FEEDBACK_FORM_RATE_LIMIT = "10/600"  # the longest window of the three
    for client in ("10.0.0.1", "10.0.0.2"):
        for _ in range(4):
            ratelimit.hit("form", client, LIMIT, now=T0)
    assert ratelimit.hit("form", "10.0.0.1", LIMIT, now=T0 + 60).allowed
    # A window still within the longest configured one is kept; so is the current one.
    assert ratelimit.purge_ended(now=T0 + 599) == 0
    assert ratelimit.purge_ended(now=T0 + 600) == 2
    assert list(RateLimitCounter.objects.values_list("window_start", "count")) == [
        (int(T0) + 60, 1)
    ]


def test_a_request_is_counted_in_one_statement(django_assert_num_queries):
    ratelimit.hit("form", "10.0.0.1", LIMIT, now=T0)
    with django_assert_num_queries(1):
        verdict = ratelimit.hit("form", "10.0.0.1", LIMIT, now=T0 + 1)
    assert verdict == ratelimit.Verdict(allowed=True, retry_after=60)
    assert RateLimitCounter.objects.get().count == 2


def test_the_table_never_holds_a_client_address():
    ratelimit.hit("form", "192.0.2.44", LIMIT, now=T0)
    stored = RateLimitCounter.objects.get()
    assert "192.0.2.44" not in stored.client and len(stored.client) == 64


def test_limits_are_parsed_from_settings_strings():
    assert ratelimit.Limit.parse("10/600") == ratelimit.Limit(10, 600)
    with pytest.raises(ValueError):
        ratelimit.Limit.parse("0/60")


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_are_counted_exactly():
    """Eight threads, five requests each, against a limit of 20: exactly 20 pass."""
    limit = ratelimit.Limit(requests=20, seconds=3600)
    allowed = []
    lock = threading.Lock()
    barrier = threading.Barrier(8)

    def client():
        try:
            barrier.wait()
            for _ in range(5):
                verdict = ratelimit.hit("open311", "client-a", limit, now=T0)
                with lock:
                    allowed.append(verdict.allowed)
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(allowed) == 40
    assert allowed.count(True) == 20
    assert RateLimitCounter.objects.get().count == 40
