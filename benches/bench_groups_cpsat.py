"""Breakout groups (issue 19): the engine side by side with an exact model in OR-Tools CP-SAT.

Usage:  .venv/bin/pip install -e '.[bench]'
        .venv/bin/python benches/bench_groups_cpsat.py [--time-limit 30] [--load 2]
                                                        [--only G-P-W]

The same instances, on the same machine in one run, while ``--load`` CPU-bound processes
compete (see bench_groups_record.py). For each instance g-p-w (w the best known rounds):

- CP-SAT (one worker, like the engine): the exact model, x[r][i][j] = player i in group j of
  round r, every player in one group, every group of p, a pair together in at most one round
  (b[r][a][b] >= x[r][a][j] + x[r][b][j] - 1, sum over r of b <= 1); symmetry broken by fixing
  round 1 and placing players 0..p-1 (who met in round 1) in groups 1..p of every later round.
  It climbs w = 2, 3, ... with the time left: rounds reached is the most it solved in the limit.
- The engine: ``solve(rounds=w)`` with the same limit; when that is not complete,
  ``solve(max_rounds=True)`` with the same limit again; rounds reached is the most rounds it
  returned without a repeat.

Prints one JSON object; exits 1 when the engine reaches fewer rounds than CP-SAT anywhere.
"""

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from benches.bench_groups_record import start_load  # noqa: E402
from roundtable.domain.groups.solve import solve  # noqa: E402
from roundtable.domain.groups.validate import validate_schedule  # noqa: E402

INSTANCES = [
    (5, 3, 7),
    (4, 4, 5),
    (6, 3, 8),
    (6, 4, 7),
    (5, 5, 6),
    (8, 3, 11),
    (7, 4, 9),
    (8, 4, 10),
    (10, 4, 13),
    (6, 6, 3),
]


def cpsat_rounds(groups: int, size: int, rounds: int, seconds: float) -> list[list[list[int]]]:
    """A schedule of ``rounds`` rounds without repeats by CP-SAT within ``seconds``, else []."""
    from ortools.sat.python import cp_model  # noqa: PLC0415 - an optional bench dependency

    n = groups * size
    model = cp_model.CpModel()
    x = [
        [[model.new_bool_var(f"x{r}_{i}_{j}") for j in range(groups)] for i in range(n)]
        for r in range(rounds)
    ]
    for r in range(rounds):
        for i in range(n):
            model.add_exactly_one(x[r][i])
        for j in range(groups):
            model.add(sum(x[r][i][j] for i in range(n)) == size)
    for a, b in combinations(range(n), 2):
        together = []
        for r in range(rounds):
            met = model.new_bool_var(f"m{r}_{a}_{b}")
            for j in range(groups):
                model.add(met >= x[r][a][j] + x[r][b][j] - 1)
            together.append(met)
        model.add(sum(together) <= 1)
    for i in range(n):
        model.add(x[0][i][i // size] == 1)
    for r in range(1, rounds):
        for k in range(min(size, groups)):
            model.add(x[r][k][k] == 1)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.01)
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return []
    return [
        [[i for i in range(n) if solver.value(x[r][i][j])] for j in range(groups)]
        for r in range(rounds)
    ]


def run_cpsat(groups: int, size: int, best: int, limit: float) -> dict[str, Any]:
    started = time.perf_counter()
    reached, reached_at = 1, 0.0
    for rounds in range(2, best + 1):
        left = limit - (time.perf_counter() - started)
        if left <= 0:
            break
        schedule = cpsat_rounds(groups, size, rounds, left)
        if not schedule:
            break
        assert validate_schedule(schedule, groups * size, [size] * groups) == 0  # noqa: S101
        reached, reached_at = rounds, time.perf_counter() - started
    return {
        "rounds": reached,
        "seconds_to_reach": round(reached_at, 2),
        "seconds": round(time.perf_counter() - started, 2),
    }


def run_engine(groups: int, size: int, best: int, limit: float) -> dict[str, Any]:
    started = time.perf_counter()
    result = solve(groups=groups, size=size, rounds=best, time_limit=limit)
    if not result.complete:
        result = solve(groups=groups, size=size, max_rounds=True, time_limit=limit)
    repeats = validate_schedule(result.rounds, groups * size, [size] * groups)
    return {
        "rounds": len(result.rounds) if repeats == 0 else 0,
        "seconds": round(time.perf_counter() - started, 2),
        "stopped_early": result.stopped_early,
        "method": result.method,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--load", type=int, default=2)
    parser.add_argument("--only", default=None, help="G-P-W, e.g. 8-4-10")
    args = parser.parse_args()
    chosen = [i for i in INSTANCES if args.only in (None, "-".join(map(str, i)))]
    load = start_load(args.load)
    rows = []
    try:
        for groups, size, best in chosen:
            row = {
                "instance": f"{groups}-{size}-{best}",
                "engine": run_engine(groups, size, best, args.time_limit),
                "cpsat": run_cpsat(groups, size, best, args.time_limit),
            }
            row["engine_at_least_cpsat"] = row["engine"]["rounds"] >= row["cpsat"]["rounds"]
            print(json.dumps(row), file=sys.stderr, flush=True)
            rows.append(row)
    finally:
        for worker in load:
            worker.terminate()
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "load_average_at_end": os.getloadavg(),
        "extra_load_processes": args.load,
        "time_limit": args.time_limit,
        "rows": rows,
    }
    print(json.dumps(report, indent=1))
    return 0 if all(r["engine_at_least_cpsat"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
