"""Community insights over a large community: ``--members`` members and ``--records``
participation records spread over two years, every figure of a twelve-month period computed.

Usage:  .venv/bin/python benches/bench_insights.py [--members 20000] [--records 500000]
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benches/...

It builds its own community (benches/large_community.py) in a fresh database, adds the records
with ``bulk_create``, then times ``community_insight_figures`` (the two streamed reads and every
metric) for the last twelve months: one warm-up run, then ``--runs`` timed runs. Peak memory is
the process's maximum resident size, the build included. Target: p95 under 10 s. Prints one
JSON object; exits 1 when the target is missed.
"""

import argparse
import json
import os
import platform
import random
import resource
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

TARGET_SECONDS = 10.0
BATCH = 5000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--records", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from benches.bench_database import django_bench

    with django_bench("roundtable_bench_insights") as engine:
        from benches.large_community import large_community
        from roundtable.insights.figures import community_insight_figures
        from roundtable.members.models import Member, ParticipationRecord

        started = time.perf_counter()
        community = large_community("insights", args.members)
        now = datetime(2026, 6, 10, 10, tzinfo=UTC)
        ids = list(Member.objects.filter(community=community).values_list("pk", flat=True))
        rng = random.Random(11)
        # A few regulars take part often, most people now and then (a long tail).
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(ids))]
        chosen = rng.choices(ids, weights=weights, k=args.records)
        batch = []
        for number, member_id in enumerate(chosen):
            batch.append(
                ParticipationRecord(
                    community=community,
                    member_id=member_id,
                    kind="attendance" if rng.random() < 0.7 else "contribution",
                    activity_title="Peer assist",
                    occurred_at=now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)),
                )
            )
            if len(batch) == BATCH or number == len(chosen) - 1:
                ParticipationRecord.objects.bulk_create(batch)
                batch = []
        build_seconds = time.perf_counter() - started

        start, end = (now - timedelta(days=365)).date(), now.date()
        timings = []
        figures: dict[str, object] = {}
        for run in range(args.runs + 1):
            tick = time.perf_counter()
            figures = community_insight_figures(community=community, start=start, end=end, now=now)
            if run:  # the first run warms the caches
                timings.append(time.perf_counter() - tick)
        p95 = (
            statistics.quantiles(timings, n=20, method="inclusive")[-1]
            if len(timings) > 1
            else timings[0]
        )
        months = figures["active_by_month"]
        assert isinstance(months, list)
        report = {
            "benchmark": "community insights",
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{platform.node()} · {platform.machine()} · {os.cpu_count()} CPUs · "
            f"Python {platform.python_version()}",
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "database": engine,
            "members": args.members,
            "records": args.records,
            "build_seconds": round(build_seconds, 1),
            "runs_seconds": [round(t, 2) for t in timings],
            "p95_seconds": round(p95, 2),
            "target_p95_seconds": TARGET_SECONDS,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "last_month_active": months[-1]["active"],
            "passed": p95 < TARGET_SECONDS,
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
