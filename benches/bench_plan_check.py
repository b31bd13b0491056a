"""`plan check` work and the best-start-time suggestion, timed in process.

Usage:  .venv/bin/python benches/bench_plan_check.py [--runs 300]

1. For every worked example in examples/ (except broken.yaml), times what `roundtable plan
   check` does after start-up: parse the file (with the format library), compute the voice
   budget and run every alignment rule. One warm-up, then ``--runs`` timed runs per example.
   Target: p95 under 50 ms.
2. Builds an audience of 100,000 members spread over 300 real IANA zones (a seeded long-tail
   distribution), and times turning the 100,000 zone entries into counts plus suggesting the
   three best start times for a day. Target: every run under 1 s.
Prints one JSON object; exits 1 when a target is missed.
"""

import argparse
import json
import platform
import random
import statistics
import sys
import time
import zoneinfo
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from roundtable.domain.planning.formats import format_library  # noqa: E402
from roundtable.domain.planning.plan import plan_parse  # noqa: E402
from roundtable.domain.planning.rules import plan_check  # noqa: E402
from roundtable.domain.planning.timezones import (  # noqa: E402
    audience_zones,
    best_start_times,
    series_rotation,
)

CHECK_TARGET_MS = 50.0
SUGGEST_TARGET_MS = 1000.0
AUDIENCE = 100_000


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _check_once(text: str, formats: frozenset[str]) -> float:
    started = time.perf_counter()
    plan_check(plan_parse(text, known_formats=formats))
    return (time.perf_counter() - started) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()

    formats = frozenset(format_library())
    checks = {}
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        if path.name == "broken.yaml":
            continue
        text = path.read_text(encoding="utf-8")
        _check_once(text, formats)
        timings = [_check_once(text, formats) for _ in range(args.runs)]
        checks[path.name] = {
            "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(_p95(timings), 2),
        }

    rng = random.Random(20261124)
    zones = sorted(zoneinfo.available_timezones() - {"Factory", "localtime"})
    chosen = rng.sample([z for z in zones if "/" in z], 300)
    weights = [1 / (rank + 1) for rank in range(len(chosen))]
    entries = rng.choices(chosen, weights=weights, k=AUDIENCE)
    suggest = []
    for _ in range(5):
        started = time.perf_counter()
        best = best_start_times(audience_zones(entries), date(2026, 4, 14), 60)
        suggest.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    rotation = series_rotation(
        audience_zones(entries), [date(2026, 4, 14 + 7 * week) for week in range(3)], 60
    )
    rotation_ms = (time.perf_counter() - started) * 1000

    worst_check = max(result["p95_ms"] for result in checks.values())
    result = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.node()} · {platform.machine()} · Python {platform.python_version()}",
        "plan_check": checks,
        "plan_check_target_ms": CHECK_TARGET_MS,
        "best_start_times": {
            "audience": AUDIENCE,
            "distinct_zones": len(set(entries)),
            "runs_ms": [round(t, 1) for t in suggest],
            "max_ms": round(max(suggest), 1),
            "best": [f"{b.start:%H:%M} UTC: {b.inside} of {b.total}" for b in best],
        },
        "series_rotation_3_editions_ms": round(rotation_ms, 1),
        "rotation": [f"{r.start:%Y-%m-%d %H:%M} UTC: {r.inside}" for r in rotation],
        "best_start_times_target_ms": SUGGEST_TARGET_MS,
    }
    ok = worst_check < CHECK_TARGET_MS and max(suggest) < SUGGEST_TARGET_MS
    result["pass"] = ok
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
