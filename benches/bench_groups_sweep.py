"""Breakout groups (issue 4): a sweep over instances whose best value design theory settles.

Usage:  .venv/bin/python benches/bench_groups_sweep.py [--time-limit 60] [--seed 0]
                                                       [--only PEOPLE-SIZE]

The social golfer list (bench_groups.py) is a sample; this sweep asks the engine for instances
of the same kind that are not on it and whose best number of rounds is certain (a design reaching
the counting bound exists):

- Kirkman triple systems KTS(n), n = 3g = 3 mod 6: g-3-(3g-1)/2 (Ray-Chaudhuri & Wilson 1971);
- nearly Kirkman triple systems, n = 0 mod 6, n >= 18: g-3-(3g-2)/2 (one round less than the
  counting bound, which is not reachable; Kotzig & Rosa, Baker & Wilson);
- resolvable 2-(n, 4, 1) designs, n = 4 mod 12: g-4-(n-1)/3 (Hanani, Ray-Chaudhuri & Wilson);
- affine planes of prime-power order q: q-q-(q+1); packings of PG(3, q): (q^2+1)-(q+1)-(q^2+q+1);
- round robins g-2-(2g-1);
- uneven sizes (people not a multiple of the size): the target is the rounds of a design with
  places left empty (a lower bound, not a proved maximum), asked with the exact number of rounds.

Every schedule is checked by the independent validator. Each row records rounds reached, repeated
pairs, wall seconds and CPU seconds of this process (the machine is shared: wall time is disturbed
by other work, CPU time much less). Prints one JSON object; exits 1 when a row misses its target.
"""

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

from roundtable.domain.groups.schedule import group_sizes  # noqa: E402
from roundtable.domain.groups.solve import solve  # noqa: E402
from roundtable.domain.groups.validate import validate_schedule  # noqa: E402

INSTANCE_SECONDS = 60.0


def sweep_instances() -> list[tuple[str, int, int, int]]:
    """(kind, people, size, rounds): the certain-value instances, smallest first per kind."""
    rows: list[tuple[str, int, int, int]] = []
    for n in (9, 21, 27, 33, 39, 45, 51, 57):
        rows.append(("Kirkman triple system", n, 3, (n - 1) // 2))
    for n in (18, 30, 36, 42, 48):
        rows.append(("nearly Kirkman triple system", n, 3, (n - 2) // 2))
    for n in (16, 28, 40, 52, 64):
        rows.append(("resolvable 2-(n,4,1) design", n, 4, (n - 1) // 3))
    for q in (7, 8, 9):
        rows.append(("affine plane", q * q, q, q + 1))
    for q in (4,):  # q = 2, 3 are KTS(15) and 2-(40,4,1), above
        rows.append(("packing of PG(3,q)", (q * q + 1) * (q + 1), q + 1, q * q + q + 1))
    for g in (8, 16, 25):
        rows.append(("round robin", 2 * g, 2, 2 * g - 1))
    # Uneven sizes: a design for the next multiple with places left empty loses one round.
    rows.append(("uneven: KTS(15) less one", 14, 3, 6))
    rows.append(("uneven: KTS(27) less one", 26, 3, 12))
    rows.append(("uneven: 2-(40,4,1) less one", 39, 4, 12))
    rows.append(("uneven: affine plane of order 7 less one", 47, 7, 7))
    return rows


def run(people: int, size: int, rounds: int, time_limit: float, seed: int) -> dict[str, Any]:
    cpu = time.process_time()
    result = solve(people=people, size=size, rounds=rounds, time_limit=time_limit, seed=seed)
    cpu = time.process_time() - cpu
    sizes = group_sizes(people, size)
    repeats = validate_schedule(result.rounds, people, sizes)
    label = (
        f"{len(sizes)}-{size}-{rounds}"
        if people % size == 0
        else f"{people} people by {size}, {rounds} rounds"
    )
    return {
        "instance": label,
        "target_rounds": rounds,
        "rounds": len(result.rounds),
        "repeat_pairs": repeats,
        "seconds": round(result.seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "method": result.method,
        "ok": repeats == 0 and len(result.rounds) == rounds and result.seconds < INSTANCE_SECONDS,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=INSTANCE_SECONDS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", help="run only PEOPLE-SIZE, e.g. 40-4")
    args = parser.parse_args()
    rows = []
    for kind, people, size, rounds in sweep_instances():
        if args.only and f"{people}-{size}" != args.only:
            continue
        row = {"kind": kind, **run(people, size, rounds, args.time_limit, args.seed)}
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()}",
        "python": platform.python_version(),
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "solved": sum(row["ok"] for row in rows),
        "instances": rows,
    }
    print(json.dumps(report, indent=2))
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
