"""Feedback: theme grouping of 5,000 comments (under 5 s) and evaluating an activity with 2,000
attendees (under 500 ms).

Usage:  .venv/bin/python benches/bench_feedback.py [--comments 5000] [--attendees 2000] [--runs 10]
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benches/...

1. Grouping: ``--comments`` pluses/deltas written from a seeded vocabulary of real feedback
   phrases, grouped by :func:`roundtable.domain.themes.group_themes` (TF-IDF and k-means), cold
   (the first call, which also imports scikit-learn) and then ``--runs`` warm runs.
2. Evaluation: in a fresh database (a temporary SQLite file, or ``roundtable_bench_feedback`` on
   the PostgreSQL server of DATABASE_URL) an activity with ``--attendees`` attendees from a
   3,000-member community, a rule-based target segment, contribution records, 4,000 first
   encounters, 1,200 feedback responses and every kind of indicator; times what the review page
   and `roundtable evaluate` do (:func:`roundtable.feedback.selectors.activity_evaluation`).
Prints one JSON object; exits 1 when a target is missed.
"""

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

GROUP_TARGET_S = 5.0
EVALUATE_TARGET_MS = 500.0

OPENINGS = (
    "The breakout rooms",
    "Small groups",
    "The case from Lima",
    "The Q&A with upvotes",
    "Audio in the online room",
    "The presentation",
    "The time slot",
    "The shared notes",
    "The facilitator",
    "Slides",
    "Meeting peers from other regions",
    "The recording",
)
ENDINGS = (
    "were too short",
    "gave everyone a voice",
    "kept dropping",
    "was too long for the discussion",
    "did not suit Asia",
    "were practical and honest",
    "helped me find two new contacts",
    "should be sent before the session",
    "kept time well",
    "was the best part",
    "could use more examples from small utilities",
    "felt rushed at the end",
)


def _phrase(rng: random.Random) -> str:
    return f"{rng.choice(OPENINGS)} {rng.choice(ENDINGS)}"


def _comments(n: int) -> list[object]:
    from roundtable.domain.themes import Comment

    rng = random.Random(5000)
    return [
        Comment(
            str(i),
            f"{rng.choice(OPENINGS)} {rng.choice(ENDINGS)}"
            + (
                f"; {rng.choice(OPENINGS).lower()} {rng.choice(ENDINGS)}"
                if rng.random() < 0.4
                else ""
            ),
        )
        for i in range(n)
    ]


def bench_grouping(n: int, runs: int) -> dict[str, object]:
    from roundtable.domain.themes import group_themes

    comments = _comments(n)
    started = time.perf_counter()
    import sklearn.cluster  # noqa: F401
    import sklearn.decomposition  # noqa: F401
    import sklearn.feature_extraction.text  # noqa: F401

    import_seconds = time.perf_counter() - started
    started = time.perf_counter()
    first = group_themes(comments)  # type: ignore[arg-type]
    cold = time.perf_counter() - started
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        again = group_themes(comments)  # type: ignore[arg-type]
        timings.append(time.perf_counter() - started)
        assert again == first, "grouping is not repeatable"
    return {
        "comments": n,
        "themes": len(first),
        "import_scikit_learn_s": round(import_seconds, 2),
        "first_run_s": round(cold, 2),
        "warm_median_s": round(statistics.median(timings), 2),
        "warm_max_s": round(max(timings), 2),
        "target_s": GROUP_TARGET_S,
        "passed": max([cold, *timings]) < GROUP_TARGET_S,
    }


def _build_activity(attendees: int):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from roundtable.activities.models import Activity, Encounter, Registration, SuccessIndicator
    from roundtable.communities.models import Community
    from roundtable.feedback.services import responses_create
    from roundtable.members.models import Member, ParticipationRecord
    from roundtable.segments.models import Segment

    rng = random.Random(2000)
    community = Community.objects.create(slug="bench", name="Bench")
    countries = ["KE", "PE", "IN", "FR", "GH", "CL", "VN", "NG"]
    Member.objects.bulk_create(
        Member(
            community=community,
            full_name=f"Member {i}",
            email=f"m{i}@example.org",
            country=rng.choice(countries),
            joined_on=timezone.localdate() - timedelta(days=400),
        )
        for i in range(max(3000, attendees + 500))
    )
    members = list(Member.objects.filter(community=community).order_by("pk"))
    segment = Segment.objects.create(
        community=community,
        name="Africa",
        kind=Segment.Kind.RULE,
        rule={"match": "all", "conditions": [{"field": "region", "op": "in", "value": ["Africa"]}]},
    )
    start = timezone.now() - timedelta(days=3)
    activity = Activity.objects.create(
        community=community,
        title="Annual fair",
        purpose_expressed="Learn from each other",
        purpose_deeper="knowledge_exchange",
        starts_at=start,
        duration_minutes=240,
        expected_headcount=attendees,
        segment=segment,
        status=Activity.Status.DONE,
    )
    people = rng.sample(members, attendees + 300)
    Registration.objects.bulk_create(
        Registration(
            activity=activity,
            member=m,
            name=m.full_name,
            email=m.email,
            response="attending",
            attended_at=start if i < attendees else None,
        )
        for i, m in enumerate(people)
    )
    present = people[:attendees]
    ParticipationRecord.objects.bulk_create(
        ParticipationRecord(
            community=community,
            member=m,
            kind="contribution",
            activity=activity,
            activity_title=activity.title,
            occurred_at=start,
        )
        for m in present
        for _ in range(rng.choice([0, 0, 1, 1, 2, 5]))
    )
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < 4000:
        a, b = sorted(rng.sample(present, 2), key=lambda m: m.pk)
        pairs.add((a.pk, b.pk))
    Encounter.objects.bulk_create(
        Encounter(
            community=community,
            activity=activity,
            member_a_id=a,
            member_b_id=b,
            met_at=start,
            first=rng.random() < 0.7,
        )  # fmt: skip
        for a, b in pairs
    )
    responses_create(
        activity=activity,
        rows=[
            {
                "plus": f"{rng.choice(OPENINGS)} {rng.choice(ENDINGS)}",
                "delta": f"{rng.choice(OPENINGS)} {rng.choice(ENDINGS)}"
                if rng.random() < 0.6
                else "",
                "rating": rng.randint(2, 5),
                "next_step": "Call a peer" if rng.random() < 0.3 else "",
            }
            for _ in range(1200)
        ],
        on=start,
    )
    for position, (metric, target) in enumerate(
        [
            ("attendance", "1500"),
            ("segment_share", "0.4"),
            ("voice_reach", "0.6"),
            ("plus_delta_ratio", "1.5"),
            ("mean_rating", "4"),
            ("new_connections", "2000"),
            ("follow_up_actions", "300"),
            ("manual", "A sponsor renews"),
        ]
    ):
        SuccessIndicator.objects.create(
            activity=activity, position=position, metric=metric, target=target
        )
    return activity


def bench_evaluation(attendees: int, runs: int, engine: str) -> dict[str, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from roundtable.activities.models import Activity
    from roundtable.feedback.selectors import activity_evaluation

    started = time.perf_counter()
    built = _build_activity(attendees)
    build_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    timings = []
    queries = 0
    evaluation = None
    for run in range(runs + 1):
        activity = Activity.objects.select_related("segment", "series").get(pk=built.pk)
        with CaptureQueriesContext(connection) as captured:
            tick = time.perf_counter()
            evaluation = activity_evaluation(activity)
            elapsed = (time.perf_counter() - tick) * 1000
        queries = len(captured.captured_queries)
        if run:
            timings.append(elapsed)
    assert evaluation is not None and evaluation.facts.attended == attendees
    worst = max(timings)
    return {
        "database": engine,
        "attendees": attendees,
        "build_seconds": round(build_seconds, 1),
        "queries": queries,
        "median_ms": round(statistics.median(timings), 1),
        "max_ms": round(worst, 1),
        "target_ms": EVALUATE_TARGET_MS,
        "indicators_met": f"{evaluation.met_count} of {evaluation.judged_count}",
        "passed": worst < EVALUATE_TARGET_MS,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=5000)
    parser.add_argument("--attendees", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    grouping = bench_grouping(args.comments, args.runs)

    from benches.bench_database import django_bench

    with django_bench("roundtable_bench_feedback") as engine:
        evaluation = bench_evaluation(args.attendees, args.runs, engine)

    report = {
        "benchmark": "feedback themes and evaluation",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.node()} · {platform.machine()} · {os.cpu_count()} CPUs · "
        f"Python {platform.python_version()}",
        "grouping": grouping,
        "evaluation": evaluation,
        "passed": bool(grouping["passed"] and evaluation["passed"]),
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
