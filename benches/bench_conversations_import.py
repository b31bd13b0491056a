"""Benchmark: import a Slack export of ``--messages`` messages into a community, as
``roundtable import conversations`` does (contributions and interactions written in batches).

Usage:  .venv/bin/python benches/bench_conversations_import.py [--days 400] [--per-day 50]
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benches/...

The export is the one ``benches/bench_conversations.py`` writes (50 channels x ``--days`` x
``--per-day`` messages by 400 people and 4 bots). In a fresh database whose community has the
400 people as members (matched by e-mail), it times the import, then imports the same export a
second time (nothing new: every message's key is known). Peak memory is the process's maximum
resident size. Target: a million messages imported in under 2 minutes, memory flat (compare
``--days 40``). Prints one JSON object; exits 1 when the target is missed.
"""

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from benches.bench_conversations import PEOPLE, TARGET_SECONDS, write_export  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=50)
    parser.add_argument("--days", type=int, default=400)
    parser.add_argument("--per-day", type=int, default=50)
    args = parser.parse_args()

    from benches.bench_database import django_bench

    with tempfile.TemporaryDirectory(prefix="slack-") as folder:
        export = Path(folder) / "slack.zip"
        messages = write_export(
            export, channels=args.channels, days=args.days, per_day=args.per_day
        )
        with django_bench("roundtable_bench_conversations", production=True) as engine:
            from roundtable.communities.models import Community
            from roundtable.imports.conversations import conversations_import
            from roundtable.members.models import Interaction, Member, ParticipationRecord

            community = Community.objects.create(slug="talks", name="Talks")
            Member.objects.bulk_create(
                Member(
                    community=community,
                    full_name=f"Person {index}",
                    email=f"person{index}@example.org",
                )
                for index in range(PEOPLE)
            )
            started = time.perf_counter()
            report = conversations_import(community=community, paths=[export])
            first_seconds = time.perf_counter() - started
            started = time.perf_counter()
            again = conversations_import(community=community, paths=[export])
            second_seconds = time.perf_counter() - started
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            stored = ParticipationRecord.objects.filter(community=community).count()
            assert stored == report.contributions_added and again.contributions_added == 0
            result = {
                "engine": engine,
                "machine": f"{platform.machine()}, {os.cpu_count()} cores",
                "messages": messages,
                "export_mb": round(export.stat().st_size / 2**20, 1),
                "contributions_added": report.contributions_added,
                "interactions_added": Interaction.objects.filter(community=community).count(),
                "import_seconds": round(first_seconds, 1),
                "reimport_seconds": round(second_seconds, 1),
                "peak_mb": round(peak_mb),
                "target_met": first_seconds < TARGET_SECONDS,
            }
    print(json.dumps(result, indent=2))
    return 0 if result["target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
