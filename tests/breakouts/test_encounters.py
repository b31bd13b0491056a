"""Encounters from breakout plans, and the connections a member's profile shows."""

from datetime import timedelta
from itertools import combinations

from django.urls import reverse
from django.utils import timezone

from roundtable.activities.models import Encounter
from roundtable.breakouts import selectors, services
from roundtable.breakouts.models import BreakoutPlan
from roundtable.breakouts.services import BreakoutRequest
from tests.breakouts.validator import stored_rounds
from tests.factories import ActivityFactory, RegistrationFactory


def _plan(activity, **fields) -> BreakoutPlan:
    return services.breakout_plan_create(
        activity=activity, request=BreakoutRequest(**{"seed": 3, **fields})
    )


def _member_pairs(plan: BreakoutPlan, only: set[int] | None = None) -> set[tuple[int, int]]:
    members = dict(plan.activity.registrations.values_list("pk", "member_id"))
    pairs = set()
    for round_ in stored_rounds(plan):
        for room in round_:
            ids = sorted(members[x] for x in room if only is None or x in only)
            pairs.update(combinations(ids, 2))
    return pairs


def test_every_pair_who_shared_a_room_is_stored_once(activity, people) -> None:
    plan = _plan(activity, group_size=3, rounds=3)
    created = services.encounters_record(activity=activity)
    stored = set(Encounter.objects.filter(activity=activity).values_list("member_a", "member_b"))
    assert stored == _member_pairs(plan)
    assert created == len(stored) == 36
    assert all(a < b for a, b in stored)
    assert Encounter.objects.filter(activity=activity, first=True).count() == 36
    assert services.encounters_record(activity=activity) == 0  # idempotent
    assert Encounter.objects.filter(activity=activity).count() == 36


def test_first_is_true_only_for_the_earliest_activity(activity, people, community) -> None:
    _plan(activity, group_size=12, rounds=1)  # everyone meets everyone
    later = ActivityFactory(community=community, starts_at=activity.starts_at + timedelta(days=7))
    for registration in people[:6]:
        RegistrationFactory(
            activity=later,
            member=registration.member,
            name=registration.name,
            email=registration.email,
        )
    newcomer = RegistrationFactory(activity=later, member=None, name="Guest")
    _plan(later, group_size=7, rounds=1)
    # Record the later activity first: it looks new until the earlier one is recorded.
    services.encounters_record(activity=later)
    assert Encounter.objects.filter(activity=later, first=False).count() == 0
    services.encounters_record(activity=activity)
    assert Encounter.objects.filter(activity=later).count() == 15  # the guest is no member
    assert Encounter.objects.filter(activity=later, first=True).count() == 0
    assert Encounter.objects.filter(activity=activity, first=True).count() == 66
    assert newcomer.member is None


def test_only_people_who_attended_count_when_attendance_is_known(activity, people) -> None:
    plan = _plan(activity, group_size=4, rounds=2)
    came = {r.pk for r in people[:7]}
    activity.registrations.filter(pk__in=came).update(attended_at=timezone.now())
    services.encounters_record(activity=activity)
    stored = set(Encounter.objects.filter(activity=activity).values_list("member_a", "member_b"))
    assert stored == _member_pairs(plan, came)


def test_a_swap_after_recording_is_followed(activity, people) -> None:
    plan = _plan(activity, group_size=3, rounds=1)
    services.encounters_record(activity=activity)
    rooms = stored_rounds(plan)[0]
    a = plan.assignments.get(registration_id=rooms[0][0])
    b = plan.assignments.get(registration_id=rooms[1][0])
    services.breakout_swap(plan=plan, first=a.pk, second=b.pk)
    services.encounters_record(activity=activity)
    stored = set(Encounter.objects.filter(activity=activity).values_list("member_a", "member_b"))
    assert stored == _member_pairs(plan)


def test_member_connections_and_the_profile(activity, people, manager_client) -> None:
    _plan(activity, group_size=3, rounds=2)
    services.encounters_record(activity=activity)
    member = people[0].member
    met, new = selectors.member_connections(member=member)
    assert met == 4 and new == 4
    Encounter.objects.filter(activity=activity).update(met_at=timezone.now() - timedelta(days=400))
    assert selectors.member_connections(member=member) == (4, 0)
    page = manager_client.get(reverse("member_detail", args=[activity.community.slug, member.pk]))
    assert 'Has met <span class="stat">4</span> people' in page.content.decode()
    assert "new connections in the last 12 months" in page.content.decode()


def test_a_person_met_in_two_activities_counts_once(activity, people, community) -> None:
    one, two, three = (r.member for r in people[:3])
    later = ActivityFactory(community=community, starts_at=activity.starts_at + timedelta(days=7))
    for where in (activity, later):
        for other in (two, three):
            a, b = sorted((one.pk, other.pk))
            Encounter.objects.create(
                community=community,
                activity=where,
                member_a_id=a,
                member_b_id=b,
                met_at=where.starts_at,
                first=where == activity,
            )
    assert selectors.member_connections(member=one) == (2, 2)
    assert selectors.member_connections(member=two) == (1, 1)


def test_marking_the_activity_done_records_its_encounters(activity, people) -> None:
    from roundtable.activities.models import Activity
    from roundtable.activities.services import activity_status_set

    _plan(activity, group_size=4, rounds=1)
    activity_status_set(activity=activity, status=Activity.Status.DONE)
    assert Encounter.objects.filter(activity=activity).count() == 3 * 6
