"""Demo breakouts: a plan for a past activity with its encounters recorded, coffee-chat opt-ins
and one past coffee-chat round, so profiles show people met and new connections."""

import random
from datetime import datetime, timedelta

from django.db.models import Count, Q

from roundtable.activities.models import Activity
from roundtable.breakouts import coffee_chats
from roundtable.breakouts.models import BreakoutPlan, CoffeeChatOptIn, CoffeeChatRound
from roundtable.breakouts.services import BreakoutRequest, breakout_plan_create, encounters_record
from roundtable.communities.models import Community
from roundtable.members.models import Member

BREAKOUT_FORMATS = ("peer-assist", "world-cafe", "clinic", "workshop")


def seed(*, community: Community, now: datetime) -> None:
    rng = random.Random(4)
    past = (
        Activity.objects.filter(
            community=community,
            starts_at__lt=now,
            status__in=[Activity.Status.DONE, Activity.Status.EVALUATED],
            format__in=BREAKOUT_FORMATS,
        )
        .annotate(
            came=Count(
                "registrations",
                filter=Q(
                    registrations__attended_at__isnull=False, registrations__member__isnull=False
                ),
            )
        )
        .filter(came__gte=12, came__lte=60)
        .order_by("-starts_at")
    )
    for activity in past[:2]:
        if BreakoutPlan.objects.filter(activity=activity).exists():
            continue
        breakout_plan_create(
            activity=activity,
            request=BreakoutRequest(
                source=BreakoutPlan.Source.ATTENDED,
                group_size=3,
                rounds=3,
                mix="organisation",
                seed=rng.randrange(1, 1000),
            ),
            seconds=0.5,
        )
        encounters_record(activity=activity)
    _coffee_chats(community, now, rng)


def _coffee_chats(community: Community, now: datetime, rng: random.Random) -> None:
    if CoffeeChatOptIn.objects.filter(community=community).exists():
        return
    members = list(Member.objects.filter(community=community).active().order_by("pk"))
    if len(members) < 4:
        return
    chosen = rng.sample(members, min(40, len(members)))
    CoffeeChatOptIn.objects.bulk_create(
        CoffeeChatOptIn(
            community=community,
            member=member,
            hours_start=rng.choice([8, 9, 9, 10]),
            hours_end=rng.choice([16, 17, 17, 18]),
        )
        for member in chosen
    )
    round_ = coffee_chats.coffee_chat_round_preview(community=community, seed=1)
    sent_at = now - timedelta(days=21)
    CoffeeChatRound.objects.filter(pk=round_.pk).update(
        status=CoffeeChatRound.Status.SENT, created_at=sent_at, sent_at=sent_at
    )
    round_.pairs.update(email_sent_at=sent_at)
