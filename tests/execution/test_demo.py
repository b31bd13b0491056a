"""The demo's execution level: checklists and registrations for what is coming, no-shows for what
is past, and pages that show them."""

import time

import pytest
from django.utils import timezone

from roundtable.activities.models import Activity
from roundtable.communities.models import Community
from roundtable.demo.services import demo_seed
from roundtable.execution import demo
from roundtable.execution.models import ChecklistItem, Invitation
from roundtable.execution.services import reminders_due_ids

pytestmark = pytest.mark.django_db


def test_the_demo_has_checklists_and_registrations():
    demo_seed()
    community = Community.objects.get(slug="demo")
    now = timezone.now()
    upcoming = Activity.objects.filter(community=community, starts_at__gte=now).exclude(
        status__in=(Activity.Status.DONE, Activity.Status.EVALUATED)
    )
    assert upcoming.exists()
    for activity in upcoming.exclude(format=""):
        assert activity.checklist_items.exists(), activity.title
    planned = upcoming.exclude(status=Activity.Status.DRAFT)
    answers = set(
        planned.values_list("registrations__response", flat=True).exclude(
            registrations__response=None
        )
    )
    assert answers == {"attending", "maybe", "not_attending"}
    assert Invitation.objects.filter(activity__community=community).exists()
    # nothing overdue is left to e-mail the demo staff about when the worker starts
    assert reminders_due_ids(now=now, community_id=community.pk) == []
    assert ChecklistItem.objects.filter(activity__community=community, done_at__isnull=False)
    past = Activity.objects.filter(community=community, status=Activity.Status.DONE)
    assert past.filter(registrations__attended_at__isnull=True).exists()  # no-shows


def test_seeding_tolerates_a_community_without_activities(community):
    start = time.monotonic()
    demo.seed(community=community, now=timezone.now())
    assert time.monotonic() - start < 5
    assert not ChecklistItem.objects.exists()
