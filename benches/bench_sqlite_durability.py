"""What SQLITE_SYNCHRONOUS=FULL costs against the default NORMAL, on this machine's disk.

Usage:  .venv/bin/python benches/bench_sqlite_durability.py [--commits 2000] [--rows 10000]

For each setting, a fresh process on a fresh SQLite database (benches/bench_database.py) times:

- **small commits**: ``--commits`` participation records written one per transaction, as check-in
  taps and live actions write (each one a commit that the disk must hold under FULL);
- **one large commit**: ``--rows`` participation records written in one transaction, as an import
  applies a batch.

Prints one JSON object with both settings' figures and the ratio FULL / NORMAL. There is no
target: the figures are for a deployment choosing durability over speed (README, Configuration).
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(commits: int, rows: int) -> dict[str, float | str]:
    """Run in the child process, with SQLITE_SYNCHRONOUS already in the environment."""
    from benches.bench_database import django_bench

    with django_bench("roundtable_bench_sqlite_durability"):
        from django.db import connection, transaction
        from django.utils import timezone

        from roundtable.communities.models import Community
        from roundtable.members.models import Member, ParticipationRecord

        cursor = connection.cursor()
        cursor.execute("PRAGMA synchronous")
        mode = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[cursor.fetchone()[0]]
        community = Community.objects.create(slug="durability", name="Durability")
        member = Member.objects.create(community=community, full_name="Ada", email="ada@x.org")
        now = timezone.now()

        def record(n: int) -> ParticipationRecord:
            return ParticipationRecord(
                community=community,
                member=member,
                kind=ParticipationRecord.Kind.ATTENDANCE,
                activity_title=f"Session {n}",
                occurred_at=now,
                source="bench",
            )

        each: list[float] = []
        started = time.perf_counter()
        for n in range(commits):
            tap = time.perf_counter()
            with transaction.atomic():
                record(n).save()
            each.append((time.perf_counter() - tap) * 1000)
        small_seconds = time.perf_counter() - started

        started = time.perf_counter()
        with transaction.atomic():
            ParticipationRecord.objects.bulk_create(record(n) for n in range(rows))
        large_seconds = time.perf_counter() - started
        return {
            "synchronous": mode,
            "commits_per_second": round(commits / small_seconds),
            "commit_p50_ms": round(statistics.median(each), 2),
            "commit_p95_ms": round(_percentile(each, 0.95), 2),
            "large_commit_seconds": round(large_seconds, 3),
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=2_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.commits, args.rows)))
        return 0

    results = {}
    for mode in ("NORMAL", "FULL"):
        environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        child = subprocess.run(
            [sys.executable, __file__, "--child", f"--commits={args.commits}"]
            + [f"--rows={args.rows}"],
            env={**environment, "SQLITE_SYNCHRONOUS": mode},
            capture_output=True,
            text=True,
            check=True,
        )
        results[mode] = json.loads(child.stdout.strip().splitlines()[-1])
    normal, full = results["NORMAL"], results["FULL"]
    print(
        json.dumps(
            {
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "commits": args.commits,
                "rows": args.rows,
                "normal": normal,
                "full": full,
                "small_commit_slowdown": round(
                    float(normal["commits_per_second"]) / float(full["commits_per_second"]), 2
                ),
                "large_commit_slowdown": round(
                    float(full["large_commit_seconds"]) / float(normal["large_commit_seconds"]), 2
                ),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
