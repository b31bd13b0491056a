"""Best start times for an audience of 100,000 members, from the database: under 1 s.

Usage:  .venv/bin/python benches/bench_best_start.py [--members 100000] [--runs 20]
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benches/...

It builds a fresh database (a temporary SQLite file, or a database `roundtable_bench_best_start`
created and dropped on the PostgreSQL server of DATABASE_URL) with a community of 100,000
members from benches/large_community.py (30 countries, their real time zones), and plans one
activity for the whole community and one for a segment (the Americas). For each it times what
the plan page's time-zone card does, from the database:

- best start: the zone aggregation query (``audience_timezones``: members per zone) plus
  ``best_start_times`` for the activity's day (48 candidate starts);
- rotation: the same query plus the rotation card's work for the next four weekly editions
  (``series_rotation``, the share of each region inside working hours per edition, and the
  members never served with and without the rotation), through the ``series_rotation`` tag.

The first run of each is reported as cold (zone objects and query plans not cached yet), then
``--runs`` warm runs. Production settings (DEBUG off). Prints one JSON object; exits 1 when a
p95 reaches the target.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
TARGET_MS = 1000.0


def _figures(timings: list[float]) -> dict[str, float]:
    cold, warm = timings[0], sorted(timings[1:])
    p95 = warm[min(len(warm) - 1, round(0.95 * (len(warm) - 1)))]
    return {
        "cold_ms": round(cold, 1),
        "p50_ms": round(statistics.median(warm), 1),
        "p95_ms": round(p95, 1),
    }


def _timed(runs: int, work: Any) -> tuple[list[float], Any]:
    timings = []
    result = None
    for _ in range(runs + 1):
        tick = time.perf_counter()
        result = work()
        timings.append((time.perf_counter() - tick) * 1000)
    return timings, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    from benches.bench_database import django_bench

    with django_bench("roundtable_bench_best_start", production=True) as engine:
        from django.db import connection
        from django.template import Context
        from django.test import RequestFactory

        from benches.large_community import large_community
        from roundtable.activities.models import Activity
        from roundtable.activities.selectors import audience_timezones
        from roundtable.activities.templatetags.planning import series_rotation_tag
        from roundtable.domain.planning.timezones import best_start_times
        from roundtable.segments.models import Segment

        started = time.perf_counter()
        community = large_community("bench", args.members)
        build_seconds = time.perf_counter() - started
        with connection.cursor() as cursor:  # planner statistics, as a maintained database has
            cursor.execute("ANALYZE")
        americas = Segment.objects.get(community=community, name="Americas time zones")
        start = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)  # a Tuesday
        activities = {
            "whole community": None,
            "segment (Americas time zones)": americas,
        }
        request = RequestFactory().get("/")
        results: dict[str, Any] = {}
        failed = False
        for name, segment in activities.items():
            activity = Activity.objects.create(
                community=community,
                title=f"Knowledge café for {name}",
                purpose_expressed="Members share what works.",
                purpose_deeper="knowledge_exchange",
                segment=segment,
                starts_at=start + timedelta(days=len(results)),
                timezone="Europe/Madrid",
                duration_minutes=90,
                expected_headcount=100,
            )
            day = activity.starts_at.astimezone(UTC).date()

            def best(activity: Activity = activity, day: Any = day) -> Any:
                zones = dict(audience_timezones(activity))
                return zones, best_start_times(zones, day, activity.duration_minutes)

            def rotation(activity: Activity = activity) -> Any:
                context = Context({"community": community, "request": request})
                return series_rotation_tag(context, activity)

            best_timings, (zones, options) = _timed(args.runs, best)
            rotation_timings, card = _timed(args.runs, rotation)
            entry = {
                "members": sum(zones.values()),
                "zones": len(zones),
                "best starts (UTC)": [
                    f"{o.start:%H:%M} ({o.inside:,} of {o.total:,})" for o in options
                ],
                "rotation (UTC)": [
                    f"{e['option'].start:%a %H:%M} ({e['option'].inside:,})"
                    for e in card["editions"]
                ],
                "never served: rotation / fixed start": f"{card['never_rotation']:,} / "
                f"{card['never_fixed']:,}",
                "query + best_start_times": _figures(best_timings),
                "query + rotation card (4 editions)": _figures(rotation_timings),
            }
            for key in ("query + best_start_times", "query + rotation card (4 editions)"):
                failed = failed or entry[key]["p95_ms"] >= TARGET_MS
                failed = failed or entry[key]["cold_ms"] >= TARGET_MS
            results[name] = entry

        report = {
            "benchmark": "best start times and rotation from the database (issue 3)",
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{platform.node()} · {platform.machine()} · {os.cpu_count()} CPUs · "
            f"Python {platform.python_version()} · load {os.getloadavg()[0]:.1f}",
            "database": engine,
            "members": args.members,
            "build_seconds": round(build_seconds, 1),
            "runs": args.runs,
            "target_ms": TARGET_MS,
            "audiences": results,
            "passed": not failed,
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
