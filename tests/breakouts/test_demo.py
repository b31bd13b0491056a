"""The demo shows breakouts, people met and new connections, and coffee chats."""

import time

import pytest
from django.utils import timezone

from roundtable.activities.models import Encounter
from roundtable.breakouts import demo as breakouts_demo
from roundtable.breakouts.models import BreakoutPlan, CoffeeChatOptIn, CoffeeChatRound
from roundtable.breakouts.selectors import member_connections
from roundtable.demo.services import demo_seed

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_recorded_plan_and_a_past_coffee_chat_round() -> None:
    community = demo_seed().community
    plan = BreakoutPlan.objects.filter(activity__community=community).first()
    assert plan is not None and plan.repeat_pairs == 0
    encounters = Encounter.objects.filter(community=community, activity=plan.activity)
    assert encounters.exists() and encounters.filter(first=True).exists()
    member = plan.assignments.filter(registration__member__isnull=False).first().registration.member
    assert member_connections(member=member)[0] >= 3
    assert CoffeeChatOptIn.objects.filter(community=community).count() == 40
    assert CoffeeChatRound.objects.get(community=community).status == CoffeeChatRound.Status.SENT
    started = time.monotonic()
    breakouts_demo.seed(community=community, now=timezone.now())  # a second run adds nothing
    assert time.monotonic() - started < 5
    assert CoffeeChatRound.objects.filter(community=community).count() == 1
