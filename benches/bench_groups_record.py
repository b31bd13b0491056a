"""Breakout groups (issue 19): the engine against the published record, on a loaded machine.

Usage:  .venv/bin/python benches/bench_groups_record.py [--time-limit 60] [--load 2]
            [--max-people 150] [--size P] [--only G-P] [--status proved,record,construction]

``benches/data/sgp_record.csv`` is the record: every social golfer instance g-p with 2 <= p <= 6
and v = g * p <= 150, and the affine planes of order 7, 8, 9, 11, with the best known number of
rounds and where it comes from (a theorem or table of the Handbook of Combinatorial Designs,
2nd ed., a paper, or a named construction). It is written from the literature, not from what the
engine finds. ``status``: *proved* (no more rounds are possible), *record* (best known, cited),
*construction* (a lower bound from a named construction: the published record may be higher),
*unknown here* (no value recorded: the row is reported, not judged).

For each row with a value the engine is asked for that many rounds with the time limit, while
``--load`` CPU-bound processes (busy loops started by this script) compete for the machine. Each
row records reached (True when the rounds came with zero repeated pairs, checked by the
independent validator), repeated pairs, wall and CPU seconds, whether the time limit cut the
search (``stopped_early``) and the method. Prints one JSON object (a line per row on stderr as
it goes); exits 1 when a judged row is missed.
"""

import argparse
import csv
import json
import multiprocessing
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

from roundtable.domain.groups.solve import solve  # noqa: E402
from roundtable.domain.groups.validate import validate_schedule  # noqa: E402

RECORD = ROOT / "benches" / "data" / "sgp_record.csv"


def record_rows() -> list[dict[str, str]]:
    with RECORD.open(newline="") as handle:
        return list(csv.DictReader(handle))


def _busy() -> None:
    """A CPU-bound process standing for the other work on the machine."""
    x = 0
    while True:
        x = (x * 31 + 7) % 1_000_003


def start_load(processes: int) -> list[multiprocessing.Process]:
    workers = [multiprocessing.Process(target=_busy, daemon=True) for _ in range(processes)]
    for worker in workers:
        worker.start()
    return workers


def run_row(row: dict[str, str], time_limit: float, seed: int) -> dict[str, Any]:
    groups, size = int(row["groups"]), int(row["size"])
    best = int(row["best_known_rounds"])
    wall, cpu = time.perf_counter(), time.process_time()
    result = solve(groups=groups, size=size, rounds=best, time_limit=time_limit, seed=seed)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    repeats = validate_schedule(result.rounds, groups * size, [size] * groups)
    return {
        "instance": f"{groups}-{size}-{best}",
        "status": row["status"],
        "reached": repeats == 0 and len(result.rounds) == best,
        "repeat_pairs": repeats,
        "seconds": round(wall, 2),
        "cpu_seconds": round(cpu, 2),
        "stopped_early": result.stopped_early,
        "method": result.method,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--load", type=int, default=2, help="CPU-bound processes to start (2)")
    parser.add_argument("--max-people", type=int, default=150)
    parser.add_argument("--size", type=int, default=None)
    parser.add_argument("--only", default=None, help="G-P, e.g. 14-3")
    parser.add_argument("--status", default="proved,record,construction")
    args = parser.parse_args()
    statuses = set(args.status.split(","))
    rows = [
        r
        for r in record_rows()
        if int(r["people"]) <= args.max_people
        and (args.size is None or int(r["size"]) == args.size)
        and (args.only is None or f"{r['groups']}-{r['size']}" == args.only)
    ]
    load = start_load(args.load)
    results, unknown = [], []
    try:
        for row in rows:
            if not row["best_known_rounds"] or row["status"] not in statuses:
                unknown.append(f"{row['groups']}-{row['size']}")
                continue
            outcome = run_row(row, args.time_limit, args.seed)
            print(json.dumps(outcome), file=sys.stderr, flush=True)
            results.append(outcome)
    finally:
        for worker in load:
            worker.terminate()
    missed = [r["instance"] for r in results if not r["reached"]]
    slowest = max(results, key=lambda r: r["seconds"], default=None)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "python": platform.python_version(),
        "load_average_at_end": os.getloadavg(),
        "extra_load_processes": args.load,
        "time_limit": args.time_limit,
        "judged": len(results),
        "reached": len(results) - len(missed),
        "missed": missed,
        "slowest": slowest,
        "not_judged": unknown,
        "rows": results,
    }
    print(json.dumps(report, indent=1))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
