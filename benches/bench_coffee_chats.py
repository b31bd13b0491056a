"""A coffee-chat round in the product for 5,000 opted-in members with a 2-year history.

Usage:  .venv/bin/python benches/bench_coffee_chats.py [--members 5000] [--rounds 52]
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benches/...

benches/bench_groups.py times the pure pairing engine; this times what the manager's "Start a
round" does: read the opted-in members with their hours, open needs' tags and expertise (the
community of benches/large_community.py), read every past pair (``--rounds`` fortnightly rounds
of history stored as encounters), pair them with ``pair_people`` and store the preview. Target:
under 10 s. Prints one JSON object; exits 1 when it misses the target or pairs anyone who met.
"""

import argparse
import json
import os
import platform
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
TARGET_SECONDS = 10.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=52)
    args = parser.parse_args()

    from benches.bench_database import django_bench

    with django_bench("roundtable_bench_coffee_chats") as engine:
        from benches.large_community import large_community
        from roundtable.activities.models import Encounter
        from roundtable.breakouts import coffee_chats
        from roundtable.breakouts.models import CoffeeChatOptIn
        from roundtable.members.models import Member

        started = time.perf_counter()
        community = large_community("bench", args.members)
        ids = list(Member.objects.filter(community=community).values_list("pk", flat=True))
        rng = random.Random(7)
        CoffeeChatOptIn.objects.bulk_create(
            (
                CoffeeChatOptIn(
                    community=community,
                    member_id=pk,
                    hours_start=rng.choice([7, 8, 9, 10]),
                    hours_end=rng.choice([16, 17, 18]),
                )
                for pk in ids
            ),
            batch_size=2000,
        )
        now = datetime.now(UTC)
        history = []
        for number in range(args.rounds):
            order = ids[:]
            rng.shuffle(order)
            met_at = now - timedelta(days=14 * (number + 1))
            for a, b in zip(order[::2], order[1::2], strict=False):
                history.append(
                    Encounter(
                        community=community,
                        member_a_id=min(a, b),
                        member_b_id=max(a, b),
                        met_at=met_at,
                    )
                )
        Encounter.objects.bulk_create(history, batch_size=5000)
        build_seconds = time.perf_counter() - started

        tick = time.perf_counter()
        people = coffee_chats.pairing_people(community=community)
        read_people = time.perf_counter() - tick
        tick = time.perf_counter()
        past = coffee_chats.past_pairs(community=community)
        read_past = time.perf_counter() - tick
        from roundtable.domain.groups import pair_people

        tick = time.perf_counter()
        pair_people(people, past, seed=1)
        engine_only = time.perf_counter() - tick
        tick = time.perf_counter()
        round_ = coffee_chats.coffee_chat_round_preview(community=community, seed=1)
        total = time.perf_counter() - tick

        groups = [
            sorted(p.members.values_list("pk", flat=True))
            for p in round_.pairs.prefetch_related(None)
        ]
        placed = sorted(pk for group in groups for pk in group)
        met_again = sum(
            1
            for group in groups
            for i, a in enumerate(group)
            for b in group[i + 1 :]
            if (a, b) in past
        )
        ok = total < TARGET_SECONDS and met_again == 0 and placed == sorted(ids)
        report = {
            "benchmark": "coffee-chat round in the product",
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{platform.node()} · {platform.machine()} · {os.cpu_count()} CPUs · "
            f"Python {platform.python_version()}",
            "database": engine,
            "members_opted_in": len(people),
            "history_rounds": args.rounds,
            "distinct_past_pairs": len(past),
            "build_seconds": round(build_seconds, 1),
            "read_people_seconds": round(read_people, 2),
            "read_past_pairs_seconds": round(read_past, 2),
            "pair_people_alone_seconds": round(engine_only, 2),
            "start_a_round_seconds": round(total, 2),
            "pairs": len(groups),
            "trios": sum(1 for g in groups if len(g) == 3),
            "everyone_once": placed == sorted(ids),
            "pairs_that_met_before": met_again,
            "target_seconds": TARGET_SECONDS,
            "ok": ok,
        }
        print(json.dumps(report, indent=2))
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
