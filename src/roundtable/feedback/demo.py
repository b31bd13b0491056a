"""The demo's feedback: pluses, deltas and ratings on the past editions of each series, themes,
retrospectives and decisions carried into the next edition, so the series view and the review
pages have something to show.

Deterministic (a fixed seed) and tolerant: without past editions in a series it does nothing.
Ratings drift upwards over a series' editions and deltas about the same thing fade once a
decision addressed it, as a community that learns would see.
"""

import random
from datetime import datetime
from typing import Any

from roundtable.activities.models import Activity, Registration, SuccessIndicator
from roundtable.communities.models import Community
from roundtable.feedback.models import Decision, FeedbackRequest, Retrospective
from roundtable.feedback.services import (
    decision_add,
    decision_status_set,
    responses_create,
    themes_regroup,
)

SEED = 6
THEMED_EDITIONS = 4  # the latest past editions of each series get themes and a retrospective

PLUSES = (
    "The breakout rooms: I finally talked with people facing the same problem",
    "Small groups gave everyone a chance to speak",
    "Hearing a real case from a utility like mine",
    "Practical examples I can use on Monday",
    "The host kept time well and the agenda was clear",
    "Meeting peers from other regions",
    "The Q&A with upvotes: the questions I cared about got answered",
    "Honest discussion of what did not work",
    "The shared notes afterwards",
    "Good mix of presentation and discussion",
    "I made two new contacts I will follow up with",
    "The expert answered our specific questions",
)
DELTAS = (
    "Audio in the online room kept dropping",
    "The presentation was too long, less time for discussion",
    "Start on time; we lost ten minutes at the beginning",
    "Send the slides before the session",
    "More time in the breakout rooms",
    "A time slot that works for Asia as well",
    "Too many slides with dense text",
    "Introduce people in the breakout rooms before they start",
    "Share the recording the same day",
    "Fewer speakers, more questions from the floor",
)
NEXT_STEPS = (
    "Call the Lima team about their meter rollout",
    "Try the pressure-zone approach in one district",
    "Share the case with my director",
    "Write up our own case for the next fair",
    "Join the GIS clinic next month",
    "",
    "",
)
DECISIONS = (
    ("Test the audio with the online room the day before", "note"),
    ("Cut the presentation to 15 minutes and give the time to the breakout rooms", "note"),
    ("Send the slides two days before", "checklist"),
    ("Open the room 10 minutes early so the session starts on time", "checklist"),
    ("Run a second slot that suits Asia", "note"),
)
LEARNED = (
    "The breakout rooms are what people value most; the presentation competes with them for time. "
    "Online participants had a worse experience than those in the room.",
    "Starting late costs us the discussion at the end. People want material in advance so they "
    "can prepare their questions.",
    "Smaller groups gave quieter members a voice; the ratings went up when we cut the talking "
    "head time.",
)


def _past_editions(community: Community, now: datetime) -> dict[int, list[Activity]]:
    editions: dict[int, list[Activity]] = {}
    for activity in (
        Activity.objects.filter(community=community, series__isnull=False, starts_at__lt=now)
        .exclude(status__in=[Activity.Status.DRAFT])
        .order_by("starts_at")
    ):
        editions.setdefault(activity.series_id or 0, []).append(activity)
    return editions


def _responses(rng: random.Random, attendees: int, progress: float) -> list[dict[str, Any]]:
    """About half the attendees answer; ``progress`` (0..1 over the series) lifts the ratings."""
    count = max(3, round(attendees * rng.uniform(0.35, 0.6))) if attendees else rng.randint(4, 9)
    rows = []
    for _ in range(count):
        base = 3.2 + 1.2 * progress + rng.uniform(-0.9, 0.9)
        rating = max(1, min(5, round(base)))
        fading = DELTAS[: max(3, len(DELTAS) - round(progress * 5))]
        rows.append(
            {
                "plus": rng.choice(PLUSES) if rng.random() < 0.85 else "",
                "delta": rng.choice(fading) if rng.random() < 0.75 - 0.3 * progress else "",
                "rating": rating if rng.random() < 0.9 else None,
                "next_step": rng.choice(NEXT_STEPS),
            }
        )
    return rows


def seed(*, community: Community, now: datetime) -> None:
    rng = random.Random(SEED)
    for editions in _past_editions(community, now).values():
        themed = editions[-THEMED_EDITIONS:]
        for index, activity in enumerate(editions):
            progress = index / max(1, len(editions) - 1)
            attendees = list(
                Registration.objects.filter(activity=activity, attended_at__isnull=False)
            )
            rows = _responses(rng, len(attendees), progress)
            responses_create(activity=activity, rows=rows, on=activity.ends_at)
            if activity in themed:
                _seed_review(rng, activity, attendees, len(rows))
        # A "manual" indicator on the latest edition, entered by hand.
        latest = editions[-1]
        SuccessIndicator.objects.get_or_create(
            activity=latest,
            metric="manual",
            defaults={
                "target": "A partner utility hosts the next edition",
                "description": "A member utility offers to host",
                "manual_actual": "Nairobi Water offered to host",
                "position": 9,
            },
        )


def _seed_review(
    rng: random.Random, activity: Activity, attendees: list[Registration], answered: int
) -> None:
    FeedbackRequest.objects.bulk_create(
        FeedbackRequest(
            activity=activity,
            registration=registration,
            sent_at=activity.ends_at,
            answered=i < answered,
            reminded_at=activity.ends_at if i >= answered // 2 else None,
        )
        for i, registration in enumerate(attendees)
    )
    themes_regroup(activity=activity)
    Retrospective.objects.create(activity=activity, learned=rng.choice(LEARNED))
    for text, carry_as in rng.sample(DECISIONS, 2):
        decision = decision_add(activity=activity, text=text, carry_as=carry_as)
        if decision.carried_to is not None and decision.carried_to.is_past:
            decision_status_set(decision=decision, status=Decision.Status.DONE)
