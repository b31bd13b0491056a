"""Segment count and first-10 preview over 100,000 members: p95 under 300 ms, warm.

Usage:  .venv/bin/python benches/bench_segments.py [--members 100000] [--runs 20]
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benches/...

It builds its own community (benches/large_community.py) in a fresh database: a temporary SQLite
file, or a database `roundtable_bench_segments` created and dropped on the PostgreSQL server of
DATABASE_URL. For each realistic rule it times what the editor's live preview does, through the
same selector: the count, and the first 10 members by name. One warm-up run, then ``--runs``
timed runs. Statistics are gathered (ANALYZE) after the build, as on a maintained database.
Prints one JSON object; exits 1 when any p95 is at or over the target.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
TARGET_MS = 300.0

RULES: dict[str, dict[str, Any]] = {
    "country list": {
        "match": "all",
        "conditions": [{"field": "country", "op": "in", "value": ["KE", "UG", "ET", "NG", "GH"]}],
    },
    "region + level": {
        "match": "all",
        "conditions": [
            {"field": "region", "op": "in", "value": ["Africa"]},
            {"field": "participation_level", "op": "in", "value": ["occasional", "peripheral"]},
        ],
    },
    "tag has_any": {
        "match": "all",
        "conditions": [
            {"field": "tag", "op": "has_any", "value": ["smart metering", "scada", "drought"]}
        ],
    },
    "timezone offset range": {
        "match": "all",
        "conditions": [{"field": "timezone_offset", "op": "between", "value": [-6, -3]}],
    },
    "open-need tag": {
        "match": "all",
        "conditions": [{"field": "open_need_tag", "op": "has_any", "value": ["pricing"]}],
    },
    "any-of combination": {
        "match": "any",
        "conditions": [
            {"field": "open_need_tag", "op": "has_any", "value": ["financing"]},
            {"field": "tag", "op": "has_all", "value": ["gis", "leak detection"]},
            {
                "match": "all",
                "conditions": [
                    {"field": "region", "op": "in", "value": ["Asia"]},
                    {"field": "joined", "op": "after", "value": "2026-01-01"},
                ],
            },
        ],
    },
    "empty rule (everyone)": {"match": "all", "conditions": []},
}


def _percentiles(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    from benches.bench_database import django_bench

    with django_bench("roundtable_bench_segments") as engine:
        from benches.large_community import large_community
        from roundtable.segments.selectors import rule_members

        started = time.perf_counter()
        community = large_community("bench", args.members)
        build_seconds = time.perf_counter() - started
        # Planner statistics, as a maintained database has them (autovacuum on PostgreSQL,
        # ANALYZE / PRAGMA optimize on SQLite). Without them SQLite walks the members by the
        # (community, full_name) index instead of scanning, and counts take 2 to 8 times longer.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        results: dict[str, dict[str, object]] = {}
        failed = False
        for name, rule in RULES.items():
            timings: dict[str, list[float]] = {"count": [], "first 10 preview": []}
            matched = 0
            for run in range(args.runs + 1):
                members = rule_members(community=community, rule=rule)
                tick = time.perf_counter()
                matched = members.count()
                count_ms = (time.perf_counter() - tick) * 1000
                tick = time.perf_counter()
                first = list(members[:10])
                preview_ms = (time.perf_counter() - tick) * 1000
                if run:  # the first run warms the caches
                    timings["count"].append(count_ms)
                    timings["first 10 preview"].append(preview_ms)
            assert len(first) == min(10, matched)
            entry: dict[str, object] = {"matched": matched}
            for what, values in timings.items():
                figures = _percentiles(values)
                entry[what] = figures
                failed = failed or figures["p95_ms"] >= TARGET_MS
            results[name] = entry

        report = {
            "benchmark": "segment count and preview",
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{platform.node()} · {platform.machine()} · {os.cpu_count()} CPUs · "
            f"Python {platform.python_version()}",
            "database": engine,
            "members": args.members,
            "runs": args.runs,
            "build_seconds": round(build_seconds, 1),
            "target_p95_ms": TARGET_MS,
            "rules": results,
            "passed": not failed,
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
