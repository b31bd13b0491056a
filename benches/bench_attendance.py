"""Importing a large webinar's attendance: a Zoom webinar attendee report of ``--rows`` rows
(``--people`` people, the others rejoins), previewed then imported.

Usage:  .venv/bin/python benches/bench_attendance.py [--rows 20000] [--people 5000]
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benches/...

In a fresh database (benches/bench_database.py) with a community whose members are half of the
report's people (the others are new), it times:

- **preview**: reading the report, merging rejoins, matching every person to the members;
- **import**: writing attendance, registrations, participation records and levels for all.

Peak memory is the process's maximum resident size. Targets: preview and import together under
10 s, under 300 MB. Prints one JSON object; exits 1 when a target is missed.
"""

import argparse
import json
import os
import platform
import random
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

HEADER = (
    "Attended,User Name (Original Name),First Name,Last Name,Email,Registration Time,"
    "Approval Status,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name"
)


def _zoom_time(value: datetime) -> str:
    return value.strftime('"%b %d, %Y %I:%M %p"')


def webinar_report(rows: int, people: int, start: datetime) -> bytes:
    """A Zoom webinar attendee report: summary, host, then ``rows`` attendee rows."""
    rng = random.Random(7)
    lines = [
        "Attendee Report",
        'Report Generated:,"Mar 10, 2026 08:36 PM"',
        "Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,"
        "# Cancelled,Unique Viewers,Total Users,Max Concurrent Views",
        f"Water utilities forum,123 4567 8901,{_zoom_time(start)},120,{people},0,{people},"
        f"{rows},{people}",
        "Host Details",
        "Attended,User Name (Original Name),Email,Join Time,Leave Time,"
        "Time in Session (minutes),Is Guest,Country/Region Name",
        f"Yes,Rita Host,host@forum.example,{_zoom_time(start)},"
        f"{_zoom_time(start + timedelta(minutes=120))},120,No,Kenya",
        "Attendee Details",
        HEADER,
    ]
    for n in range(rows):
        person = n % people
        joined = start + timedelta(minutes=rng.randrange(0, 100))
        minutes = rng.randrange(1, 20)
        lines.append(
            f"Yes,Person {person},Person,{person},person{person}@forum.example,"
            f"{_zoom_time(start - timedelta(days=3))},approved,{_zoom_time(joined)},"
            f"{_zoom_time(joined + timedelta(minutes=minutes))},{minutes},Yes,Kenya"
        )
    return ("\n".join(lines) + "\n").encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--people", type=int, default=5_000)
    args = parser.parse_args()

    from benches.bench_database import django_bench

    with django_bench("roundtable_bench_attendance", production=True) as engine:
        from tests.factories import ActivityFactory, CommunityFactory, MemberFactory

        from roundtable.activities.models import Activity
        from roundtable.execution.attendance import attendance_apply, attendance_preview
        from roundtable.execution.models import Attendance

        start = datetime(2026, 3, 10, 18, 58, tzinfo=UTC)
        community = CommunityFactory(slug="forum")
        MemberFactory.reset_sequence()
        for person in range(0, args.people, 2):
            MemberFactory(
                community=community,
                full_name=f"Member {person}",
                email=f"person{person}@forum.example",
            )
        activity = ActivityFactory(
            community=community, starts_at=start, status=Activity.Status.DONE
        )
        data = webinar_report(args.rows, args.people, start)

        started = time.perf_counter()
        file = attendance_preview(activity=activity, data=data, file_name="webinar.csv")
        preview_seconds = time.perf_counter() - started
        started = time.perf_counter()
        done = attendance_apply(file=file)
        import_seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        assert Attendance.objects.filter(activity=activity).count() == file.summary["people"]
        total = preview_seconds + import_seconds
        result = {
            "engine": engine,
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "rows": args.rows,
            "people": file.summary["people"],
            "file_mb": round(len(data) / 2**20, 1),
            "matched": file.summary["matched"],
            "new_members": done.new_members,
            "attended": done.attended,
            "dropped_in": done.dropped_in,
            "preview_seconds": round(preview_seconds, 2),
            "import_seconds": round(import_seconds, 2),
            "peak_mb": round(peak_mb),
            "target_met": total < 10 and peak_mb < 300,
        }
        print(json.dumps(result, indent=2))
        return 0 if result["target_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
