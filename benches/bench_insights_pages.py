"""Every Insights page of a very large community, as a staff member opens it.

Usage:  .venv/bin/python benches/bench_insights_pages.py [--members 100000] [--records 2000000]
            [--encounters 200000] [--interactions 500000] [--activities 2000] [--runs 20]
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benches/...

It builds its own community (benches/large_community.py: members, needs, segments) in a fresh
database with production settings, and adds over the two years before "now" (10 June 2026):
``--activities`` activities held (formats and purposes of the library, registrations and
attendance, ratings, pluses and deltas), ``--records`` participation records (a long tail: a few
regulars, many occasional members), ``--encounters`` pairs who shared a small group and
``--interactions`` replies and mentions. Then, for every page of the insights app (every URL
name of ``roundtable.insights.urls`` and the Insights page), with the default period:

- **first**: the first request, which computes the figures when the page is precomputed;
- **warm**: ``--runs`` requests after it (p50 and p95), what managers see all day.

Targets (issue: insights): every page p95 under 0.5 s warm, the network page under 2 s. Peak
memory is the process's maximum resident size, the build included. Prints one JSON object;
exits 1 when a target is missed.
"""

import argparse
import itertools
import json
import os
import platform
import random
import resource
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

BATCH = 5000
NOW = datetime(2026, 6, 10, 10, tzinfo=UTC)
TARGET_SECONDS = 0.5
NETWORK_TARGET_SECONDS = 2.0
TWO_YEARS_MINUTES = 2 * 365 * 24 * 60


def _batched(model: Any, rows: Any) -> int:
    batch, total = [], 0
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.bulk_create(batch)
            total += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)
        total += len(batch)
    return total


def build(args: argparse.Namespace) -> dict[str, Any]:
    from benches.large_community import large_community
    from roundtable.activities.models import Activity, Encounter, Registration
    from roundtable.domain.planning.formats import format_library
    from roundtable.feedback.models import FeedbackComment, FeedbackResponse, Theme
    from roundtable.members.models import Interaction, Member, ParticipationRecord

    rng = random.Random(7)
    community = large_community("insights", args.members)
    ids = list(Member.objects.filter(community=community).values_list("pk", flat=True))
    formats = [(f.id, f.suits[0] if f.suits else "") for f in format_library().values()]
    topics = [
        "leak detection", "tariff reform", "sludge management", "customer service",
        "asset management", "climate adaptation", "metering", "public consultation",
    ]  # fmt: skip
    activities = []
    for number in range(args.activities):
        format_id, purpose = rng.choice(formats)
        activities.append(
            Activity(
                community=community,
                title=f"{format_id.replace('-', ' ').title()} on {rng.choice(topics)} #{number}",
                purpose_expressed=f"Members share what works in {rng.choice(topics)}.",
                format=format_id,
                purpose_deeper=purpose or "knowledge_exchange",
                starts_at=NOW - timedelta(minutes=rng.randrange(TWO_YEARS_MINUTES)),
                duration_minutes=60,
                expected_headcount=40,
                status=Activity.Status.DONE,
            )
        )
    Activity.objects.bulk_create(activities, batch_size=1000)
    activities = list(Activity.objects.filter(community=community).order_by("pk"))

    def registrations() -> Any:
        for activity in activities:
            for member_id in rng.sample(ids, rng.randrange(5, 60)):
                yield Registration(
                    activity=activity,
                    member_id=member_id,
                    name=f"Member {member_id}",
                    email=f"m{member_id}@bench.example.org",
                    response=Registration.Response.ATTENDING,
                    attended_at=activity.starts_at if rng.random() < 0.8 else None,
                )

    _batched(Registration, registrations())
    responses = _batched(
        FeedbackResponse,
        (
            FeedbackResponse(
                activity=activity, rating=rng.randint(2, 5), submitted_on=activity.starts_at.date()
            )
            for activity in activities
            for _ in range(rng.randrange(0, 12))
        ),
    )
    _batched(
        FeedbackComment,
        (
            FeedbackComment(
                response=response,
                activity_id=response.activity_id,
                kind=Theme.Kind.PLUS if rng.random() < 0.6 else Theme.Kind.DELTA,
                text="More time for questions",
            )
            for response in FeedbackResponse.objects.filter(activity__community=community)
            .only("pk", "activity_id")
            .iterator(chunk_size=BATCH)
        ),
    )
    # A few regulars take part often, most people now and then (a long tail).
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(ids))]
    cumulative = list(itertools.accumulate(weights))  # choices() would sum them on every call
    _batched(
        ParticipationRecord,
        (
            ParticipationRecord(
                community=community,
                member_id=member_id,
                kind="attendance" if rng.random() < 0.7 else "contribution",
                activity_title="Peer assist",
                occurred_at=NOW - timedelta(minutes=rng.randrange(TWO_YEARS_MINUTES)),
            )
            for member_id in rng.choices(ids, cum_weights=cumulative, k=args.records)
        ),
    )
    seen: set[tuple[int, int, int]] = set()

    def encounters() -> Any:
        while len(seen) < args.encounters:
            activity = rng.choice(activities)
            a, b = sorted(rng.choices(ids, cum_weights=cumulative, k=2))
            if a == b or (activity.pk, a, b) in seen:
                continue
            seen.add((activity.pk, a, b))
            yield Encounter(
                community=community, activity=activity, member_a_id=a, member_b_id=b,
                met_at=activity.starts_at, first=rng.random() < 0.5,
            )  # fmt: skip

    _batched(Encounter, encounters())

    def interactions() -> Any:
        for number in range(args.interactions):
            source, target = rng.choices(ids, cum_weights=cumulative, k=2)
            if source == target:
                continue
            yield Interaction(
                community=community, source_id=source, target_id=target,
                kind=rng.choice(("reply", "mention")), tool="slack", channel="general",
                at=NOW - timedelta(minutes=rng.randrange(TWO_YEARS_MINUTES)),
                external_key=f"slack:{number}",
            )  # fmt: skip

    _batched(Interaction, interactions())
    return {"community": community, "responses": responses}


def insights_pages(slug: str) -> list[tuple[str, str]]:
    from django.urls import URLPattern, reverse

    from roundtable.insights import urls

    names = ["insights"] + [
        p.name
        for p in urls.urlpatterns
        if isinstance(p, URLPattern) and p.name and not p.pattern.converters
    ]
    pages = []
    for name in dict.fromkeys(names):
        pages.append((name, reverse(name, args=[slug])))
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=2_000_000)
    parser.add_argument("--encounters", type=int, default=200_000)
    parser.add_argument("--interactions", type=int, default=500_000)
    parser.add_argument("--activities", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    from benches.bench_database import django_bench

    with django_bench("roundtable_bench_insights_pages", production=True, static=True) as engine:
        import time_machine
        from django.test import Client

        from roundtable.accounts.models import User
        from roundtable.communities.models import Role

        started = time.perf_counter()
        with time_machine.travel(NOW - timedelta(days=1), tick=False):
            built = build(args)
        community = built["community"]
        build_seconds = time.perf_counter() - started
        user = User.objects.create_user(email="staff@bench.example.org", password="x" * 20)
        Role.objects.create(community=community, user=user, kind=Role.Kind.FACILITATOR)
        client = Client()
        client.force_login(user)

        pages = []
        with time_machine.travel(NOW, tick=True):
            for name, url in insights_pages(community.slug):
                tick = time.perf_counter()
                first = client.get(url)
                first_seconds = time.perf_counter() - tick
                timings = []
                for _ in range(args.runs):
                    tick = time.perf_counter()
                    answer = client.get(url)
                    timings.append(time.perf_counter() - tick)
                    assert answer.status_code == 200, (url, answer.status_code)
                target = NETWORK_TARGET_SECONDS if "network" in name else TARGET_SECONDS
                p95 = statistics.quantiles(timings, n=20, method="inclusive")[-1]
                pages.append(
                    {
                        "page": name,
                        "url": url,
                        "status": first.status_code,
                        "first_seconds": round(first_seconds, 2),
                        "warm_p50_seconds": round(statistics.median(timings), 3),
                        "warm_p95_seconds": round(p95, 3),
                        "target_p95_seconds": target,
                        "passed": first.status_code == 200 and p95 < target,
                    }
                )
        report = {
            "benchmark": "insights pages",
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{platform.node()} · {platform.machine()} · {os.cpu_count()} CPUs · "
            f"Python {platform.python_version()}",
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "database": engine,
            "members": args.members,
            "records": args.records,
            "encounters": args.encounters,
            "interactions": args.interactions,
            "activities": args.activities,
            "build_seconds": round(build_seconds, 1),
            "pages": pages,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "passed": all(p["passed"] for p in pages),
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
