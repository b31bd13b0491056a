"""Breakout groups and coffee-chat pairing (issue 4): rounds reached, repeats, seconds.

Usage:  .venv/bin/python benches/bench_groups.py [--time-limit 60] [--seed 0] [--quick]

1. For every instance of the social golfer list (../shared/groups/instances.csv beside the
   repository, else the copy in benches/data/instances.csv): the engine asked for the
   best-known number of rounds, side by side with two baselines run for the same rounds: a
   random shuffle each round, and the greedy way most breakout tools work (each person into the
   group where they have met fewest people so far). Figures: rounds, repeated pairs, seconds.
2. Mixed sizes: 23 people in rooms of 4 or 5, 50 people at tables of 5: as many rounds as
   possible with no repeat (--max-rounds), and the greedy baseline's rounds before its first
   repeat.
3. Pairing 5,000 opted-in people with a 2-year history (a round every two weeks: 52 rounds of
   earlier pairs) must take under 10 s.

Prints one JSON object; exits 1 when an instance misses its best-known rounds or 60 s, or
pairing takes 10 s or more.
"""

import argparse
import csv
import json
import platform
import random
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src")]

from roundtable.domain.groups.pairing import PairingPerson, pair_people  # noqa: E402
from roundtable.domain.groups.schedule import group_sizes, repeat_summary  # noqa: E402
from roundtable.domain.groups.search import (  # noqa: E402
    count_round,
    greedy_round,
    meeting_matrix,
    random_round,
)
from roundtable.domain.groups.solve import solve  # noqa: E402
from roundtable.domain.groups.validate import validate_schedule  # noqa: E402

INSTANCE_SECONDS = 60.0
PAIRING_SECONDS = 10.0


def instances_path() -> Path:
    shared = ROOT.parent / "shared" / "groups" / "instances.csv"
    return shared if shared.exists() else ROOT / "benches" / "data" / "instances.csv"


def baseline(kind: str, sizes: list[int], rounds: int, seed: int) -> dict[str, Any]:
    """Rounds by a baseline; its repeats, and how many rounds it went before the first one."""
    rng = random.Random(seed)
    people = sum(sizes)
    counts = meeting_matrix(people, {})
    schedule = []
    clean = 0
    started = time.perf_counter()
    for _ in range(rounds):
        new = (
            random_round(sizes, rng, people)
            if kind == "random"
            else greedy_round(sizes, counts, None, rng)
        )
        count_round(counts, new)
        schedule.append(new)
        if repeat_summary(schedule)[0] == 0:
            clean = len(schedule)
    repeats = validate_schedule(schedule, people, sizes)
    return {
        "repeat_pairs": repeats,
        "rounds_before_first_repeat": clean,
        "seconds": round(time.perf_counter() - started, 3),
    }


def run_instances(time_limit: float, seed: int) -> list[dict[str, Any]]:
    rows = []
    with instances_path().open(newline="") as handle:
        for row in csv.DictReader(handle):
            g, p, best = int(row["groups"]), int(row["size"]), int(row["best_known_rounds"])
            result = solve(groups=g, size=p, rounds=best, time_limit=time_limit, seed=seed)
            repeats = validate_schedule(result.rounds, g * p, [p] * g)
            rows.append(
                {
                    "instance": f"{g}-{p}-{best}",
                    "best_known": best,
                    "engine_rounds": len(result.rounds),
                    "engine_repeat_pairs": repeats,
                    "engine_seconds": round(result.seconds, 3),
                    "method": result.method,
                    "random": baseline("random", [p] * g, best, seed),
                    "greedy": baseline("greedy", [p] * g, best, seed),
                    "ok": repeats == 0
                    and len(result.rounds) == best
                    and result.seconds < INSTANCE_SECONDS,
                }
            )
            print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def run_mixed(time_limit: float, seed: int) -> list[dict[str, Any]]:
    rows = []
    for people, size in [(23, 5), (50, 5)]:
        result = solve(people=people, size=size, max_rounds=True, time_limit=time_limit, seed=seed)
        sizes = group_sizes(people, size)
        repeats = validate_schedule(result.rounds, people, sizes)
        rows.append(
            {
                "people": people,
                "group_sizes": sizes,
                "counting_bound": result.bound,
                "engine_rounds_without_repeat": len(result.rounds) if repeats == 0 else 0,
                "engine_seconds": round(result.seconds, 3),
                "method": result.method,
                "greedy_rounds_before_first_repeat": baseline("greedy", sizes, result.bound, seed)[
                    "rounds_before_first_repeat"
                ],
                "random_rounds_before_first_repeat": baseline("random", sizes, result.bound, seed)[
                    "rounds_before_first_repeat"
                ],
            }
        )
        print(json.dumps(rows[-1]), file=sys.stderr)
    return rows


def pairing_people(count: int, rng: random.Random) -> list[PairingPerson]:
    tags = [f"topic {i}" for i in range(60)]
    people = []
    for key in range(count):
        start = rng.choice([0, 1, 6, 7, 8, 9, 12, 13, 14, 15, 16, 22]) + rng.random()
        people.append(
            PairingPerson(
                key=key,
                hours_utc=(start, (start + 8) % 24),
                needs=frozenset(rng.sample(tags, rng.randint(0, 2))),
                expertise=frozenset(rng.sample(tags, rng.randint(0, 3))),
            )
        )
    return people


def run_pairing(count: int, rounds_of_history: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    people = pairing_people(count, rng)
    history: list[tuple[int, int]] = []
    for _ in range(rounds_of_history):
        order = list(range(count))
        rng.shuffle(order)
        history.extend(zip(order[::2], order[1::2], strict=False))
    started = time.perf_counter()
    pairs = pair_people(people, history, seed=seed)
    seconds = time.perf_counter() - started
    past = {(min(a, b), max(a, b)) for a, b in history}
    placed = sorted(k for pair in pairs for k in pair.keys)  # type: ignore[type-var]
    repeats = sum(
        1
        for pair in pairs
        for i, a in enumerate(pair.keys)
        for b in pair.keys[i + 1 :]
        if (min(a, b), max(a, b)) in past  # type: ignore[type-var]
    )
    return {
        "people": count,
        "history_pairs": len(past),
        "pairs": len(pairs),
        "trios": sum(1 for pair in pairs if len(pair.keys) == 3),
        "everyone_once": placed == list(range(count)),
        "pairs_that_met_before": repeats,
        "with_a_need_matched": sum(1 for p in pairs if any("needs" in r for r in p.reasons)),
        "seconds": round(seconds, 2),
        "ok": seconds < PAIRING_SECONDS and placed == list(range(count)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, default=INSTANCE_SECONDS)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--mixed-time-limit", type=float, default=30.0)
    parser.add_argument("--pairing-people", type=int, default=5000)
    args = parser.parse_args()
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.node()} {platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(),
        "instances": run_instances(args.time_limit, args.seed),
        "mixed": run_mixed(args.mixed_time_limit, args.seed),
        "pairing": run_pairing(args.pairing_people, 52, args.seed),
    }
    print(json.dumps(report, indent=2))
    failed = not all(row["ok"] for row in report["instances"]) or not report["pairing"]["ok"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
