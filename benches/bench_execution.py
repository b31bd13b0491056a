"""Execution at scale: inviting a large audience, the reminder sweep, and check-in at the door.

Usage:  .venv/bin/python benches/bench_execution.py [--members 5000] [--items 10000]
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benches/...

In a fresh database (benches/bench_database.py) it builds a community of ``--members`` members
(benches/large_community.py) and one upcoming activity for the whole community, then times:

- **invitations**: the worker's run of one batch to every member with an e-mail address (each
  recorded, rendered with its calendar file and handed to the e-mail backend; the in-memory
  backend stands for the mail server). Target: under 60 s for 5,000 invitations.
- **reminder sweep**: ``roundtable remind`` over ``--items`` checklist items spread over 500
  activities, a tenth of them due. Target: finding the due items under 0.5 s, the whole sweep
  under 30 s.
- **check-in**: marking 200 registered members present (attendance record and level refresh),
  then undoing it. Target: p95 under 100 ms per tap.

Prints one JSON object; exits 1 when a target is missed.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5_000)
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()

    from benches.bench_database import django_bench

    os.environ["TASKS_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    with django_bench("roundtable_bench_execution") as engine:
        from django.conf import settings
        from django.core import mail
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        from benches.large_community import large_community
        from roundtable.activities.models import Activity, Registration
        from roundtable.execution.invitations import invitation_batch_run
        from roundtable.execution.models import ChecklistItem, InvitationBatch
        from roundtable.execution.registrations import checkin_set
        from roundtable.execution.services import reminders_due_ids

        community = large_community("bench", args.members)
        from roundtable.accounts.models import User
        from roundtable.communities.models import Role

        owner = User.objects.create_user(email="owner@example.org", password="x" * 12)
        Role.objects.create(community=community, user=owner, kind=Role.Kind.MANAGER)
        now = timezone.now()

        def activity(n: int, start: datetime) -> Activity:
            return Activity(
                community=community,
                title=f"Clinic {n}",
                purpose_expressed="Bring your problem and work on it with peers.",
                purpose_deeper="problem_solving",
                format="clinic",
                starts_at=start,
                duration_minutes=60,
                expected_headcount=40,
                timezone="Europe/Paris",
                link="https://meet.example.org/clinic",
                owner=owner,
                status=Activity.Status.PLANNED,
            )

        main_activity = activity(0, now + timedelta(days=10))
        main_activity.save()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        failed = False

        # invitations
        batch = InvitationBatch.objects.create(activity=main_activity, total=args.members)
        tick = time.perf_counter()
        invitation_batch_run(batch_id=batch.pk)
        invite_seconds = time.perf_counter() - tick
        batch.refresh_from_db()
        assert batch.sent == len(mail.outbox) and not batch.error, batch.error
        invitations = {
            "sent": batch.sent,
            "seconds": round(invite_seconds, 1),
            "ms_each": round(invite_seconds * 1000 / max(batch.sent, 1), 2),
            "target_seconds_for_5000": 60,
        }
        failed = failed or invite_seconds * 5000 / max(batch.sent, 1) >= 60

        # reminder sweep
        activities = Activity.objects.bulk_create(
            activity(n, now + timedelta(days=1 + n % 60, hours=n % 24)) for n in range(1, 501)
        )
        items = []
        for n in range(args.items):
            target = activities[n % len(activities)]
            due_in = -timedelta(minutes=5) if n % 10 == 0 else timedelta(days=30)
            items.append(
                ChecklistItem(
                    activity=target,
                    title=f"Item {n}",
                    phase="before",
                    due_offset=(now + due_in) - target.starts_at,
                    owner=owner,
                )
            )
        ChecklistItem.objects.bulk_create(items, batch_size=2000)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        tick = time.perf_counter()
        due = reminders_due_ids(now=timezone.now())
        find_seconds = time.perf_counter() - tick
        mail.outbox = []
        tick = time.perf_counter()
        call_command("remind", stdout=StringIO())
        sweep_seconds = time.perf_counter() - tick
        assert len(mail.outbox) == len(due) == args.items // 10, (len(mail.outbox), len(due))
        reminders = {
            "items": args.items,
            "due": len(due),
            "find_due_seconds": round(find_seconds, 3),
            "sweep_seconds": round(sweep_seconds, 1),
            "targets": {"find_due_seconds": 0.5, "sweep_seconds": 30},
        }
        failed = failed or find_seconds >= 0.5 or sweep_seconds >= 30

        # check-in
        members = list(community.members.exclude(email=None).order_by("pk")[:200])
        registrations = Registration.objects.bulk_create(
            Registration(
                activity=main_activity,
                member=m,
                name=m.full_name,
                email=m.email,
                response="attending",
            )
            for m in members
        )
        taps: list[float] = []
        for present in (True, False):
            for registration in registrations:
                tick = time.perf_counter()
                checkin_set(registration=registration, present=present)
                taps.append((time.perf_counter() - tick) * 1000)
        checkin = {
            "taps": len(taps),
            "p50_ms": round(statistics.median(taps), 1),
            "p95_ms": round(_p95(taps), 1),
            "target_p95_ms": 100,
        }
        failed = failed or _p95(taps) >= 100

        report = {
            "benchmark": "execution: invitations, reminders, check-in",
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{platform.node()} · {platform.machine()} · {os.cpu_count()} CPUs · "
            f"Python {platform.python_version()}",
            "database": engine,
            "members": args.members,
            "invitations": invitations,
            "reminders": reminders,
            "checkin": checkin,
            "passed": not failed,
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
