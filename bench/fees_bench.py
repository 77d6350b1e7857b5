"""Annual income review benchmark: ``annual_review_run`` against the registry simulators with a
latency, compared with the theoretical minimum under the rate limit.

1. Drops and recreates a PostgreSQL database, migrates it, loads the demo catalogue and personas
   and the client fee demo data (``asiointi.fees.demo.load_fee_demo``) with ``--clients`` clients
   in the demo's mix: 7 in 9 home-care or long-term-care clients, 2 in 9 service-voucher
   clients; about 85 % consented, 5 % declared, 3 % accepted the highest fee, the rest have
   not chosen.
2. Starts the three registry simulators in this process on free loopback ports with
   ``--latency-ms`` (default 100 ms) per answer and points the settings at them.
3. Runs the review (``asiointi.fees.review_batch.annual_review_run``) of every client (``as_of``
   after the last due date) with ``--workers`` and ``--rate-limit`` per registry, and prints the run
   time, the requests per registry and two lower bounds:

   - the rate limit: ``max over registries of requests / rate + one latency`` (the last request
     cannot be sent earlier, and its answer takes a latency);
   - the workers: ``requests × latency / workers`` (each worker waits for one answer at a time).

   The theoretical minimum is the larger of the two; the ratio is the run time over it.

It prints figures, not pass/fail. Every request goes to 127.0.0.1 and the run is bounded by the
number of clients. Usage (see bench/README.md)::

    .venv/bin/python bench/fees_bench.py --clients 500        # a quick check
    .venv/bin/python bench/fees_bench.py                      # 2,000 clients, 20/s, 8 workers
"""

import argparse
import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

from harness import ROOT, bench_env, prepare_database  # bench/ is on sys.path when run

sys.path.insert(0, str(ROOT))

from asiointi.simulators.registries import (  # noqa: E402 (after the path is set)
    INCOMES_REGISTER,
    POPULATION,
    TAX,
    RegistrySimulator,
)

URL_VARIABLES = {
    INCOMES_REGISTER: "ASIOINTI_INCOMES_REGISTER_URL",
    TAX: "ASIOINTI_TAX_URL",
    POPULATION: "ASIOINTI_POPULATION_URL",
}


def load(clients: int) -> None:
    from asiointi.accounts.demo import load_people
    from asiointi.catalogue.demo import load_catalogue
    from asiointi.fees.demo import load_fee_demo

    load_catalogue()
    users = load_people()
    vouchers = clients * 2 // 9
    load_fee_demo(users, clients=clients - vouchers, vouchers=vouchers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="asiointi_bench_fees")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--latency-ms", type=int, default=100)
    parser.add_argument("--rate-limit", type=int, default=20, help="requests/s per registry")
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    if not 10 <= args.clients <= 20000:
        raise SystemExit("--clients must be between 10 and 20,000")

    simulators = {
        registry: RegistrySimulator(registry, latency_ms=args.latency_ms)
        for registry in URL_VARIABLES
    }
    data_dir = Path(tempfile.mkdtemp(prefix="asiointi-bench-"))
    try:
        env = bench_env(args.server, args.database, data_dir)
        for registry, simulator in simulators.items():
            env[URL_VARIABLES[registry]] = simulator.start()
        env["LOG_LEVEL"] = "ERROR"
        os.environ.update(env)
        timings: dict[str, float] = {}
        prepare_database(args.server, args.database, env, reuse=False, timings=timings)
        started = time.monotonic()
        load(args.clients)
        timings["load the demo data"] = time.monotonic() - started

        from django.db import connection

        from asiointi.fees.models import FeeClient
        from asiointi.fees.review_batch import annual_review_run

        as_of = FeeClient.objects.order_by("-next_review_due").first().next_review_due
        started = time.monotonic()
        summary = annual_review_run(
            as_of=as_of,
            workers=args.workers,
            rate_limit=args.rate_limit,
            progress=sys.stderr,
        )
        wall = time.monotonic() - started
        report(args, summary, wall, timings, connection.vendor)
    finally:
        for simulator in simulators.values():
            simulator.stop()


def report(args, summary: dict, wall: float, timings: dict, vendor: str) -> None:
    requests = summary["requests"]
    latency = args.latency_ms / 1000
    by_rate = max(count / args.rate_limit for count in requests.values()) + latency
    by_workers = sum(requests.values()) * latency / args.workers
    minimum = max(by_rate, by_workers)
    print()
    print(
        f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d}: {vendor}, {args.clients} clients "
        f"({summary['clients_due']} due), latency {args.latency_ms} ms, "
        f"rate limit {args.rate_limit}/s per registry, {args.workers} workers"
    )
    for name, seconds in timings.items():
        print(f"  {name:<28} {seconds:7.1f} s")
    print(
        f"  proposals {summary['proposals']} (needing manual work {summary['needs_manual']}), "
        f"flags {summary['flags']}"
    )
    print(f"  registry errors {summary['registry_errors']}")
    print()
    print(f"  {'registry':<18} {'requests':>9} {'req/s':>7} {'bound s':>8}")
    for registry, count in requests.items():
        print(
            f"  {registry:<18} {count:>9} {count / wall:>7.1f} "
            f"{count / args.rate_limit + latency:>8.1f}"
        )
    print()
    print(f"  run time                      {wall:7.1f} s")
    print(f"  lower bound, rate limit       {by_rate:7.1f} s")
    print(f"  lower bound, workers          {by_workers:7.1f} s")
    print(f"  theoretical minimum           {minimum:7.1f} s")
    print(f"  ratio run time / minimum      {wall / minimum:7.2f}")


if __name__ == "__main__":
    main()
